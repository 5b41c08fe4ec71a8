import { ROOT_CONTEXT, TraceFlags, type SpanContext } from '@opentelemetry/api';
import { AlwaysOffSampler, AlwaysOnSampler, TracerProvider, type Sampler } from '@opentelemetry/sdk-trace';
import { formatTraceresponse } from './traceresponse';

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const SPAN_ID = '00f067aa0ba902b7';
const TRACERESPONSE = /^00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]$/;

const context = (traceFlags: number): SpanContext => ({ traceId: TRACE_ID, spanId: SPAN_ID, traceFlags });

describe('formatTraceresponse', () => {
  it('formats a sampled span as 00-<trace id>-<span id>-01', () => {
    expect(formatTraceresponse(context(TraceFlags.SAMPLED))).toBe(`00-${TRACE_ID}-${SPAN_ID}-01`);
  });

  it('formats an unsampled span with flags 00', () => {
    expect(formatTraceresponse(context(TraceFlags.NONE))).toBe(`00-${TRACE_ID}-${SPAN_ID}-00`);
  });

  it('always writes the flags as two hex digits', () => {
    expect(formatTraceresponse(context(TraceFlags.SAMPLED))).toMatch(TRACERESPONSE);
    expect(formatTraceresponse(context(TraceFlags.NONE))).toMatch(TRACERESPONSE);
  });

  it.each<[string, Sampler, string]>([
    ['sampled', new AlwaysOnSampler(), '01'],
    ['unsampled', new AlwaysOffSampler(), '00'],
  ])('names the trace and span of a real %s SDK span', async (_case, sampler, flags) => {
    const provider = new TracerProvider({ sampler });
    const span = provider.getTracer('traceresponse-spec').startSpan('GET /v1/charges', {}, ROOT_CONTEXT);
    const { traceId, spanId } = span.spanContext();
    const header = formatTraceresponse(span.spanContext());
    span.end();
    await provider.shutdown();

    expect(header).toMatch(TRACERESPONSE);
    expect(header).toBe(`00-${traceId}-${spanId}-${flags}`);
  });
});
