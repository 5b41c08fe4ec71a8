import { statusOf } from '@hoptrace/contracts';
import { NotConsumedError, QueueUnavailableError, ReplyTimeoutError } from '@hoptrace/queue-transport';
import { CHARGE_HOP_WORDING, transportFailure, type HopWording } from './hop-client';

const WEBHOOKS: HopWording = { nothingDone: 'Nothing was changed; retry later.', mayStillBeDone: 'The change may still have been made.' };

describe('transportFailure', () => {
  it.each([
    [new NotConsumedError('payment-processor', 'payment.authorize', 5000, true), 503, 'Nothing is consuming the payment-processor queue: no worker took the request within 5000 ms. Nothing was charged; retry later.'],
    [new ReplyTimeoutError('billing', 'charge.create', 10000), 504, 'No answer from billing within 10000 ms. The charge may still complete.'],
    [new QueueUnavailableError('billing', new Error('ECONNREFUSED')), 503, 'The billing queue cannot be reached. Nothing was charged; retry later.'],
    [new Error('boom'), 500, 'An internal error occurred.'],
  ])('folds %p into the caller\'s own %d, never a 402', (error, status, message) => {
    const failure = transportFailure(error, 'billing', CHARGE_HOP_WORDING);
    expect(statusOf(failure)).toBe(status);
    expect(failure).toMatchObject({ origin: 'billing', message });
  });

  it('words the consequence as the hop does: a webhook change is not a charge', () => {
    const timeout = transportFailure(new ReplyTimeoutError('notifier', 'webhook_endpoint.create', 10000), 'gateway', WEBHOOKS);
    const unreachable = transportFailure(new QueueUnavailableError('notifier', new Error('down')), 'gateway', WEBHOOKS);
    expect(timeout.message).toBe('No answer from notifier within 10000 ms. The change may still have been made.');
    expect(unreachable.message).toBe('The notifier queue cannot be reached. Nothing was changed; retry later.');
    for (const failure of [timeout, unreachable]) expect(failure.message).not.toMatch(/charge/i);
  });
});
