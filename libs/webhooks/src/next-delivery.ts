/** What to do after a delivery attempt. */
export type DeliveryAction = 'delivered' | 'retry' | 'disable' | 'dead_letter';

export interface DeliveryDecision {
  action: DeliveryAction;
  /** For `retry`: how long to wait before the next attempt. */
  delayMs?: number;
}

/** Statuses whose Retry-After is honoured: the receiver says when it can take the request. */
const RETRY_AFTER_STATUSES: ReadonlySet<number> = new Set([429, 503]);

/**
 * The wait a Retry-After header asks for (RFC 9110 §10.2.3): delay-seconds, or an HTTP-date relative
 * to `now`. Undefined when absent or unreadable; a date in the past asks for no wait.
 */
export function retryAfterMs(header: string | undefined, now: number): number | undefined {
  const value = header?.trim();
  if (!value) return undefined;
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  // An HTTP-date names its day or month ("Sun, 06 Nov 1994 08:49:37 GMT"); a bare "-5" is no date.
  if (!/[a-z]/i.test(value)) return undefined;
  // HTTP dates are in GMT; the asctime form does not say so, and would otherwise be read as local time.
  const at = Date.parse(/\b(GMT|UTC)\b|Z$|[+-]\d{4}$/i.test(value) ? value : `${value} GMT`);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/**
 * Decides what follows delivery attempt number `attempt` (1 for the first) that ended with HTTP
 * `status`, or with no status at all (undefined: connection refused, reset, timed out).
 *
 * - 2xx: delivered.
 * - 410 Gone: the receiver wants no more; the endpoint is disabled and nothing is retried.
 * - anything else: retried after `schedule[attempt - 1]`, so the schedule lists the waits before the
 *   2nd, 3rd, … attempt and a delivery gets `schedule.length + 1` attempts. A 429 or 503 with a
 *   Retry-After waits at least that long, though never longer than the schedule's longest wait.
 *   After the last attempt: the dead-letter list.
 */
export function nextDelivery(
  attempt: number,
  status: number | undefined,
  retryAfterHeader: string | undefined,
  schedule: readonly number[],
  now: number = Date.now(),
): DeliveryDecision {
  if (!Number.isInteger(attempt) || attempt < 1) throw new RangeError(`attempt must be a positive integer, got ${attempt}`);
  if (status !== undefined && status >= 200 && status < 300) return { action: 'delivered' };
  if (status === 410) return { action: 'disable' };
  if (attempt > schedule.length) return { action: 'dead_letter' };
  let delayMs = schedule[attempt - 1];
  if (status !== undefined && RETRY_AFTER_STATUSES.has(status)) {
    const asked = retryAfterMs(retryAfterHeader, now);
    if (asked !== undefined) delayMs = Math.max(delayMs, Math.min(asked, Math.max(...schedule)));
  }
  return { action: 'retry', delayMs };
}
