/** Span attributes of a delivery attempt, on the job's consumer span and on the HTTP CLIENT span. */
export const ATTR_WEBHOOK_ENDPOINT_ID = 'webhook.endpoint.id';
export const ATTR_WEBHOOK_ATTEMPT = 'webhook.attempt';
export const ATTR_WEBHOOK_EVENT_TYPE = 'webhook.event.type';
export const ATTR_WEBHOOK_EVENT_ID = 'webhook.event.id';
export const ATTR_WEBHOOK_DELIVERY_ID = 'webhook.delivery.id';
export const ATTR_WEBHOOK_REPLAY = 'webhook.replay';
export const ATTR_WEBHOOK_OUTCOME = 'webhook.outcome';
export const ATTR_WEBHOOK_RETRY_DELAY_MS = 'webhook.retry.delay_ms';
