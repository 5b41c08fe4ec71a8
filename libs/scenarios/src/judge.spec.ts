import { diagnose, spanFixture, verdictOf, type TraceSpan } from '@hoptrace/trace-verdict';
import { scenarioNamed, SCENARIOS } from './catalogue';
import type { GatewayAnswer } from './gateway-client';
import { judge, traceReady } from './judge';
import { randomMix } from './mix';

const TRACE = 'c'.repeat(32);
const fixture = spanFixture(TRACE);
const span = fixture.span;

/** A billing 402 as hoptrace records it: the gateway, billing's red decision, nothing after it. */
function pastDueTrace(): TraceSpan[] {
  fixture.reset();
  return [
    span('1', undefined, 'gateway', 'POST /v1/charges', { kind: 'server', tags: { 'http.response.status_code': 402 } }),
    span('2', '1', 'gateway', 'add billing.charge.create', { kind: 'producer' }),
    span('3', '2', 'billing', 'process billing', { kind: 'consumer' }),
    span('4', '3', 'billing', 'billing.assess_customer', {
      hasError: true,
      tags: { 'payment.required.origin': 'billing', 'payment.decline_code': 'invoice_past_due' },
    }),
  ];
}

const problemAnswer = (status: number, body: Record<string, unknown>, headers: Record<string, string> = {}): GatewayAnswer => ({
  status,
  headers: { 'content-type': 'application/problem+json; charset=utf-8', ...headers },
  body: { trace_id: TRACE, ...body },
  traceId: TRACE,
  spanId: '1'.padStart(16, '0'),
});

const invoicePastDue = scenarioNamed('invoice-past-due')!;

describe('judge', () => {
  it('finds nothing to say about a run that is what the scenario expects', () => {
    const spans = pastDueTrace();
    const answer = problemAnswer(402, { code: 'invoice_past_due', origin: 'billing' });
    expect(judge(invoicePastDue.expect, { answer, spans, verdict: verdictOf(spans) })).toEqual([]);
  });

  it("says so when explain blames another party than the scenario expects: a real past-due invoice is the merchant's", () => {
    const spans = pastDueTrace();
    Object.assign(spans[3].tags, { 'payment.error.code': 'invoice_past_due', 'billing.invoice.days_past_due': 10 });
    const answer = problemAnswer(402, { code: 'invoice_past_due', origin: 'billing' });
    const evidence = { answer, spans, verdict: verdictOf(spans), diagnosis: diagnose(spans) };
    expect(judge(invoicePastDue.expect, evidence)).toEqual([]);
    expect(judge(scenarioNamed('billing-misconfigured')!.expect, evidence)).toEqual(["explain says the merchant must act, expected the platform's operators"]);
  });

  it('says so when Jaeger shows another hop deciding than the scenario expects', () => {
    const spans = pastDueTrace();
    spans[3].service = 'payment-processor';
    spans[3].tags['payment.required.origin'] = 'payment-processor';
    const answer = problemAnswer(402, { code: 'invoice_past_due', origin: 'billing' });
    expect(judge(invoicePastDue.expect, { answer, spans, verdict: verdictOf(spans) })).toEqual(
      expect.arrayContaining([
        'Jaeger shows payment-processor deciding a 402, expected billing',
        'the trace reaches payment-processor, which should never have been asked',
      ]),
    );
  });

  it('reads the status from Jaeger as well as from the answer, and a 402 claimed by nobody is a trace defect', () => {
    const spans = pastDueTrace().slice(0, 3);
    spans[0].tags['http.response.status_code'] = 504;
    const answer = problemAnswer(402, { code: 'invoice_past_due', origin: 'billing' });
    expect(judge(invoicePastDue.expect, { answer, spans, verdict: verdictOf(spans) })).toEqual(
      expect.arrayContaining(['Jaeger records status 504, expected 402', 'Jaeger shows no hop deciding a 402, expected billing']),
    );
  });

  it('wants problem+json with the right code, origin and trace id', () => {
    const spans = pastDueTrace();
    const answer: GatewayAnswer = { ...problemAnswer(402, { code: 'card_declined', origin: 'gateway', trace_id: 'other' }), headers: { 'content-type': 'application/json' } };
    expect(judge(invoicePastDue.expect, { answer, spans, verdict: verdictOf(spans) })).toEqual([
      'answered application/json, expected application/problem+json',
      'problem code card_declined, expected invoice_past_due',
      "the problem's trace_id is not the trace of the answer",
      'the problem names gateway as origin, expected billing',
    ]);
  });

  it('finds a replayed 402 decided in the trace it points to', () => {
    const scenario = scenarioNamed('idempotent-retry')!;
    fixture.reset();
    const original = 'd'.repeat(32);
    const replay = [
      span('1', undefined, 'gateway', 'POST /v1/charges', {
        kind: 'server',
        tags: { 'http.response.status_code': 402, 'idempotency.replayed': true, 'idempotency.original_trace_id': original },
      }),
    ];
    const decided = verdictOf([
      span('a', undefined, 'gateway', 'POST /v1/charges', { kind: 'server', tags: { 'http.response.status_code': 402 } }),
      span('b', 'a', 'payment-processor', 'payment.authorize', {
        hasError: true,
        tags: { 'payment.required.origin': 'payment-processor', 'payment.decline_code': 'insufficient_funds' },
      }),
    ]);
    const answer = problemAnswer(402, { code: 'card_declined', origin: 'payment-processor', trace_id: original }, { 'idempotent-replayed': 'true' });
    expect(judge(scenario.expect, { answer, spans: replay, verdict: verdictOf(replay), original: decided })).toEqual([]);
    expect(judge(scenario.expect, { answer: { ...answer, headers: { ...answer.headers, 'idempotent-replayed': 'false' } }, spans: replay, verdict: verdictOf(replay), original: decided })).toEqual([
      'not answered as a replay',
    ]);
  });

  it('wants the headers a status promises', () => {
    const scenario = scenarioNamed('processor-down')!;
    fixture.reset();
    const spans = [
      span('1', undefined, 'gateway', 'POST /v1/charges', { kind: 'server', duration: 5_200_000, tags: { 'http.response.status_code': 503 } }),
      span('2', '1', 'gateway', 'add billing.charge.create', { kind: 'producer' }),
      span('3', '2', 'billing', 'process billing', { kind: 'consumer', duration: 5_050_000 }),
      span('4', '3', 'billing', 'add payment-processor.payment.authorize', { kind: 'producer', tags: { 'messaging.destination.name': 'payment-processor' } }),
    ];
    const answer = problemAnswer(503, { code: 'service_unavailable', origin: 'billing' });
    expect(judge(scenario.expect, { answer, spans, verdict: verdictOf(spans) })).toEqual(['no retry-after header']);
  });
});

describe('traceReady', () => {
  it('waits for the deciding span and every hop the scenario must reach', () => {
    const spans = pastDueTrace();
    expect(traceReady(invoicePastDue.expect, spans.slice(0, 2))).toBe(false);
    expect(traceReady(invoicePastDue.expect, spans.slice(0, 3))).toBe(false);
    expect(traceReady(invoicePastDue.expect, spans)).toBe(true);
  });
});

describe('the catalogue', () => {
  it('has the scenarios the README promises, each named once', () => {
    const names = SCENARIOS.map((scenario) => scenario.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toEqual(
      expect.arrayContaining([
        'success', 'insufficient-funds', 'expired-card', 'generic-decline', 'fraud-block', 'lost-or-stolen-card',
        'invoice-past-due', 'billing-misconfigured', 'credit-exhausted', 'processor-timeout', 'processor-down',
        'no-api-key', 'readonly-key', 'rate-limited', 'idempotent-retry', 'webhook-failing',
      ]),
    );
  });

  it('names who must act in every scenario, and only the customer for a declined card', () => {
    for (const { name, expect: expected } of SCENARIOS) {
      expect([name, ['customer', 'merchant', 'operators', 'nobody'].includes(expected.party)]).toEqual([name, true]);
      if (expected.declineCode) expect([name, expected.party]).toEqual([name, 'customer']);
      if (expected.status >= 500) expect([name, expected.party]).toEqual([name, 'operators']);
    }
  });

  it('never expects a 402 without a deciding hop, nor a deciding hop without a 402', () => {
    for (const { name, expect: expected } of SCENARIOS) {
      expect([name, expected.status === 402]).toEqual([name, expected.decidedBy !== null]);
    }
  });
});

describe('randomMix', () => {
  it('draws the same scenarios for the same seed, and others for another', () => {
    const names = (seed: number) => randomMix(SCENARIOS, 12, seed).map((scenario) => scenario.name);
    expect(names(42)).toEqual(names(42));
    expect(names(42)).not.toEqual(names(43));
    expect(names(42)).toHaveLength(12);
  });
});

describe('judging a failing webhook, followed through the links of its retries', () => {
  const webhookFailing = scenarioNamed('webhook-failing')!;
  const RETRY = 'd'.repeat(32);
  const retryFixture = spanFixture(RETRY);
  const answer: GatewayAnswer = { status: 201, headers: {}, body: {}, traceId: TRACE, spanId: '1'.padStart(16, '0') };

  /** The charge's trace: every hop, the notifier's first attempt (a 500), all within the charge's time. */
  function chargeTrace(lateBy = 0): TraceSpan[] {
    fixture.reset();
    const server = span('1', undefined, 'gateway', 'POST /v1/charges', { kind: 'server', tags: { 'http.response.status_code': 201 } });
    return [
      server,
      span('2', '1', 'billing', 'process billing', { kind: 'consumer' }),
      span('3', '2', 'payment-processor', 'process payment-processor', { kind: 'consumer' }),
      span('4', '2', 'notifier', 'process notifier', { kind: 'consumer' }),
      span('5', '4', 'notifier', 'process webhook-deliveries', { kind: 'consumer', startTime: server.startTime + lateBy }),
      span('6', '5', 'notifier', 'POST webhook', { kind: 'client', hasError: true, tags: { 'webhook.event.id': 'evt_1', 'webhook.attempt': 1 } }),
    ];
  }

  /** The second attempt's own trace, linked (or not) to the charge's. */
  function retryTrace(linked: boolean): TraceSpan[] {
    retryFixture.reset();
    const links = linked ? [{ traceId: TRACE, spanId: '5'.padStart(16, '0') }] : undefined;
    return [
      retryFixture.span('a', undefined, 'notifier', 'process webhook-deliveries', { kind: 'consumer', ...(links ? { links } : {}) }),
      retryFixture.span('b', 'a', 'notifier', 'POST webhook', { kind: 'client', tags: { 'webhook.event.id': 'evt_1', 'webhook.attempt': 2 } }),
    ];
  }

  it('counts the attempts of the charge\'s trace and of the retries linked to it', () => {
    const spans = chargeTrace();
    expect(judge(webhookFailing.expect, { answer, spans, verdict: verdictOf(spans), retries: [retryTrace(true)] })).toEqual([]);
  });

  it('says so when the retry is missing, or does not link back', () => {
    const spans = chargeTrace();
    expect(judge(webhookFailing.expect, { answer, spans, verdict: verdictOf(spans), retries: [] })).toEqual([
      "1 webhook attempt span(s) in the charge's trace and its linked retries, expected at least 2",
    ]);
    expect(judge(webhookFailing.expect, { answer, spans, verdict: verdictOf(spans), retries: [retryTrace(false)] })).toEqual([
      `the retry trace ${RETRY} does not link back to the charge's trace`,
      "1 webhook attempt span(s) in the charge's trace and its linked retries, expected at least 2",
    ]);
  });

  it('says so when the charge\'s trace stays open for a retry', () => {
    const spans = chargeTrace(5_000_000);
    expect(judge(webhookFailing.expect, { answer, spans, verdict: verdictOf(spans), retries: [retryTrace(true)] })).toContain(
      "the charge's trace is still open: 1 span(s) start more than 2 s after its root (process webhook-deliveries)",
    );
  });

  it('judges the charge\'s trace once it holds the first attempt', () => {
    expect(traceReady(webhookFailing.expect, chargeTrace())).toBe(true);
    expect(traceReady(webhookFailing.expect, chargeTrace().slice(0, 5))).toBe(false);
  });
});
