/** What a client trains in a round: the FitIns's config, with the client's own nature. Browser-safe (the join page uses it). */
import type { ClientParams } from '../format/params.js';
import type { FitConfig } from '../protocol/messages.js';
import type { LocalTraining } from './messages.js';

/** The local training of a round: the server's config, and the client's behaviour, attack scale and noise. */
export function localTrainingOf(config: FitConfig, params: Pick<ClientParams, 'attackScale' | 'noiseStd'>, behaviour: ClientParams['behaviour']): LocalTraining {
  return {
    localEpochs: config.localEpochs,
    batchSize: config.batchSize,
    optimizer: config.optimizer,
    learningRate: config.learningRate,
    momentum: config.momentum,
    proximalMu: config.proximalMu,
    behaviour,
    attackScale: params.attackScale,
    noiseStd: params.noiseStd,
  };
}
