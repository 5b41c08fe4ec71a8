import type { ScenarioResult } from '@hoptrace/scenarios';
import { diagnose, spanFixture, verdictOf, type TraceSpan } from '@hoptrace/trace-verdict';
import { focusOf, runViewOf, waterfallOf } from './run-view';

const TRACE = 'a'.repeat(32);
const links = { jaegerUiUrl: 'http://jaeger.example:16686/', gatewayUiUrl: 'http://gateway.example:3000' };

function resultOf(spans: TraceSpan[], overrides: Partial<ScenarioResult> = {}): ScenarioResult {
  const verdict = verdictOf(spans);
  return {
    scenario: 'a-scenario',
    summary: 'what happens',
    expected: { status: verdict.status ?? 0, decidedBy: null, party: 'nobody' },
    status: verdict.status ?? 0,
    traceId: TRACE,
    jaegerUrl: '',
    decidedBy: verdict.decidedBy?.service ?? null,
    verdict,
    ...(spans.length > 0 ? { diagnosis: diagnose(spans) } : {}),
    tree: '',
    notes: [],
    differences: [],
    passed: true,
    ...overrides,
  };
}

describe('a processor decline', () => {
  const { span } = spanFixture(TRACE);
  const spans = [
    span('1', undefined, 'gateway', 'POST /v1/charges', { kind: 'server', duration: 9000, tags: { 'http.response.status_code': 402 } }),
    span('2', '1', 'billing', 'process billing', { kind: 'consumer', duration: 6000 }),
    span('3', '2', 'payment-processor', 'payment.authorize', {
      hasError: true,
      tags: { 'payment.required.origin': 'payment-processor', 'payment.error.code': 'card_declined', 'payment.decline_code': 'insufficient_funds', 'payment.error.type': 'card_error' },
    }),
  ];

  it('focuses on the deciding span, and links Jaeger at it', () => {
    const view = runViewOf(resultOf(spans), spans, links);
    expect(view.focus).toEqual({ spanId: '0000000000000003', service: 'payment-processor', operationName: 'payment.authorize', reason: 'decided_402' });
    expect(view.jaegerUrl).toBe(`http://jaeger.example:16686/trace/${TRACE}?uiFind=0000000000000003`);
    expect(view.decidedBy).toBe('payment-processor');
    expect(view.explain).toMatchObject({ party: 'the customer' });
    expect(view.explain?.text).toContain('who must act:');
  });

  it('draws the waterfall parents first, one row focused, times from the first span', () => {
    const rows = waterfallOf(spans, '0000000000000003');
    expect(rows.map((row) => [row.service, row.depth, row.focus])).toEqual([
      ['gateway', 0, false],
      ['billing', 1, false],
      ['payment-processor', 2, true],
    ]);
    expect(rows.map((row) => row.startMs)).toEqual([0, 1, 2]);
    expect(rows[0].durationMs).toBe(9);
    expect(rows[2].error).toBe(true);
  });
});

it('a failure with no 402 focuses where it failed: the deepest red span', () => {
  const { span } = spanFixture(TRACE);
  const spans = [
    span('1', undefined, 'gateway', 'POST /v1/charges', { kind: 'server', tags: { 'http.response.status_code': 503 } }),
    span('2', '1', 'billing', 'process billing', { kind: 'consumer', hasError: true, tags: { 'otel.status_description': 'service_unavailable' } }),
    span('3', '2', 'billing', 'add payment-processor.payment.authorize', { kind: 'producer', tags: { 'messaging.destination.name': 'payment-processor' } }),
  ];
  expect(focusOf(resultOf(spans), spans)).toMatchObject({ spanId: '0000000000000002', service: 'billing', reason: 'failed_here' });
});

it("a success with nothing failed focuses on the gateway's answer", () => {
  const { span } = spanFixture(TRACE);
  const spans = [span('1', undefined, 'gateway', 'POST /v1/charges', { kind: 'server', tags: { 'http.response.status_code': 201 } })];
  expect(focusOf(resultOf(spans), spans)).toMatchObject({ spanId: '0000000000000001', reason: 'gateway_answer' });
});

it('a run without a trace has no focus and no link', () => {
  const view = runViewOf({ ...resultOf([]), traceId: '' }, [], links);
  expect([view.focus, view.jaegerUrl, view.waterfall, view.explain]).toEqual([null, '', [], undefined]);
});
