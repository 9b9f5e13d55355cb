/** A fault of the queue (Redis unreachable, no workers, data too large, a result that does not fit its job), as one clear sentence. */
export class QueueError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'QueueError';
  }
}
