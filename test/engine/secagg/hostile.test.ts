/**
 * Hostile or out-of-turn messages: a tampered envelope, a server that lists a client as both alive and
 * dropped, a message at the wrong stage, a masked vector of the wrong length or from a client that never
 * shared keys — each is refused with a SecAggError and a sentence, never a wrong sum or a leaked secret.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  completeGraph,
  fixedPointScale,
  SecAggClient,
  SecAggError,
  SecAggServer,
  type RoutedSharesMessage,
  type ShareKeysMessage,
} from '../../../engine/secagg/index.js';

const LENGTH = 16;

/** Three clients on the complete graph, run up to the point where their envelopes have been routed. */
async function afterSharing(): Promise<{ server: SecAggServer; clients: SecAggClient[]; routed: Map<number, RoutedSharesMessage>; shared: ShareKeysMessage[] }> {
  const server = new SecAggServer({ graph: completeGraph(3), threshold: 2, vectorLength: LENGTH, range: 1, scale: fixedPointScale(3, 1) });
  const clients = [new SecAggClient(), new SecAggClient(), new SecAggClient()];
  const advertised = await Promise.all(server.setup().map((s) => clients[s.clientId].advertiseKeys(s)));
  const shared = await Promise.all([...server.receiveKeys(advertised)].map(([id, keys]) => clients[id].shareKeys(keys)));
  return { server, clients, routed: server.receiveShares(shared), shared };
}

function refusal(field: string, pattern: RegExp) {
  return (error: unknown) => error instanceof SecAggError && error.field === field && pattern.test(error.message);
}

describe('secure aggregation refuses hostile messages', () => {
  it('a client refuses an envelope whose bytes were tampered with', async () => {
    const { clients, routed } = await afterSharing();
    const message = routed.get(0)!;
    const sealed = message.envelopes[0].sealed.slice();
    sealed[20] ^= 1;
    const tampered: RoutedSharesMessage = { kind: 'routedShares', envelopes: [{ peer: message.envelopes[0].peer, sealed }] };
    await assert.rejects(clients[0].maskedInput(tampered, new Float32Array(LENGTH)), refusal('message', /tampered/));
  });

  it('a client refuses to unmask when a neighbour is listed as both surviving and dropped', async () => {
    const { clients, routed } = await afterSharing();
    await clients[0].maskedInput(routed.get(0)!, new Float32Array(LENGTH));
    assert.throws(() => clients[0].unmask({ kind: 'unmaskRequest', survivors: [0, 1, 2], dropped: [1] }), refusal('message', /both surviving and dropped/));
  });

  it('a client refuses a message out of turn, and an update of the wrong length', async () => {
    const { clients, routed } = await afterSharing();
    assert.throws(() => clients[1].unmask({ kind: 'unmaskRequest', survivors: [0, 1, 2], dropped: [] }), refusal('message', /stage 'shared'/));
    await assert.rejects(clients[1].maskedInput(routed.get(1)!, new Float32Array(LENGTH + 1)), refusal('vector', /17 coordinates/));
  });

  it('the server refuses a masked vector of the wrong length, a second one, or one from a client that shared no keys', async () => {
    const { server, clients, routed } = await afterSharing();
    assert.throws(() => server.addMaskedInput({ kind: 'maskedInput', from: 0, vector: new Uint32Array(3) }), refusal('vector', /wrong length/));
    const masked = await clients[0].maskedInput(routed.get(0)!, new Float32Array(LENGTH));
    server.addMaskedInput(masked);
    assert.throws(() => server.addMaskedInput(masked), refusal('message', /a second one/));
    assert.throws(() => server.addMaskedInput({ kind: 'maskedInput', from: 7, vector: new Uint32Array(LENGTH) }), refusal('message', /not a client/));
  });

  it('the server refuses a share it did not ask for (a self-mask share of a dropped client)', async () => {
    const { server, clients, routed } = await afterSharing();
    for (const id of [0, 1]) server.addMaskedInput(await clients[id].maskedInput(routed.get(id)!, new Float32Array(LENGTH)));
    const requests = server.requestUnmask();
    assert.deepEqual(requests.get(0)!.dropped, [2]);
    const honest = clients[0].unmask(requests.get(0)!);
    const greedy = { ...honest, selfMaskShares: [...honest.selfMaskShares, { owner: 2, share: honest.maskKeyShares[0].share }] };
    await assert.rejects(server.receiveUnmask([greedy, clients[1].unmask(requests.get(1)!)]), refusal('message', /not asked for/));
  });
});
