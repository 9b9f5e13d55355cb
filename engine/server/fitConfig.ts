/** The training configuration a client group's params give each of its clients in a round. */
import type { ClientParams } from '../format/params.js';
import type { FitConfig } from '../protocol/messages.js';
import { deriveSeed } from '../random/rng.js';
import type { ClientGroup } from './clientProxy.js';

/** The FitConfig for one client of a group: the group's local-training settings and the client's own seed. */
export function fitConfigFor(group: ClientGroup, position: number, round: number, runSeed: number): FitConfig {
  const p: ClientParams = group.params;
  return {
    localEpochs: p.localEpochs,
    batchSize: p.batchSize,
    optimizer: p.optimizer,
    learningRate: p.learningRate,
    momentum: p.momentum,
    proximalMu: p.proximalMu,
    // Seeded by split and client, not aggregator, so compared variants shuffle their clients alike.
    seed: deriveSeed(runSeed, 'client', group.splitId, group.splitClients[position], round),
  };
}
