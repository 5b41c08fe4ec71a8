/**
 * Queue names and message patterns. A queue belongs to the service that consumes it;
 * the pattern becomes the BullMQ job name, and Nest routes it to a handler.
 */
export const QUEUES = {
  billing: 'billing',
  processor: 'payment-processor',
  notifier: 'notifier',
} as const;

export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

export const PATTERNS = {
  /** gateway → billing, request/reply: a ChargeRequest answered by a Reply<Charge>. */
  createCharge: 'charge.create',
  /** billing → payment-processor, request/reply: an AuthorizationRequest answered by a Reply<Authorization>. */
  authorizePayment: 'payment.authorize',
  /** billing → notifier, events: a ChargeEvent, named as Stripe names its events. */
  chargeSucceeded: 'charge.succeeded',
  chargeFailed: 'charge.failed',
} as const;
