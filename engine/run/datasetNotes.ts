/** What loading the data sets did that the user should know (rows left out, values filled in), as warnings. */
import { nodeName } from '../format/graph.js';
import type { Problem } from '../format/problems.js';
import type { RunPlan } from './plan.js';

/** One warning per note of each loaded data set, on its dataset node and the params field behind it. */
export function datasetWarnings(plan: RunPlan): Problem[] {
  const warnings: Problem[] = [];
  for (const [nodeId, dataset] of plan.datasets) {
    const node = plan.doc.nodes.find((n) => n.id === nodeId);
    for (const note of dataset.notes ?? []) {
      warnings.push({
        severity: 'warning',
        nodeId,
        field: `params.${note.field}`,
        message: node ? `${nodeName(node)}: ${note.message}` : note.message,
      });
    }
  }
  return warnings;
}
