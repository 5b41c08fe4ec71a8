import type { ChargeEvent, WebhookEventType } from '@hoptrace/contracts';
import { Webhook } from 'standardwebhooks';

/** A Standard Webhooks payload: the event type, when it happened (ISO 8601), and the object. */
export interface WebhookPayload {
  type: WebhookEventType;
  timestamp: string;
  data: ChargeEvent['data']['object'];
}

export const webhookPayload = (event: ChargeEvent): WebhookPayload => ({
  type: event.type,
  timestamp: new Date(event.created * 1000).toISOString(),
  data: event.data.object,
});

/** What one attempt sends: the body, byte for byte as signed, and its headers. */
export interface SignedWebhookRequest {
  body: string;
  headers: {
    'content-type': 'application/json';
    'webhook-id': string;
    'webhook-timestamp': string;
    'webhook-signature': string;
  };
}

/**
 * Signs `body` as the Standard Webhooks specification asks: HMAC-SHA256 over
 * `<webhook-id>.<webhook-timestamp>.<body>` with the endpoint's secret, sent as `v1,<base64>`. The id
 * is the event's, the same on every attempt, so a receiver can drop duplicates; the timestamp is the
 * attempt's, so a receiver can refuse stale or replayed requests.
 */
export function signWebhook(secret: string, webhookId: string, body: string, at: Date): SignedWebhookRequest {
  const timestamp = Math.floor(at.getTime() / 1000);
  return {
    body,
    headers: {
      'content-type': 'application/json',
      'webhook-id': webhookId,
      'webhook-timestamp': String(timestamp),
      'webhook-signature': new Webhook(secret).sign(webhookId, new Date(timestamp * 1000), body),
    },
  };
}
