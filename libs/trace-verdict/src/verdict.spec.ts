import type { TraceSpan } from './jaeger-client';
import { spanFixture } from './span-fixture';
import { hopTree, isConnected, jaegerLink, verdictOf } from './verdict';

const TRACE = 'a'.repeat(32);
const fixture = spanFixture(TRACE);
const span = fixture.span;

/** A processor decline as the system records it: gateway → billing → processor, and the notifier. */
function declineTrace(): TraceSpan[] {
  fixture.reset();
  return [
    span('1', undefined, 'gateway', 'POST /v1/charges', { kind: 'server', tags: { 'http.response.status_code': 402 } }),
    span('2', '1', 'gateway', 'add billing.charge.create', { kind: 'producer' }),
    span('3', '2', 'billing', 'process billing', { kind: 'consumer' }),
    span('4', '3', 'billing', 'add payment-processor.payment.authorize', { kind: 'producer' }),
    span('5', '4', 'payment-processor', 'process payment-processor', { kind: 'consumer' }),
    span('6', '5', 'payment-processor', 'payment.authorize', {
      hasError: true,
      tags: { 'payment.required.origin': 'payment-processor', 'payment.decline_code': 'insufficient_funds' },
    }),
    span('7', '3', 'billing', 'add notifier.charge.failed', { kind: 'producer' }),
    span('8', '7', 'notifier', 'process notifier', { kind: 'consumer' }),
  ];
}

describe('verdictOf', () => {
  it('names the deciding hop, the status and the services of an honest 402 trace, with no defects', () => {
    expect(verdictOf(declineTrace())).toEqual({
      traceId: TRACE,
      status: 402,
      decidedBy: { spanId: '6'.padStart(16, '0'), service: 'payment-processor', operationName: 'payment.authorize', declineCode: 'insufficient_funds' },
      services: ['gateway', 'billing', 'payment-processor', 'notifier'],
      unansweredHops: [],
      slowestHop: expect.objectContaining({ selfTimeMs: 0.5 }),
      defects: [],
    });
  });

  it('finds the queue hop nobody took, and the hop that waited for it, in a trace where the processor is down', () => {
    fixture.reset();
    const spans = [
      span('1', undefined, 'gateway', 'POST /v1/charges', { kind: 'server', duration: 5_200_000, tags: { 'http.response.status_code': 503 } }),
      span('2', '1', 'gateway', 'add billing.charge.create', { kind: 'producer', duration: 1_000 }),
      span('3', '2', 'billing', 'process billing', { kind: 'consumer', duration: 5_050_000, hasError: true }),
      span('4', '3', 'billing', 'billing.assess_customer', { duration: 2_000 }),
      span('5', '3', 'billing', 'add payment-processor.payment.authorize', {
        kind: 'producer',
        duration: 1_000,
        tags: { 'messaging.destination.name': 'payment-processor' },
      }),
    ];
    const verdict = verdictOf(spans);
    expect(verdict).toMatchObject({ status: 503, decidedBy: undefined, unansweredHops: ['payment-processor'], defects: [] });
    expect(verdict.slowestHop).toEqual({ service: 'billing', operationName: 'process billing', selfTimeMs: 5048 });
  });

  it('counts time spent in a child as the child\'s, so the late processor is the slowest hop of a timeout', () => {
    fixture.reset();
    const spans = [
      span('1', undefined, 'gateway', 'POST /v1/charges', { kind: 'server', duration: 5_100_000, tags: { 'http.response.status_code': 504 } }),
      span('2', '1', 'gateway', 'add billing.charge.create', { kind: 'producer', duration: 1_000 }),
      span('3', '2', 'billing', 'process billing', { kind: 'consumer', duration: 5_010_000 }),
      span('4', '3', 'billing', 'add payment-processor.payment.authorize', { kind: 'producer', duration: 1_000 }),
      span('5', '4', 'payment-processor', 'process payment-processor', { kind: 'consumer', duration: 7_020_000 }),
      span('6', '5', 'payment-processor', 'fault.processor_latency', { duration: 7_000_000 }),
    ];
    expect(verdictOf(spans).slowestHop).toEqual({ service: 'payment-processor', operationName: 'fault.processor_latency', selfTimeMs: 7000 });
  });

  it('takes a replayed 402 at its word: no decider of its own, the original trace named', () => {
    fixture.reset();
    const original = 'b'.repeat(32);
    const spans = [
      span('1', undefined, 'gateway', 'POST /v1/charges', {
        kind: 'server',
        tags: { 'http.response.status_code': 402, 'idempotency.replayed': true, 'idempotency.original_trace_id': original },
      }),
    ];
    expect(verdictOf(spans)).toMatchObject({ status: 402, replayOf: original, decidedBy: undefined, defects: [] });
  });

  it('reports a replay that reached past the gateway', () => {
    const spans = declineTrace();
    Object.assign(spans[0].tags, { 'idempotency.replayed': true, 'idempotency.original_trace_id': 'b'.repeat(32) });
    expect(verdictOf(spans).defects).toContain('a replayed answer whose trace reaches past the gateway');
  });

  it('has no decider and no defects for a success', () => {
    const spans = declineTrace().filter((s) => s.operationName !== 'payment.authorize');
    spans[0].tags['http.response.status_code'] = 201;
    expect(verdictOf(spans)).toMatchObject({ status: 201, decidedBy: undefined, defects: [] });
  });

  it('reports a 402 that no span claims', () => {
    const spans = declineTrace().filter((s) => s.operationName !== 'payment.authorize');
    expect(verdictOf(spans).defects).toEqual(['a 402 with no span carrying payment.required.origin']);
  });

  it('reports two spans claiming the 402, and a claim that is not red', () => {
    const spans = declineTrace();
    spans[2].tags['payment.required.origin'] = 'billing';
    const { defects } = verdictOf(spans);
    expect(defects).toContain('2 spans claim the 402: billing/process billing, payment-processor/payment.authorize');
    expect(defects).toContain('the deciding span billing/process billing is not marked as an error');
  });

  it('reports a claim whose origin is another service', () => {
    const spans = declineTrace();
    spans[5].tags['payment.required.origin'] = 'billing';
    expect(verdictOf(spans).defects).toEqual([
      'payment-processor/payment.authorize names billing as origin but belongs to payment-processor',
    ]);
  });

  it('reports a broken trace: a hop whose parent never arrived', () => {
    const spans = declineTrace().filter((s) => s.operationName !== 'add payment-processor.payment.authorize');
    expect(verdictOf(spans).defects).toEqual(['1 span(s) whose parent is missing: payment-processor/process payment-processor']);
  });
});

describe('isConnected', () => {
  it('holds for a whole trace, and not while a parent or the root is still on its way', () => {
    const spans = declineTrace();
    expect(isConnected(spans)).toBe(true);
    expect(isConnected(spans.slice(1))).toBe(false);
    expect(isConnected(spans.filter((span) => span.operationName !== 'process billing'))).toBe(false);
  });
});

describe('hopTree', () => {
  it('draws the hops as a tree and marks the span that decided', () => {
    const spans = declineTrace();
    const tree = hopTree(spans, spans[5].spanId).split('\n');
    expect(tree).toHaveLength(8);
    expect(tree[0]).toMatch(/^└─ gateway: POST \/v1\/charges {2}\+0\.0ms 0\.5ms$/);
    expect(tree.find((line) => line.includes('payment-processor: payment.authorize'))).toMatch(/payment-processor: payment\.authorize .*<== decided the 402$/);
    expect(tree.filter((line) => line.includes('<=='))).toHaveLength(1);
    // Children sit under their parents: the notifier's hop is indented below billing's consumer span.
    const billing = tree.findIndex((line) => line.includes('billing: process billing'));
    const notifier = tree.findIndex((line) => line.includes('notifier: process notifier'));
    expect(notifier).toBeGreaterThan(billing);
    expect(tree[notifier].indexOf('notifier')).toBeGreaterThan(tree[billing].indexOf('billing'));
  });
});

describe('jaegerLink', () => {
  it('opens the trace with the deciding span found', () => {
    expect(jaegerLink('http://localhost:16686/', TRACE, '00000000000000aa')).toBe(
      `http://localhost:16686/trace/${TRACE}?uiFind=00000000000000aa`,
    );
    expect(jaegerLink('http://localhost:16686', TRACE)).toBe(`http://localhost:16686/trace/${TRACE}`);
  });
});
