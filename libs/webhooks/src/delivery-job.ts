import type { WebhookEventType } from '@hoptrace/contracts';

/** One attempt to deliver one event to one endpoint: ids and counters only, never a secret or payload. */
export interface DeliveryJob {
  delivery_id: string;
  event_id: string;
  event_type: WebhookEventType;
  endpoint_id: string;
  /** 1 for the first attempt of a run (the first delivery, or a replay). */
  attempt: number;
  /** 0 for the first delivery, n for the n-th replay. */
  replay: number;
  /** When the delivery was first enqueued (Unix seconds). */
  created: number;
  /**
   * The spans an attempt that starts a trace of its own links to, as W3C traceparents: the span that
   * fanned the charge's event out (in the charge's trace), and the attempt before.
   */
  links?: DeliveryLinks;
}

export interface DeliveryLinks {
  charge?: string;
  previous?: string;
}

/**
 * Whether an attempt runs in a trace of its own: every attempt but the first delivery's, which stays
 * in the charge's trace, so that the charge's trace ends when the charge does.
 */
export const startsOwnTrace = (job: Pick<DeliveryJob, 'attempt' | 'replay'>): boolean => job.attempt > 1 || job.replay > 0;

/** The pattern (job name) of a delivery attempt on the webhook-deliveries queue. */
export const DELIVER = 'deliver';

/** The id of an attempt's job: BullMQ ignores a job id it knows, so an attempt is never enqueued twice. */
export const attemptJobId = (job: DeliveryJob): string => `${job.delivery_id}-r${job.replay}-a${job.attempt}`;

/** The first delivery of an event to an endpoint: the same event fanned out twice is enqueued once. */
export const firstDeliveryJobId = (eventId: string, endpointId: string): string => `${eventId}-${endpointId}`;

const STRINGS = ['delivery_id', 'event_id', 'event_type', 'endpoint_id'] as const;
const COUNTS = ['attempt', 'replay', 'created'] as const;

/** What is wrong with a delivery job's payload, or undefined when it is well formed (the consumer's `validate`). */
export function deliveryJobProblem(pattern: string, data: unknown): string | undefined {
  if (pattern !== DELIVER) return `no contract for pattern "${pattern}"`;
  if (data === null || typeof data !== 'object') return 'the payload is not an object';
  const job = data as Record<string, unknown>;
  const text = STRINGS.find((field) => typeof job[field] !== 'string' || job[field] === '');
  if (text) return `${text} must be a non-empty string`;
  const count = COUNTS.find((field) => !Number.isInteger(job[field]) || (job[field] as number) < 0);
  if (count) return `${count} must be a non-negative integer`;
  return undefined;
}
