/** What checking a pipeline finds (engine/run/checkPipeline.ts), as a type the renderer may import: no Node in it. */
import type { Problem } from '../format/problems.js';
import type { RunEstimate } from '../model/runEstimate.js';
import type { PartitionInfo } from './events.js';

/** What checking a pipeline found: every problem, the splits made, and where planning succeeded, the cost. */
export interface PipelineCheck {
  /** The validator's problems, then planning's (warnings, or the error that stopped it) and the data sets' notes. */
  problems: Problem[];
  /** Each split's partition (label counts per client, hold-out sizes) as a run's `run-started` event carries it: every split made, even where a later step failed. */
  partitions?: PartitionInfo[];
  /** What a run would cost in memory and work, from the loaded data's shapes. */
  estimate?: RunEstimate;
}
