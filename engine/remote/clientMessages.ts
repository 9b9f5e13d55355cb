/**
 * The server's schema check of what a client sends: every frame is parsed against these zod schemas
 * before anything reads it, so a field of the wrong type, an unknown field, an over-long string or
 * list never reaches the federation. Numbers that JSON cannot carry (NaN) arrive as null; a loss of
 * null reads as not finite, which the update check turns into a `diverged` failure.
 */
import { z } from 'zod';
import { CLIENT_BACKENDS, FAILURE_CODES, PROTOCOL_VERSION, type WireClientMessage } from '../protocol/messages.js';

const COMPRESSORS = ['none', 'quantize', 'topk', 'randomk', 'sign'] as const;
// Control characters would let a client write into the server's terminal and logs; they are replaced.
const text = (max: number) =>
  z
    .string()
    .max(max)
    // eslint-disable-next-line no-control-regex
    .transform((t) => t.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?'));
const count = z.number().int().min(0).max(2 ** 31 - 1);
const loss = z.number().nullable();

const wireVector = z.strictObject({ f32: z.string() });
const wireEncoded = z.strictObject({ codec: z.enum(COMPRESSORS), length: count, data: z.string() });
const tensors = z.record(text(64), wireVector).refine((t) => Object.keys(t).length <= 8, 'at most 8 named tensors');

const metrics = z.strictObject({
  loss,
  steps: count,
  ms: z.number().min(0),
  lossBeforeFit: loss.optional(),
  partial: z.strictObject({ steps: count, of: count }).optional(),
  normBit: z.boolean().optional(),
});

const fitRes = z.strictObject({
  status: z.literal('ok'),
  numExamples: count,
  metrics,
  weights: wireVector.optional(),
  update: wireEncoded.optional(),
  tensors: tensors.optional(),
});

const failure = z.strictObject({ status: z.literal('failed'), code: z.enum(FAILURE_CODES), message: text(500) });

const hello = z.strictObject({
  type: z.literal('hello'),
  version: z.number(),
  name: text(100),
  clientToken: text(200).optional(),
  data: z.strictObject({
    featureNames: z.array(text(200)).max(100_000).nullable(),
    numFeatures: count,
    labelColumn: text(200),
    labels: z.array(text(200)).max(10_000),
    examples: count,
  }),
  holdout: count.optional(),
});

const fitOutcome = z.strictObject({
  type: z.literal('fit-res'),
  version: z.number(),
  round: count,
  outcome: z.union([fitRes, failure]),
});

const evaluateRes = z.strictObject({
  status: z.literal('ok'),
  numExamples: count,
  loss,
  accuracy: z.number().nullable(),
});

const evaluateOutcome = z.strictObject({
  type: z.literal('evaluate-res'),
  version: z.number(),
  round: count,
  outcome: z.union([evaluateRes, failure]),
});

// A closed list: a backend name is shown in the server's log and the workbench, so nothing else gets in.
const ready = z.strictObject({ type: z.literal('ready'), version: z.number(), backend: z.enum(CLIENT_BACKENDS) });

const clientMessage = z.discriminatedUnion('type', [hello, fitOutcome, evaluateOutcome, ready]);

/** A client's frame as a message, or the sentence saying why it is not one (which names the field). */
export function parseClientMessage(frame: string): WireClientMessage | string {
  let json: unknown;
  try {
    json = JSON.parse(frame);
  } catch {
    return 'it sent a frame that is not JSON';
  }
  const version = (json as { version?: unknown } | null)?.version;
  if (typeof version === 'number' && version !== PROTOCOL_VERSION) {
    return `it speaks protocol version ${version}, and this server speaks version ${PROTOCOL_VERSION}`;
  }
  const parsed = clientMessage.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const at = issue.path.length > 0 ? issue.path.join('.') : 'the message';
    return `it sent a message the protocol does not allow (${at}: ${issue.message})`;
  }
  if (parsed.data.version !== PROTOCOL_VERSION) return `it sent a message without protocol version ${PROTOCOL_VERSION}`;
  return parsed.data as WireClientMessage;
}
