import type { ChargeEvent } from '@hoptrace/contracts';
import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import { newSigningSecret } from './secret-box';
import { signWebhook, webhookPayload } from './webhook-payload';

const succeeded: ChargeEvent = {
  id: 'evt_1QyabcDEFghiJKLmnoPQRstu',
  type: 'charge.succeeded',
  created: 1795590094,
  data: {
    object: {
      id: 'ch_3QyabcDEFghiJKLmnoPQRstu',
      object: 'charge',
      status: 'succeeded',
      amount: 1999,
      currency: 'usd',
      customer: 'cus_demo',
      payment_method: 'pm_card_visa',
      created: 1795590094,
    },
  },
};

const failed: ChargeEvent = {
  id: 'evt_2QyabcDEFghiJKLmnoPQRstu',
  type: 'charge.failed',
  created: 1795590100,
  data: {
    object: {
      id: 'ch_4QyabcDEFghiJKLmnoPQRstu',
      amount: 1999,
      currency: 'usd',
      customer: 'cus_demo',
      payment_method: 'pm_card_visa_chargeDeclinedInsufficientFunds',
      failure_code: 'card_declined',
      decline_code: 'insufficient_funds',
      failure_origin: 'payment-processor',
    },
  },
};

describe('webhookPayload', () => {
  it('is the Standard Webhooks envelope: type, ISO 8601 timestamp of the event, and the object', () => {
    expect(webhookPayload(succeeded)).toEqual({
      type: 'charge.succeeded',
      timestamp: '2026-11-25T07:01:34.000Z',
      data: succeeded.data.object,
    });
    expect(webhookPayload(failed)).toEqual({ type: 'charge.failed', timestamp: '2026-11-25T07:01:40.000Z', data: failed.data.object });
  });
});

describe('signWebhook', () => {
  const secret = newSigningSecret();
  const body = JSON.stringify(webhookPayload(succeeded));
  const now = new Date();

  it('sends the body unchanged, as JSON, with the event id as webhook-id and the attempt time as webhook-timestamp', () => {
    const signed = signWebhook(secret, succeeded.id, body, now);
    expect(signed.body).toBe(body);
    expect(signed.headers).toEqual({
      'content-type': 'application/json',
      'webhook-id': succeeded.id,
      'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
      'webhook-signature': expect.stringMatching(/^v1,[A-Za-z0-9+/]{43}=$/),
    });
  });

  it('verifies with the standardwebhooks library and the endpoint secret, giving back the payload', () => {
    const { headers } = signWebhook(secret, succeeded.id, body, now);
    expect(new Webhook(secret).verify(body, headers)).toEqual(webhookPayload(succeeded));
  });

  it('does not verify with another secret, another body, another id or another timestamp', () => {
    const { headers } = signWebhook(secret, succeeded.id, body, now);
    const verify = (secretUsed: string, bodyUsed: string, headersUsed: Record<string, string>) => () =>
      new Webhook(secretUsed).verify(bodyUsed, headersUsed);
    expect(verify(newSigningSecret(), body, headers)).toThrow(WebhookVerificationError);
    expect(verify(secret, body.replace('1999', '1'), headers)).toThrow(WebhookVerificationError);
    expect(verify(secret, body, { ...headers, 'webhook-id': 'evt_other' })).toThrow(WebhookVerificationError);
    expect(verify(secret, body, { ...headers, 'webhook-timestamp': String(Number(headers['webhook-timestamp']) - 1) })).toThrow(
      WebhookVerificationError,
    );
  });

  it('signs each attempt at its own time, so a receiver can refuse stale requests', () => {
    const stale = signWebhook(secret, succeeded.id, body, new Date(Date.now() - 10 * 60_000));
    expect(() => new Webhook(secret).verify(body, stale.headers)).toThrow(/too old/);
    const later = signWebhook(secret, succeeded.id, body, new Date(now.getTime() + 30_000));
    expect(later.headers['webhook-id']).toBe(succeeded.id);
    expect(later.headers['webhook-signature']).not.toBe(signWebhook(secret, succeeded.id, body, now).headers['webhook-signature']);
  });

  it('signs a charge.failed event too', () => {
    const failedBody = JSON.stringify(webhookPayload(failed));
    const { headers } = signWebhook(secret, failed.id, failedBody, now);
    expect(new Webhook(secret).verify(failedBody, headers)).toMatchObject({ type: 'charge.failed' });
  });
});
