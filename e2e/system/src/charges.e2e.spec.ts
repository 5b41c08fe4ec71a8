import { isConnected, verdictOf, type TraceSpan } from '@hoptrace/testing';
import { useSystem } from '@hoptrace/testing/jest';

/**
 * The foundation's promise, checked from the outside: four separate processes, a real Redis, a real
 * Jaeger, and for each request one connected trace in which the hop that decided is unmistakable.
 */
const sut = useSystem('charges');

const ALL_SERVICES = ['gateway', 'billing', 'payment-processor', 'notifier'];
const ORIGIN = 'payment.required.origin';
/** The queue hops of a charge that reaches the processor: [producer service, consumer service]. */
const FULL_FLOW_HOPS: Array<[string, string]> = [
  ['gateway', 'billing'],
  ['billing', 'payment-processor'],
  ['billing', 'notifier'],
];

interface Answer {
  status: number;
  headers: Headers;
  body: Record<string, unknown>;
}



async function charge(body: unknown): Promise<Answer> {
  const response = await fetch(`${sut.system.gatewayUrl}/v1/charges`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer sk_test_demo' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, headers: response.headers, body: (await response.json()) as Record<string, unknown> };
}

const chargeWith = (payment_method: string, customer = 'cus_demo') =>
  charge({ amount: 1999, currency: 'usd', customer, payment_method });

const servicesIn = (spans: TraceSpan[]) => new Set(spans.map((span) => span.service));
/** Every one of `services` in the trace, and the trace whole: spans arrive from each service in batches. */
const hasAll = (services: string[]) => (spans: TraceSpan[]) => isConnected(spans) && services.every((service) => servicesIn(spans).has(service));
const deciders = (spans: TraceSpan[]) => spans.filter((span) => ORIGIN in span.tags);

/** One trace, whole: a single root (the gateway's server span) and every parent present. */
function expectOneConnectedTrace(spans: TraceSpan[], traceId: string): void {
  const ids = new Set(spans.map((span) => span.spanId));
  const roots = spans.filter((span) => !span.parentSpanId);
  expect(spans.every((span) => span.traceId === traceId)).toBe(true);
  expect(roots).toHaveLength(1);
  expect(roots[0]).toMatchObject({ service: 'gateway', kind: 'server', operationName: 'POST /v1/charges' });
  const orphans = spans.filter((span) => span.parentSpanId && !ids.has(span.parentSpanId));
  expect(orphans.map((span) => `${span.service}/${span.operationName}`)).toEqual([]);
}

/** Every queue hop is a producer span in one service parenting a consumer span in the next. */
function expectQueueHops(spans: TraceSpan[], hops: Array<[string, string]>): void {
  const byId = new Map(spans.map((span) => [span.spanId, span]));
  const links = spans
    .filter((span) => span.kind === 'consumer')
    .map((consumer) => {
      const producer = byId.get(consumer.parentSpanId ?? '');
      expect(producer?.kind).toBe('producer');
      expect(consumer.tags).toMatchObject({ 'messaging.system': 'bullmq', 'messaging.operation.type': 'process' });
      expect(producer?.tags).toMatchObject({ 'messaging.system': 'bullmq', 'messaging.operation.type': 'send' });
      return [producer?.service, consumer.service];
    });
  expect(links.sort()).toEqual([...hops].sort());
}

function expectTraceHeader(answer: Answer): string {
  const traceId = answer.body.trace_id as string;
  expect(traceId).toMatch(/^[0-9a-f]{32}$/);
  expect(answer.headers.get('traceresponse')).toMatch(new RegExp(`^00-${traceId}-[0-9a-f]{16}-01$`));
  return traceId;
}

describe('a succeeding charge', () => {
  it('answers 201 with the charge, records it in the ledger, and leaves one trace across all four services', async () => {
    const answer = await chargeWith('pm_card_visa');
    expect(answer.status).toBe(201);
    expect(answer.body).toMatchObject({
      object: 'charge',
      status: 'succeeded',
      amount: 1999,
      currency: 'usd',
      customer: 'cus_demo',
      payment_method: 'pm_card_visa',
    });
    expect(answer.body.id).toMatch(/^ch_[0-9A-Za-z]{24}$/);
    const traceId = expectTraceHeader(answer);

    const ledgerEntry = JSON.parse((await sut.redis.hget('processor:ledger', answer.body.id as string)) ?? 'null');
    expect(ledgerEntry).toMatchObject({ charge_id: answer.body.id, amount: 1999, currency: 'usd' });

    const spans = await sut.jaeger.waitForTrace(traceId, hasAll(ALL_SERVICES), { timeoutMs: 30_000 });
    expectOneConnectedTrace(spans, traceId);
    expectQueueHops(spans, FULL_FLOW_HOPS);
    expect(deciders(spans)).toEqual([]);
    expect(spans.filter((span) => span.hasError)).toEqual([]);
    expect(verdictOf(spans)).toMatchObject({ status: 201, decidedBy: undefined, defects: [] });
  });
});

describe.each([
  ['pm_card_visa_chargeDeclined', 'card_declined', 'generic_decline'],
  ['pm_card_visa_chargeDeclinedInsufficientFunds', 'card_declined', 'insufficient_funds'],
  ['pm_card_chargeDeclinedExpiredCard', 'expired_card', 'expired_card'],
  ['pm_card_chargeDeclinedFraudulent', 'card_declined', 'fraudulent'],
  ['pm_card_visa_chargeDeclinedLostCard', 'card_declined', 'lost_card'],
  ['pm_card_visa_chargeDeclinedStolenCard', 'card_declined', 'stolen_card'],
  ['pm_card_chargeDeclinedIncorrectCvc', 'incorrect_cvc', 'incorrect_cvc'],
  ['pm_card_chargeDeclinedProcessingError', 'processing_error', 'processing_error'],
])('a charge with %s', (paymentMethod, code, declineCode) => {
  it(`is a 402 ${code}/${declineCode} decided by the payment processor, and Jaeger shows exactly that`, async () => {
    const answer = await chargeWith(paymentMethod);
    expect(answer.status).toBe(402);
    expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(answer.body).toMatchObject({
      type: `/errors/${code}`,
      status: 402,
      instance: '/v1/charges',
      code,
      decline_code: declineCode,
      origin: 'payment-processor',
    });
    expect(answer.body.title).toEqual(expect.any(String));
    expect(answer.body.detail).toEqual(expect.any(String));
    if (['fraudulent', 'lost_card', 'stolen_card'].includes(declineCode)) {
      expect(answer.body.detail).toBe('Your card was declined.');
    }
    const traceId = expectTraceHeader(answer);

    const spans = await sut.jaeger.waitForTrace(traceId, hasAll(ALL_SERVICES), { timeoutMs: 30_000 });
    expectOneConnectedTrace(spans, traceId);
    expectQueueHops(spans, FULL_FLOW_HOPS);

    const [decider, ...others] = deciders(spans);
    expect(others).toEqual([]);
    expect(decider).toMatchObject({ service: 'payment-processor', hasError: true });
    expect(decider.tags).toMatchObject({ [ORIGIN]: 'payment-processor', 'payment.decline_code': declineCode });
    expect(spans.filter((span) => span.hasError)).toEqual([decider]);

    const server = spans.find((span) => span.kind === 'server');
    expect(server?.tags['http.response.status_code']).toBe(402);
    expect(server?.hasError).toBe(false);

    expect(verdictOf(spans)).toMatchObject({
      status: 402,
      decidedBy: { service: 'payment-processor', spanId: decider.spanId, declineCode },
      defects: [],
    });

    const found = await sut.jaeger.findTraces({ service: 'payment-processor', tags: { [ORIGIN]: 'payment-processor', 'payment.decline_code': declineCode } });
    expect(found).toContain(traceId);
    expect(await sut.redis.hexists('processor:ledger', String(answer.body.id ?? ''))).toBe(0);
  });
});

describe('a customer with a past-due invoice', () => {
  it('is refused with 402 by billing, which never asks the processor', async () => {
    const answer = await chargeWith('pm_card_visa', 'cus_past_due');
    expect(answer.status).toBe(402);
    expect(answer.body).toMatchObject({ code: 'invoice_past_due', origin: 'billing' });
    const traceId = expectTraceHeader(answer);

    const spans = await sut.jaeger.waitForTrace(traceId, (found) => isConnected(found) && deciders(found).length > 0, { timeoutMs: 30_000 });
    expectOneConnectedTrace(spans, traceId);
    expect(servicesIn(spans)).toEqual(new Set(['gateway', 'billing']));
    expect(deciders(spans)).toEqual([expect.objectContaining({ service: 'billing', hasError: true })]);
    expect(verdictOf(spans)).toMatchObject({ status: 402, decidedBy: { service: 'billing' }, defects: [] });
  });
});

describe('requests that are not payment problems', () => {
  it('answers an unknown payment method with a 400 naming the parameter, and no span claims a 402', async () => {
    const answer = await chargeWith('pm_card_does_not_exist');
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ code: 'resource_missing', param: 'payment_method', origin: 'payment-processor' });
    const traceId = expectTraceHeader(answer);
    const spans = await sut.jaeger.waitForTrace(traceId, hasAll(['gateway', 'billing', 'payment-processor']), { timeoutMs: 30_000 });
    expect(deciders(spans)).toEqual([]);
  });

  it.each([
    ['{"amount": 1999,', 'invalid_json', undefined],
    [{ amount: '1999', currency: 'usd', customer: 'cus_demo', payment_method: 'pm_card_visa' }, 'parameter_invalid', 'amount'],
    [{ amount: 1999, currency: 'usd', customer: 'cus_demo' }, 'parameter_missing', 'payment_method'],
    [{ amount: 1999, currency: 'usd', customer: 'cus_demo', payment_method: 'pm_card_visa', card: 1 }, 'parameter_unknown', 'card'],
  ])('answers a bad body %j with 400 %s, never a 500', async (body, code, param) => {
    const answer = await charge(body);
    expect(answer.status).toBe(400);
    expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(answer.body).toMatchObject({ status: 400, code, origin: 'gateway' });
    expect(answer.body.param).toBe(param);
    expectTraceHeader(answer);
  });

  it('gives each request a trace of its own', async () => {
    const answers = await Promise.all([chargeWith('pm_card_visa'), chargeWith('pm_card_visa'), chargeWith('pm_card_mastercard')]);
    const ids = answers.map((answer) => answer.body.trace_id);
    expect(new Set(ids).size).toBe(3);
  });
});

describe('what the services export besides requests', () => {
  it('never sends the workers\' housekeeping (polling, lock renewal, stalled-job sweeps) to Jaeger', async () => {
    // By now every worker has polled for jobs many times, each poll a root span that is never exported.
    const operations = (await Promise.all(ALL_SERVICES.map((service) => sut.jaeger.operations(service)))).flat();
    expect(operations).toEqual(expect.arrayContaining(['payment.authorize', 'POST /v1/charges']));
    const housekeeping = operations.filter((name) => /^(getNextJob|extendLocks|moveStalledJobsToWait|Create Nest App)\b/.test(name));
    expect(housekeeping).toEqual([]);
  });
});
