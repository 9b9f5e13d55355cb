/**
 * Validation time of large documents: a 1, 5 and 10 MB document of many federations, read from text as
 * the CLI and the studio read a file (JSON.parse, zod, every check). Validation must be near-linear in the
 * document's size; `--quick` measures each size once, else the median of three. The 10 MB figure is also
 * taken for the two other shapes of bench/largeDocument.ts, which once were quadratic.
 */
import { parsePipelineText } from '../engine/format/validate.js';
import type { BenchContext } from './context.js';
import { largeDocumentText, type LargeDocumentShape } from './largeDocument.js';
import { fmt, goal, type Section } from './report.js';

/** A 10 MB document validates in a few seconds. */
export const TEN_MB_GOAL_SECONDS = 5;

const MB = 1e6;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function timeValidation(text: string, repeats: number): { seconds: number; problems: number } {
  const times: number[] = [];
  let problems = 0;
  for (let i = 0; i < repeats; i++) {
    const started = performance.now();
    problems = parsePipelineText(text).problems.length;
    times.push((performance.now() - started) / 1000);
  }
  return { seconds: median(times), problems };
}

export async function validationBench(ctx: BenchContext): Promise<Section> {
  const repeats = ctx.args.quick ? 1 : 3;
  const cases: { mb: number; shape: LargeDocumentShape }[] = [
    { mb: 1, shape: 'federations' },
    { mb: 5, shape: 'federations' },
    { mb: 10, shape: 'federations' },
    { mb: 10, shape: 'aggregators' },
    { mb: 10, shape: 'groups' },
  ];
  const rows: Section['rows'] = [];
  const data = [];
  for (const c of cases) {
    const text = largeDocumentText(c.mb * MB, c.shape);
    ctx.log(`validation: ${fmt(text.length / MB, 1)} MB document (${c.shape})`);
    const { seconds, problems } = timeValidation(text, repeats);
    // A document with problems would measure the wrong path (validation stops early on some errors).
    if (problems > 0) throw new Error(`the ${c.mb} MB ${c.shape} document has ${problems} problems; it should be valid`);
    const g = c.mb === 10 && c.shape === 'federations' ? goal('validate a 10 MB document (s)', seconds, '<=', TEN_MB_GOAL_SECONDS) : undefined;
    data.push({ shape: c.shape, bytes: text.length, seconds, mbPerSecond: text.length / MB / seconds, repeats });
    rows.push({ label: `${c.mb} MB document (${c.shape})`, value: `${fmt(seconds, 2)} s (${fmt(text.length / MB / seconds, 1)} MB/s)`, ...(g ? { goal: g } : {}) });
  }
  return { name: 'validation', title: 'Validation of large documents (parse + validate, one thread)', rows, data };
}
