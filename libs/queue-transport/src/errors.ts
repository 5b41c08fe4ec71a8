/** No reply arrived in time. The request may still be processed: the outcome is unknown, not failed. */
export class ReplyTimeoutError extends Error {
  override readonly name = 'ReplyTimeoutError';
  constructor(
    readonly queue: string,
    readonly pattern: string,
    readonly timeoutMs: number,
  ) {
    super(`No reply from queue "${queue}" to "${pattern}" within ${timeoutMs} ms`);
  }
}

/**
 * No worker took the request before the reply timeout, and it was withdrawn from the queue: nobody
 * is consuming it (the service is down, or its queue is paused). The outcome is known: nothing was done.
 */
export class NotConsumedError extends Error {
  override readonly name = 'NotConsumedError';
  constructor(
    readonly queue: string,
    readonly pattern: string,
    readonly timeoutMs: number,
    /** Whether the queue was paused, rather than left without workers. */
    readonly paused: boolean,
  ) {
    super(`No worker took "${pattern}" from queue "${queue}" within ${timeoutMs} ms${paused ? ' (the queue is paused)' : ''}`);
  }
}

/** The request could not be put on the queue (Redis unreachable). Nothing was sent. */
export class QueueUnavailableError extends Error {
  override readonly name = 'QueueUnavailableError';
  constructor(
    readonly queue: string,
    cause: unknown,
  ) {
    super(`Queue "${queue}" is unavailable: ${(cause as Error)?.message ?? String(cause)}`, { cause });
  }
}

/** The consumer failed to handle the request: a bug or a malformed message, never a business refusal. */
export class HandlerFailedError extends Error {
  override readonly name = 'HandlerFailedError';
  constructor(
    readonly queue: string,
    readonly pattern: string,
    reason: string,
  ) {
    super(`Handler for "${pattern}" on queue "${queue}" failed: ${reason}`);
  }
}
