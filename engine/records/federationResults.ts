/**
 * Each federation's figures folded from a run's events: the recorder folds them as the run goes, and the
 * reader folds a killed run's event log the same way, so both agree on the rounds a run completed.
 */
import type { RunEvent } from '../run/events.js';
import type { FederationResult } from './runRecordTypes.js';

/** The federations after one more event (a new array where anything changed). */
export function foldFederation(results: readonly FederationResult[], event: RunEvent): FederationResult[] {
  switch (event.type) {
    case 'run-started':
      return event.federations.map((f) => ({
        aggregatorId: f.aggregatorId,
        label: f.label,
        strategy: f.strategy,
        rounds: f.rounds,
        roundsDone: 0,
        accuracy: null,
        loss: null,
      }));
    case 'evaluated':
      return results.map((r) => {
        if (r.aggregatorId !== event.aggregatorId) return r;
        const { record } = event;
        return {
          ...r,
          roundsDone: Math.max(r.roundsDone, event.round),
          ...(record.test ? { accuracy: record.test.accuracy, loss: record.test.loss } : {}),
          ...(record.epsilon !== undefined ? { epsilon: record.epsilon } : {}),
        };
      });
    case 'diverged':
      return results.map((r) => (r.aggregatorId === event.aggregatorId ? { ...r, divergedAt: event.round } : r));
    case 'privacy-budget':
      return results.map((r) => (r.aggregatorId === event.aggregatorId ? { ...r, budgetStoppedAt: event.round } : r));
    case 'finished':
      return event.summary.federations.map((f) => {
        const before = results.find((r) => r.aggregatorId === f.aggregatorId);
        const epsilon = [...f.history].reverse().find((h) => h.epsilon !== undefined)?.epsilon;
        return {
          aggregatorId: f.aggregatorId,
          label: f.label,
          strategy: f.strategy,
          rounds: f.rounds,
          roundsDone: f.history.reduce((m, h) => Math.max(m, h.round), before?.roundsDone ?? 0),
          accuracy: f.final.accuracy,
          loss: f.final.loss,
          ...(epsilon !== undefined ? { epsilon } : {}),
          ...(f.divergedAt !== undefined ? { divergedAt: f.divergedAt } : {}),
          ...(f.budgetStoppedAt !== undefined ? { budgetStoppedAt: f.budgetStoppedAt } : {}),
        };
      });
    default:
      return results as FederationResult[];
  }
}

/** The federations folded from a whole stream of events. */
export function federationResults(events: Iterable<RunEvent>, start: readonly FederationResult[] = []): FederationResult[] {
  let results = [...start];
  for (const e of events) results = foldFederation(results, e);
  return results;
}
