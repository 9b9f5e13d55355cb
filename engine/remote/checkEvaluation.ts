/**
 * The server's check of a remote client's score of the global model on its local hold-out, before it
 * reaches a strategy's federated evaluation: the round it answers, an example count no larger than the
 * hold-out it declared at join (the mean is weighted by it), a finite loss and an accuracy in [0, 1].
 * What fails becomes a failure value — `malformed` or `diverged` — naming what was wrong; nothing throws.
 */
import type { ClientFailure, EvaluateOutcome, FailureCode, WireEvaluateOutcome } from '../protocol/messages.js';

/** What the server expects of the answer to the evaluation it asked. */
export interface EvaluationExpectation {
  round: number;
  /** The hold-out rows the client declared at join: the most its answer may claim. */
  holdout: number;
}

function failed(code: FailureCode, message: string): ClientFailure {
  return { status: 'failed', code, message };
}

/** A remote client's evaluation as an EvaluateOutcome the federation may use, or the failure it amounts to. */
export function checkEvaluation(message: WireEvaluateOutcome, expect: EvaluationExpectation): EvaluateOutcome {
  if (message.round !== expect.round) return failed('malformed', `it answered the evaluation of round ${message.round} during round ${expect.round}`);
  const answer = message.outcome;
  if (answer.status === 'failed') return failed(answer.code, `it reported: ${answer.message}`);
  const { numExamples, loss, accuracy } = answer;
  if (numExamples < 1 || numExamples > expect.holdout) {
    return failed('malformed', `it claims ${numExamples} hold-out examples, but it joined with ${expect.holdout}`);
  }
  if (accuracy === null || !Number.isFinite(accuracy) || accuracy < 0 || accuracy > 1) {
    return failed('malformed', `its hold-out accuracy ${accuracy === null ? 'is not a number' : `${accuracy} is not between 0 and 1`}`);
  }
  if (loss === null || !Number.isFinite(loss) || loss < 0) return failed('diverged', 'its hold-out loss is not a finite number of at least 0');
  return { status: 'ok', numExamples, loss, accuracy };
}
