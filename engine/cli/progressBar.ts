/** A one-line progress bar on stderr, redrawn in place; silent where stderr is not a terminal. */

export class ProgressBar {
  private shown = false;

  constructor(private readonly stream: NodeJS.WriteStream = process.stderr) {}

  get enabled(): boolean {
    return Boolean(this.stream.isTTY);
  }

  /** Redraws the bar: `done` of `total` units, with a short status text. */
  update(done: number, total: number, text: string): void {
    if (!this.enabled) return;
    const width = 24;
    const filled = total > 0 ? Math.round((done / total) * width) : 0;
    this.stream.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${text}\x1b[K`);
    this.shown = true;
  }

  /** Clears the bar so a table line can be printed in its place. */
  clear(): void {
    if (this.shown) this.stream.write('\r\x1b[K');
    this.shown = false;
  }
}
