import type { PaymentError, ServiceName } from '@hoptrace/contracts';
import { NotConsumedError, QueueUnavailableError, ReplyTimeoutError } from './errors';

/**
 * What a caller reports when the hop after it could not answer. It is never a 402: nobody decided
 * anything about a payment. A timeout is a 504 (the outcome is unknown; the request may still
 * complete), an unreachable queue or one nobody consumes a 503 (nothing was done), anything else a 500.
 */
export function transportFailure(error: unknown, origin: ServiceName): PaymentError {
  if (error instanceof NotConsumedError) {
    return {
      type: 'api_error',
      code: 'service_unavailable',
      message: `Nothing is consuming the ${error.queue} queue: no worker took the request within ${error.timeoutMs} ms. Nothing was charged; retry later.`,
      origin,
    };
  }
  if (error instanceof ReplyTimeoutError) {
    return {
      type: 'api_error',
      code: 'upstream_timeout',
      message: `No answer from ${error.queue} within ${error.timeoutMs} ms. The charge may still complete.`,
      origin,
    };
  }
  if (error instanceof QueueUnavailableError) {
    return {
      type: 'api_error',
      code: 'service_unavailable',
      message: `The ${error.queue} queue cannot be reached. Nothing was charged; retry later.`,
      origin,
    };
  }
  return { type: 'api_error', code: 'internal_error', message: 'An internal error occurred.', origin };
}
