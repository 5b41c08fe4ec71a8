import { context, defaultTextMapGetter, propagation, ROOT_CONTEXT, trace, TraceFlags } from '@opentelemetry/api';
import { AlwaysOnSampler, InMemorySpanExporter, ParentBasedSampler, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { decideEdgeTraceContext, edgeDecisionIn, EdgePropagator, recordCallerTraceContext } from './edge-trace-context';
import { HousekeepingSampler } from './housekeeping-sampler';

const CALLER_TRACE = '0af7651916cd43dd8448eb211c80319c';
const CALLER_SPAN = 'b7ad6b7169203331';
const notSampled = { traceparent: `00-${CALLER_TRACE}-${CALLER_SPAN}-00`, baggage: 'user=mallory' };
const caller = { traceId: CALLER_TRACE, spanId: CALLER_SPAN, traceFlags: TraceFlags.NONE, isRemote: true };

describe('decideEdgeTraceContext', () => {
  it('links an untrusted caller, whatever its flags say', () => {
    expect(decideEdgeTraceContext(caller, false)).toEqual({
      treatment: 'linked',
      link: { context: caller, attributes: { 'link.reason': 'caller_trace_context' } },
    });
    expect(decideEdgeTraceContext({ ...caller, traceFlags: TraceFlags.SAMPLED }, false).treatment).toBe('linked');
  });

  it('continues a trusted caller', () => {
    expect(decideEdgeTraceContext(caller, true)).toEqual({ treatment: 'continued', parent: caller });
  });

  it('has nothing to do without a valid caller context', () => {
    expect(decideEdgeTraceContext(undefined, false)).toEqual({ treatment: 'absent' });
    expect(decideEdgeTraceContext({ ...caller, traceId: '0'.repeat(32) }, true)).toEqual({ treatment: 'absent' });
  });
});

describe('EdgePropagator', () => {
  const exporter = new InMemorySpanExporter();
  // The services' sampler: parent-based, always on for roots, housekeeping refused.
  const provider = new TracerProvider({
    sampler: new HousekeepingSampler(new ParentBasedSampler({ root: new AlwaysOnSampler() })),
    spanProcessors: [new SimpleSpanProcessor({ exporter })],
  });
  const tracer = provider.getTracer('edge-spec');
  const manager = new AsyncLocalStorageContextManager().enable();
  beforeAll(() => context.setGlobalContextManager(manager));
  afterAll(async () => {
    context.disable();
    await provider.shutdown();
  });
  afterEach(() => exporter.reset());

  /** A server span as the HTTP instrumentation starts one: in the extracted context, then its request hook. */
  async function serve(propagator: EdgePropagator, headers: Record<string, string>) {
    const extracted = propagator.extract(ROOT_CONTEXT, headers, defaultTextMapGetter);
    const span = tracer.startSpan('POST /v1/charges', {}, extracted);
    context.with(trace.setSpan(extracted, span), () => recordCallerTraceContext(span));
    span.end();
    await provider.forceFlush();
    return { extracted, span: exporter.getFinishedSpans()[0] };
  }

  it('starts a sampled root of its own for a caller that asked for none, linked to the caller', async () => {
    const { extracted, span } = await serve(new EdgePropagator(false), notSampled);
    expect(trace.getSpanContext(extracted)).toBeUndefined();
    expect(span.spanContext().traceId).not.toBe(CALLER_TRACE);
    expect(span.spanContext().traceFlags & TraceFlags.SAMPLED).toBe(TraceFlags.SAMPLED);
    expect(span.parentSpanContext).toBeUndefined();
    expect(span.links).toEqual([
      { context: expect.objectContaining({ traceId: CALLER_TRACE, spanId: CALLER_SPAN }), attributes: { 'link.reason': 'caller_trace_context' }, droppedAttributesCount: 0 },
    ]);
    expect(span.attributes).toMatchObject({ 'hoptrace.caller.trace_context': 'linked', 'hoptrace.caller.trace_id': CALLER_TRACE });
    expect(edgeDecisionIn(extracted)?.treatment).toBe('linked');
  });

  it('drops an untrusted caller\'s baggage', () => {
    const untrusted = new EdgePropagator(false).extract(ROOT_CONTEXT, notSampled, defaultTextMapGetter);
    const trusted = new EdgePropagator(true).extract(ROOT_CONTEXT, notSampled, defaultTextMapGetter);
    expect(propagation.getBaggage(trusted)?.getEntry('user')?.value).toBe('mallory');
    expect(propagation.getBaggage(untrusted)).toBeUndefined();
  });

  it('continues the caller\'s trace when trusted, its flags included', async () => {
    const { span } = await serve(new EdgePropagator(true), { traceparent: `00-${CALLER_TRACE}-${CALLER_SPAN}-01` });
    expect(span.spanContext().traceId).toBe(CALLER_TRACE);
    expect(span.parentSpanContext?.spanId).toBe(CALLER_SPAN);
    expect(span.links).toEqual([]);
    expect(span.attributes).toMatchObject({ 'hoptrace.caller.trace_context': 'continued' });
  });

  it('marks nothing when the caller sent no context', async () => {
    const { span } = await serve(new EdgePropagator(false), {});
    expect(span.links).toEqual([]);
    expect(span.attributes).not.toHaveProperty(['hoptrace.caller.trace_context']);
  });

  it('injects the edge\'s own context for the hops after it', () => {
    const span = tracer.startSpan('POST /v1/charges', {}, ROOT_CONTEXT);
    const carrier: Record<string, string> = {};
    new EdgePropagator(false).inject(trace.setSpan(ROOT_CONTEXT, span), carrier, { set: (c, k, v) => ((c as Record<string, string>)[k] = v) });
    span.end();
    expect(carrier.traceparent).toBe(`00-${span.spanContext().traceId}-${span.spanContext().spanId}-01`);
  });
});
