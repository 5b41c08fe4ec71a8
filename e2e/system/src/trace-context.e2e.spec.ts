import { randomBytes } from 'node:crypto';
import type { TraceSpan } from '@hoptrace/trace-verdict';
import { useSystem, type SystemFixture } from '@hoptrace/testing/jest';

/**
 * The public edge and a caller's `traceparent` (issue 12 §1): by default the gateway starts a root
 * of its own and links the caller's context; with GATEWAY_TRUST_TRACE_CONTEXT=true it continues it.
 */
const DECLINE = { amount: 1999, currency: 'usd', customer: 'cus_demo', payment_method: 'pm_card_visa_chargeDeclinedInsufficientFunds' };

const hex = (bytes: number) => randomBytes(bytes).toString('hex');

async function charge(sut: SystemFixture, traceparent: string) {
  const response = await fetch(`${sut.system.gatewayUrl}/v1/charges`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer sk_test_demo', traceparent },
    body: JSON.stringify(DECLINE),
  });
  const body = (await response.json()) as { trace_id?: string; origin?: string };
  return { status: response.status, body, traceresponse: response.headers.get('traceresponse') ?? '' };
}

interface WireTrace {
  data: Array<{ spans: Array<{ spanID: string; references: Array<{ refType: string; traceID: string; spanID: string }> | null }> }>;
}

async function references(sut: SystemFixture, traceId: string, spanId: string) {
  const raw = (await (await fetch(`${sut.system.jaeger.queryUrl}/api/traces/${traceId}`)).json()) as WireTrace;
  return raw.data[0].spans.find((span) => span.spanID === spanId)?.references ?? [];
}

const decided = (spans: TraceSpan[]) => spans.some((span) => span.tags['payment.required.origin'] === 'payment-processor');

describe('an untrusted caller (the default)', () => {
  const sut = useSystem('trace-context');

  it.each([
    ['not sampled', '00'],
    ['sampled', '01'],
  ])('a charge with a %s traceparent has its whole trace in Jaeger under a trace id the gateway chose, linked to the caller', async (_case, flags) => {
    const callerTrace = hex(16);
    const callerSpan = hex(8);
    const answer = await charge(sut, `00-${callerTrace}-${callerSpan}-${flags}`);
    expect(answer.status).toBe(402);
    expect(answer.body.origin).toBe('payment-processor');

    const traceId = answer.body.trace_id!;
    expect(traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(traceId).not.toBe(callerTrace);
    const [, responseTrace, serverSpanId, sampled] = answer.traceresponse.split('-');
    expect(responseTrace).toBe(traceId);
    expect(sampled).toBe('01');

    const spans = await sut.jaeger.waitForTrace(traceId, decided, { timeoutMs: 30_000 });
    const server = spans.find((span) => span.kind === 'server' && span.service === 'gateway');
    expect(server?.spanId).toBe(serverSpanId);
    expect(server?.parentSpanId).toBeUndefined();
    expect(server?.tags).toMatchObject({ 'hoptrace.caller.trace_context': 'linked', 'hoptrace.caller.trace_id': callerTrace });
    expect(await references(sut, traceId, serverSpanId)).toContainEqual(
      expect.objectContaining({ refType: 'FOLLOWS_FROM', traceID: callerTrace, spanID: callerSpan }),
    );
    // Nothing of the caller's trace id is in Jaeger: the caller did not get to choose it.
    expect(await sut.jaeger.getTrace(callerTrace)).toEqual([]);
  });
});

describe('a trusted caller (GATEWAY_TRUST_TRACE_CONTEXT=true, behind a traced proxy)', () => {
  const sut = useSystem('trace-context-trusted', { env: { GATEWAY_TRUST_TRACE_CONTEXT: 'true' } });

  it("continues the caller's trace: its trace id, under the caller's span", async () => {
    const callerTrace = hex(16);
    const callerSpan = hex(8);
    const answer = await charge(sut, `00-${callerTrace}-${callerSpan}-01`);
    expect(answer.status).toBe(402);
    expect(answer.body.trace_id).toBe(callerTrace);
    expect(answer.traceresponse.split('-')[1]).toBe(callerTrace);

    // The caller's own span is not in Jaeger (the caller exports elsewhere), so the trace is not whole here.
    const deadline = Date.now() + 30_000;
    let spans: TraceSpan[] = [];
    while (Date.now() < deadline && !decided(spans)) {
      spans = await sut.jaeger.getTrace(callerTrace);
      if (!decided(spans)) await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(decided(spans)).toBe(true);
    const server = spans.find((span) => span.kind === 'server' && span.service === 'gateway');
    expect(server?.parentSpanId).toBe(callerSpan);
    expect(server?.tags).toMatchObject({ 'hoptrace.caller.trace_context': 'continued' });
  });
});
