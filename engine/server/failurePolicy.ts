/** Flower's `accept_failures` as a wrapper: with it off, a round with any failed client is not aggregated and the run stops, naming them. */
import type { Strategy } from './strategy.js';

/** Wraps a strategy so that failures either pass through to it (accept) or stop the round with a message naming each client and reason. */
export function withFailurePolicy(inner: Strategy, acceptFailures: boolean): Strategy {
  if (acceptFailures) return inner;
  return {
    name: inner.name,
    configureFit: (...args) => inner.configureFit(...args),
    configureEvaluate: (...args) => inner.configureEvaluate(...args),
    aggregateEvaluate: (...args) => inner.aggregateEvaluate(...args),
    aggregateFit(round, global, results, failures) {
      if (failures.length === 0) return inner.aggregateFit(round, global, results, failures);
      const named = [...failures]
        .sort((a, b) => a.client.cid - b.client.cid)
        .map(({ client, failure }) => `client ${client.cid} (${client.groupNodeId}) ${failure.code}: ${failure.message}`);
      return {
        field: 'params.acceptFailures',
        message: `Round ${round} stopped: ${failures.length} client${failures.length === 1 ? '' : 's'} failed and acceptFailures is off — ${named.join('; ')}.`,
      };
    },
  };
}
