/**
 * Queue names and message patterns. A queue belongs to the service that consumes it;
 * the pattern becomes the BullMQ job name, and Nest routes it to a handler.
 */
export const QUEUES = {
  billing: 'billing',
  processor: 'payment-processor',
  notifier: 'notifier',
  /** The notifier's own queue of webhook delivery attempts: it produces and consumes it. */
  webhookDeliveries: 'webhook-deliveries',
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
  /** gateway → notifier, request/reply: webhook endpoints and their deliveries, which the notifier owns. */
  createWebhookEndpoint: 'webhook_endpoint.create',
  listWebhookEndpoints: 'webhook_endpoint.list',
  deleteWebhookEndpoint: 'webhook_endpoint.delete',
  listDeadWebhookDeliveries: 'webhook_delivery.dead_letters',
  replayWebhookDelivery: 'webhook_delivery.replay',
} as const;
