/** How the CLI tells a user about an error it did not expect: one sentence, and the stack only when asked. */

/** The error's own message, one line, without the class name Node puts in front of a stack. */
function firstLine(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  return text.split('\n').find((l) => l.trim() !== '')?.trim() ?? (e instanceof Error ? e.name : 'unknown error');
}

/**
 * The lines printed for an unexpected error: `fedflow: <what happened>` and how to see more, or, with
 * `debug` (--debug, FEDFLOW_DEBUG=1), the stack trace as well. `prefix` says what failed ("Run failed").
 */
export function unexpectedErrorLines(e: unknown, debug: boolean, prefix = 'Something went wrong'): string[] {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  const lines = [`fedflow: ${prefix}: ${firstLine(e)}${code && !firstLine(e).includes(code) ? ` (${code})` : ''}`];
  if (debug) {
    const stack = e instanceof Error ? e.stack : undefined;
    if (stack) lines.push(stack);
  } else if (code) {
    // A system error (a file, a folder, the network): the sentence says what; the stack adds little.
    lines.push('Run the command again with --debug (or FEDFLOW_DEBUG=1) to see the stack trace.');
  } else {
    lines.push('This looks like a bug in FedFlow. Run the command again with --debug (or FEDFLOW_DEBUG=1) to see where it happened.');
  }
  return lines;
}
