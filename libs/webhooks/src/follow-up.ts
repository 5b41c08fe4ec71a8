import type { WebhookDelivery } from '@hoptrace/contracts';
import type { DeliveryJob } from './delivery-job';
import type { DeliveryAction, DeliveryDecision } from './next-delivery';

/** How an attempt ended: an HTTP status (with its Retry-After), or no answer at all. */
export interface AttemptResult {
  status?: number;
  retryAfter?: string;
  /** Why there was no status: `timeout`, or the socket error's code (ECONNREFUSED, ECONNRESET, …). */
  error?: string;
}

/** Everything that follows an attempt, decided before anything is written: the notifier only carries it out. */
export interface FollowUp {
  outcome: DeliveryAction;
  /** `http_500`, `timeout`, `ECONNREFUSED`, `endpoint_disabled`, … */
  lastError: string;
  /** The next attempt, and how long it waits: linked to the charge's trace and to this attempt. */
  retry?: { job: DeliveryJob; delayMs: number };
  /** The endpoint answered 410 Gone. */
  disableEndpoint: boolean;
  /** A replay's record, no longer pending, with how it ended. */
  settleReplay?: { status: 'delivered' | 'endpoint_disabled'; attempts: number; lastStatus: number | null; lastError: string | null };
  deadLetter?: WebhookDelivery;
  /** What the log says of it, with the attempt's ids; nothing for a delivery. */
  log?: { level: 'log' | 'warn'; msg: string };
}

/** What the attempt after `delivery` links to: the charge's trace, and `delivery` itself. */
export function nextLinks(delivery: DeliveryJob, current: string | undefined): DeliveryJob['links'] {
  const charge = delivery.links?.charge;
  return { ...(charge ? { charge } : {}), ...(current ? { previous: current } : {}) };
}

/** The body every attempt of an event's deliveries sends, byte for byte, kept by event id: a dead letter's payload. */
export const webhookEventKey = (eventId: string): string => `notifier:webhook_event:${eventId}`;

/**
 * What follows attempt `delivery` that ended with `result`, given what nextDelivery decided.
 * `attempts` is how many attempts this run made (one fewer than `delivery.attempt` when nothing was
 * sent); `now` in Unix seconds.
 */
export function followUp(
  delivery: DeliveryJob,
  decision: DeliveryDecision,
  result: AttemptResult,
  attempts: number,
  now: number,
  /** This attempt's span, as a traceparent, for the next attempt to link to. */
  current?: string,
): FollowUp {
  const lastError = result.status !== undefined ? `http_${result.status}` : (result.error ?? 'unknown');
  const plan: FollowUp = { outcome: decision.action, lastError, disableEndpoint: false };
  const lastStatus = result.status ?? null;
  switch (decision.action) {
    case 'delivered':
      if (delivery.replay > 0) plan.settleReplay = { status: 'delivered', attempts, lastStatus, lastError: null };
      break;
    case 'disable':
      plan.disableEndpoint = true;
      if (delivery.replay > 0) plan.settleReplay = { status: 'endpoint_disabled', attempts, lastStatus, lastError: `http_${result.status}` };
      plan.log = { level: 'warn', msg: 'webhook endpoint answered 410 Gone: disabled' };
      break;
    case 'retry':
      plan.retry = { job: { ...delivery, attempt: delivery.attempt + 1, links: nextLinks(delivery, current) }, delayMs: decision.delayMs ?? 0 };
      plan.log = { level: 'log', msg: 'webhook attempt failed: retrying' };
      break;
    case 'dead_letter':
      plan.deadLetter = {
        id: delivery.delivery_id,
        object: 'webhook_delivery',
        status: 'dead',
        event: delivery.event_id,
        event_type: delivery.event_type,
        endpoint: delivery.endpoint_id,
        attempts,
        last_status: lastStatus,
        last_error: lastError,
        payload_ref: webhookEventKey(delivery.event_id),
        created: delivery.created,
        dead_at: now,
        replays: delivery.replay,
      };
      plan.log = { level: 'warn', msg: 'webhook delivery dead-lettered' };
      break;
  }
  return plan;
}
