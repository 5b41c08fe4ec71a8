import { isConnected, verdictOf, type TraceSpan } from '@hoptrace/testing';
import { useSystem } from '@hoptrace/testing/jest';

/**
 * Pay-per-call credit: a metered report costs credits, and when the balance cannot cover it the
 * gateway answers 402 itself, with an x402 PAYMENT-REQUIRED header, before any queue is touched.
 */
const sut = useSystem('credits');
const ORIGIN = 'payment.required.origin';

async function call(method: 'GET' | 'POST', path: string, key: string, body?: unknown) {
  const response = await fetch(`${sut.system.gatewayUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, headers: response.headers, body: (await response.json()) as Record<string, any> };
}

const report = (key: string) => call('GET', '/v1/reports/credit_usage', key);
const topUp = (credits: number, payment_method: string) =>
  call('POST', '/v1/credits', 'sk_test_demo', { credits, payment_method });

describe('a metered report', () => {
  it('is a 402 from the gateway with a decodable x402 PAYMENT-REQUIRED header when the balance is empty', async () => {
    const answer = await report('sk_test_readonly');
    expect(answer.status).toBe(402);
    expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(answer.body).toMatchObject({ status: 402, code: 'insufficient_credit', origin: 'gateway', type: '/errors/insufficient_credit' });

    const header = answer.headers.get('payment-required');
    expect(header).toEqual(expect.any(String));
    const paymentRequired = JSON.parse(Buffer.from(header as string, 'base64').toString('utf8'));
    expect(paymentRequired).toMatchObject({
      x402Version: 2,
      resource: { url: `${sut.system.gatewayUrl}/v1/reports/credit_usage`, mimeType: 'application/json' },
      accepts: [{ scheme: 'exact', network: 'eip155:84532', amount: '10000', maxTimeoutSeconds: 60 }],
    });
  });

  it('leaves a trace with the gateway alone, whose metering span decided the 402 and is found by its origin', async () => {
    const answer = await report('sk_test_readonly');
    const traceId = answer.body.trace_id as string;
    const deciders = (spans: TraceSpan[]) => spans.filter((span) => ORIGIN in span.tags);
    const spans = await sut.jaeger.waitForTrace(traceId, (found) => isConnected(found) && deciders(found).length > 0, { timeoutMs: 30_000 });
    expect(new Set(spans.map((span) => span.service))).toEqual(new Set(['gateway']));
    expect(spans.filter((span) => span.kind === 'producer' || span.kind === 'consumer')).toEqual([]);
    expect(deciders(spans)).toEqual([
      expect.objectContaining({ operationName: 'gateway.meter_call', hasError: true, tags: expect.objectContaining({ [ORIGIN]: 'gateway', 'payment.decline_code': 'insufficient_credit' }) }),
    ]);
    const server = spans.find((span) => span.kind === 'server');
    expect(server).toMatchObject({ hasError: false, tags: expect.objectContaining({ 'http.response.status_code': 402 }) });
    expect(await sut.jaeger.findTraces({ service: 'gateway', tags: { [ORIGIN]: 'gateway' } })).toContain(traceId);
    expect(verdictOf(spans)).toMatchObject({ status: 402, decidedBy: { service: 'gateway' }, services: ['gateway'], defects: [] });
  });

  it('spends one credit per call while the balance lasts, then refuses, and a top-up makes it payable again', async () => {
    const first = await report('sk_test_demo');
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ object: 'report', id: 'credit_usage' });
    let balance = first.body.data.balance as number;
    expect(first.body.data.usage[0]).toMatchObject({ resource: 'credit_usage', credits: 1 });

    // Spend what is left (the demo key starts with 25 credits), then one call more.
    for (let calls = 0; balance > 0 && calls < 50; calls++) {
      const answer = await report('sk_test_demo');
      expect(answer.status).toBe(200);
      balance = answer.body.data.balance;
    }
    expect(balance).toBe(0);
    expect((await report('sk_test_demo')).status).toBe(402);

    const bought = await topUp(100, 'pm_card_visa');
    expect(bought.status).toBe(201);
    expect(bought.body).toMatchObject({ object: 'credit_top_up', credits: 100, balance: 100, charge: { status: 'succeeded', amount: 100, customer: 'cus_demo' } });
    const after = await report('sk_test_demo');
    expect(after.status).toBe(200);
    expect(after.body.data.balance).toBe(99);
  });

  it('keeps the balance when the top-up card is declined: that 402 is the processor\'s', async () => {
    const before = (await report('sk_test_demo')).body.data.balance as number;
    const declined = await topUp(100, 'pm_card_visa_chargeDeclinedInsufficientFunds');
    expect(declined.status).toBe(402);
    expect(declined.body).toMatchObject({ code: 'card_declined', decline_code: 'insufficient_funds', origin: 'payment-processor' });
    expect((await report('sk_test_demo')).body.data.balance).toBe(before - 1);
  });

  it('answers a key that may not buy credits with 403, and an unknown report with a problem that costs nothing', async () => {
    expect((await call('POST', '/v1/credits', 'sk_test_readonly', { credits: 100, payment_method: 'pm_card_visa' })).status).toBe(403);
    const before = (await report('sk_test_demo')).body.data.balance as number;
    const missing = await call('GET', '/v1/reports/no_such_report', 'sk_test_demo');
    expect(missing.status).toBe(400);
    expect(missing.body).toMatchObject({ code: 'resource_missing', param: 'id' });
    expect((await report('sk_test_demo')).body.data.balance).toBe(before - 1);
  });
});
