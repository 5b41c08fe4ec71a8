import { messageProblem, MESSAGE_CONTRACTS } from './messages';
import { PATTERNS } from './queues';

const CHARGE = { charge_id: 'ch_abc123', amount: 1999, currency: 'usd', customer: 'cus_demo', payment_method: 'pm_card_visa' };
const EVENT = { id: 'evt_1', type: 'charge.succeeded', created: 1, data: { object: { ...CHARGE, id: 'ch_abc123' } } };

describe('messageProblem', () => {
  it('has a contract for every pattern', () => {
    expect(Object.keys(MESSAGE_CONTRACTS)).toEqual(expect.arrayContaining(Object.values(PATTERNS)));
  });

  it.each<[string, unknown]>([
    [PATTERNS.createCharge, CHARGE],
    [PATTERNS.authorizePayment, { ...CHARGE, idempotency_key: 'ch_abc123' }],
    [PATTERNS.chargeSucceeded, EVENT],
    [PATTERNS.chargeFailed, { ...EVENT, type: 'charge.failed' }],
    [PATTERNS.createWebhookEndpoint, { url: 'http://127.0.0.1:9/x', enabled_events: ['*'], reply_public_key: 'k' }],
    [PATTERNS.listWebhookEndpoints, {}],
    [PATTERNS.listDeadWebhookDeliveries, { limit: 10 }],
    [PATTERNS.replayWebhookDelivery, { id: 'whdl_x' }],
    ['webhook_endpoint.delete', { id: 'we_x' }],
  ])('accepts a well-formed %s', (pattern, data) => {
    expect(messageProblem(pattern, data)).toBeUndefined();
  });

  it('lets fields it does not know through, so a producer can add one first', () => {
    expect(messageProblem(PATTERNS.createCharge, { ...CHARGE, metadata: { order: 1 } })).toBeUndefined();
  });

  it.each<[string, string, unknown, RegExp]>([
    ['a charge without an amount', PATTERNS.createCharge, { ...CHARGE, amount: undefined }, /^amount is missing$/],
    ['a charge with a string amount', PATTERNS.createCharge, { ...CHARGE, amount: '1999' }, /^amount fails/],
    ['a charge with a foreign charge id', PATTERNS.createCharge, { ...CHARGE, charge_id: 'x' }, /^charge_id fails/],
    ['an authorization without an idempotency key', PATTERNS.authorizePayment, CHARGE, /^idempotency_key is missing$/],
    ['an event without data', PATTERNS.chargeSucceeded, { ...EVENT, data: undefined }, /^data is missing$/],
    ['an event whose charge has no id', PATTERNS.chargeSucceeded, { ...EVENT, data: { object: { customer: 'cus_demo' } } }, /^data\.object\.id is missing$/],
    ['a null payload', PATTERNS.createCharge, null, /not an object/],
    ['a string payload', PATTERNS.chargeSucceeded, 'charge', /not an object/],
    ['an array payload', PATTERNS.listWebhookEndpoints, [], /not an object/],
    ['an unknown pattern', 'charge.refund', CHARGE, /no contract/],
    ['a constructor pattern', 'constructor', CHARGE, /no contract/],
  ])('rejects %s, naming the field and never the value', (_case, pattern, data, reason) => {
    const problem = messageProblem(pattern, data);
    expect(problem).toMatch(reason);
    expect(problem).not.toContain('1999');
  });
});
