/** The CLI's help text. */
export const USAGE = `FedFlow Studio — design, run and teach federated learning.

Usage:
  fedflow run <file> [--rounds N] [--seed S] [--workers W] [--backend auto|wasm|cpu|webgpu|node|node-gpu] [--out DIR] [--json]
  fedflow validate <file> [--json]
  fedflow studio [--port P] [--dir WORKSPACE]
  fedflow start [--port P] [--dir WORKSPACE]
  fedflow export <file> [-o script.ts]
  fedflow help

run       Runs a *.fedflow.json pipeline: a progress bar on stderr, a table of rounds on stdout, and the
          final models (TensorFlow.js format) and metrics (JSON, CSV) in DIR (default runs/<name>-<time>).
          --json prints one JSON object per event instead, the final summary last.
validate  Prints every problem of a pipeline (node, field and reason); loads its data to check sizes.
studio    Serves the workbench to your browser on 127.0.0.1 (a random port unless --port) and prints its
          address with a one-time token; opens and saves *.fedflow.json files under WORKSPACE (default:
          the current folder). Runs until Ctrl+C.
start     Opens the desktop app (Electron) where its binary is installed, else does what studio does.
export    Writes the pipeline as a standalone TypeScript script (to stdout, or to -o FILE) that rebuilds it
          in code and runs it: npx tsx script.ts [--rounds N] [--seed S] [--workers W] [--backend B] [--out DIR].

Exit codes: 0 success, 2 invalid document or argument, 1 failure while running, 130 interrupted.`;
