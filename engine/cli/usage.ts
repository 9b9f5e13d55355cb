/** The CLI's help text. */
export const USAGE = `FedFlow Studio — design, run and teach federated learning.

Usage:
  fedflow run <file> [--rounds N] [--seed S] [--workers W] [--backend auto|wasm|cpu|node|node-gpu] [--out DIR] [--json]
  fedflow validate <file> [--json]
  fedflow help

run       Runs a *.fedflow.json pipeline: a progress bar on stderr, a table of rounds on stdout, and the
          final models (TensorFlow.js format) and metrics (JSON, CSV) in DIR (default runs/<name>-<time>).
          --json prints one JSON object per event instead, the final summary last.
validate  Prints every problem of a pipeline (node, field and reason); loads its data to check sizes.

Exit codes: 0 success, 2 invalid document or argument, 1 failure while running, 130 interrupted.`;
