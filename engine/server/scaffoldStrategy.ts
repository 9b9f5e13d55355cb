/**
 * SCAFFOLD (Karimireddy et al. 2020) as a Strategy: the server keeps a control variate c and sends it with
 * the global model; each client keeps its own c_i in its proxy, trains along g − c_i + c and returns its
 * update and Δc_i; the server moves x by η_g·mean(Δy) and c by (|S|/N)·mean(Δc). The proof that proxies
 * carry client state from round to round.
 */
import { toShared } from '../data/dataset.js';
import type { AggregatorParams } from '../format/params.js';
import { scaffoldServerStep } from '../strategy/scaffold.js';
import { holdoutEvaluation, roundPolicy, sampleAndConfigure } from './ruleStrategy.js';
import type { Strategy } from './strategy.js';

type ScaffoldParams = Extract<AggregatorParams, { strategy: 'SCAFFOLD' }>;

/** A fresh SCAFFOLD strategy with c = 0. */
export function scaffoldStrategy(params: ScaffoldParams): Strategy {
  let control: Float32Array | null = null;
  let totalClients = 0;
  return {
    name: 'SCAFFOLD',
    configureFit(round, global, clients) {
      control ??= new Float32Array(global.length);
      totalClients = clients.groups.reduce((s, g) => s + g.proxies.length, 0);
      const serverControl = toShared(control);
      return sampleAndConfigure(round, global, clients, roundPolicy(params), (config) => ({ config: { ...config, algorithm: 'scaffold' }, tensors: { serverControl } }));
    },
    aggregateFit(_round, global, results) {
      if (results.length === 0) return { weights: global.slice() };
      const step = scaffoldServerStep(
        global,
        control ?? new Float32Array(global.length),
        results.map(({ client, res }) => {
          const controlDelta = res.tensors?.controlDelta;
          if (!controlDelta || controlDelta.length !== global.length) {
            throw new Error(`SCAFFOLD: client ${client.cid} sent no control variate update of the model's length (${global.length})`);
          }
          return { clientId: client.cid, weights: res.weights, numExamples: res.numExamples, controlDelta };
        }),
        params.serverLearningRate,
        totalClients,
      );
      control = step.c;
      return { weights: step.weights };
    },
    ...holdoutEvaluation,
  };
}
