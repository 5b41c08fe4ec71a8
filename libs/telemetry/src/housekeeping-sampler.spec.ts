import { ROOT_CONTEXT, SpanKind, trace, TraceFlags, type Context, type Span } from '@opentelemetry/api';
import {
  AlwaysOnSampler,
  InMemorySpanExporter,
  ParentBasedSampler,
  SamplingDecision,
  SimpleSpanProcessor,
  TracerProvider,
} from '@opentelemetry/sdk-trace';
import { BOOKKEEPING_OPERATIONS, HOUSEKEEPING_OPERATIONS, HousekeepingSampler } from './housekeeping-sampler';

/** The sampler exactly as startTelemetry composes it. */
const productionSampler = () => new HousekeepingSampler(new ParentBasedSampler({ root: new AlwaysOnSampler() }));

describe('HousekeepingSampler in a tracer provider', () => {
  // Spans are started with explicit parent contexts, so nothing is registered globally.
  const exporter = new InMemorySpanExporter();
  const provider = new TracerProvider({
    sampler: productionSampler(),
    spanProcessors: [new SimpleSpanProcessor({ exporter })],
  });
  const tracer = provider.getTracer('housekeeping-sampler-spec');

  const startRoot = (name: string): Span => tracer.startSpan(name, { kind: SpanKind.INTERNAL }, ROOT_CONTEXT);
  const startChild = (name: string, parent: Span): Span => tracer.startSpan(name, {}, trace.setSpan(ROOT_CONTEXT, parent));
  const exportedNames = async (): Promise<string[]> => {
    await provider.forceFlush();
    return exporter.getFinishedSpans().map((span) => span.name);
  };

  afterEach(() => exporter.reset());
  afterAll(() => provider.shutdown());

  it.each([
    'getNextJob billing',
    'extendLocks billing',
    'moveStalledJobsToWait notifier',
    'startStalledCheckTimer payment-processor',
    'getNextJob',
    'Create Nest App',
  ])('does not record a root span named %p', async (name) => {
    const span = startRoot(name);
    expect(span.isRecording()).toBe(false);
    expect(span.spanContext().traceFlags & TraceFlags.SAMPLED).toBe(TraceFlags.NONE);
    span.end();
    expect(await exportedNames()).toEqual([]);
  });

  it.each([
    'process billing',
    'add billing.charge.create',
    'publish payment-processor',
    'POST /v1/charges',
    'GET /healthz',
    'payment.authorize',
    // Names that only begin like a housekeeping operation are not one.
    'getNextJobs billing',
    'Create Nest Application',
  ])('records and exports a root span named %p', async (name) => {
    const span = startRoot(name);
    expect(span.isRecording()).toBe(true);
    expect(span.spanContext().traceFlags & TraceFlags.SAMPLED).toBe(TraceFlags.SAMPLED);
    span.end();
    expect(await exportedNames()).toEqual([name]);
  });

  it.each(['getNextJob x', 'extendLocks billing', 'Create Nest App'])(
    'records a child named %p under a recorded parent: only roots are dropped',
    async (name) => {
      const parent = startRoot('process billing');
      const child = startChild(name, parent);
      expect(child.isRecording()).toBe(true);
      expect(child.spanContext().traceId).toBe(parent.spanContext().traceId);
      child.end();
      parent.end();
      expect(await exportedNames()).toEqual([name, 'process billing']);
    },
  );

  it('drops BullMQ’s bookkeeping span of a succeeded job inside a recorded trace, and keeps its consumer span', async () => {
    const parent = startRoot('process billing');
    const complete = startChild('complete billing', parent);
    expect(complete.isRecording()).toBe(false);
    complete.end();
    parent.end();
    expect(await exportedNames()).toEqual(['process billing']);
  });

  it.each(['fail billing', 'retry notifier', 'delay notifier', 'completed billing'])(
    'keeps a child named %p: a failure, a retry or a delay says something the consumer span does not',
    async (name) => {
      const parent = startRoot('process billing');
      startChild(name, parent).end();
      parent.end();
      expect(await exportedNames()).toEqual([name, 'process billing']);
    },
  );

  it('exports nothing of a dropped root’s subtree, however its descendants are named', async () => {
    const root = startRoot('getNextJob billing');
    const child = startChild('process billing', root);
    const grandchild = startChild('payment.authorize', child);
    expect([root, child, grandchild].map((span) => span.isRecording())).toEqual([false, false, false]);
    grandchild.end();
    child.end();
    root.end();
    expect(await exportedNames()).toEqual([]);
  });
});

describe('HousekeepingSampler.shouldSample', () => {
  const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
  const remoteParent = (traceFlags: TraceFlags): Context =>
    trace.setSpanContext(ROOT_CONTEXT, { traceId: TRACE_ID, spanId: '00f067aa0ba902b7', traceFlags, isRemote: true });
  const decide = (sampler: HousekeepingSampler, name: string, context: Context = ROOT_CONTEXT) =>
    sampler.shouldSample(context, TRACE_ID, name, SpanKind.CONSUMER, {}, []).decision;

  it.each([...HOUSEKEEPING_OPERATIONS])('drops a root span named exactly %p', (operation) => {
    expect(decide(productionSampler(), operation)).toBe(SamplingDecision.NOT_RECORD);
  });

  it.each([...HOUSEKEEPING_OPERATIONS].filter((operation) => !operation.includes(' ')))(
    'drops a root span of BullMQ operation %p on a queue, named "<operation> <queue>"',
    (operation) => {
      expect(decide(productionSampler(), `${operation} billing`)).toBe(SamplingDecision.NOT_RECORD);
    },
  );

  it.each([...BOOKKEEPING_OPERATIONS])('drops %p on a queue under a sampled remote parent too', (operation) => {
    expect(decide(productionSampler(), `${operation} billing`, remoteParent(TraceFlags.SAMPLED))).toBe(SamplingDecision.NOT_RECORD);
  });

  it('defers to the delegate for a housekeeping name whose parent came from another process', () => {
    const sampler = productionSampler();
    expect(decide(sampler, 'getNextJob billing', remoteParent(TraceFlags.SAMPLED))).toBe(SamplingDecision.RECORD_AND_SAMPLED);
    expect(decide(sampler, 'getNextJob billing', remoteParent(TraceFlags.NONE))).toBe(SamplingDecision.NOT_RECORD);
  });

  it('passes every argument through to the delegate for spans it does not drop', () => {
    const delegate = { shouldSample: jest.fn(() => ({ decision: SamplingDecision.RECORD })), toString: () => 'Spy' };
    const sampler = new HousekeepingSampler(delegate);
    const attributes = { 'messaging.system': 'bullmq' };
    const links = [{ context: { traceId: TRACE_ID, spanId: '00f067aa0ba902b7', traceFlags: TraceFlags.SAMPLED } }];

    const result = sampler.shouldSample(ROOT_CONTEXT, TRACE_ID, 'process billing', SpanKind.CONSUMER, attributes, links);

    expect(result).toEqual({ decision: SamplingDecision.RECORD });
    expect(delegate.shouldSample).toHaveBeenCalledWith(ROOT_CONTEXT, TRACE_ID, 'process billing', SpanKind.CONSUMER, attributes, links);
  });

  it('does not consult the delegate for a dropped root', () => {
    const delegate = { shouldSample: jest.fn(() => ({ decision: SamplingDecision.RECORD_AND_SAMPLED })), toString: () => 'Spy' };
    expect(decide(new HousekeepingSampler(delegate), 'extendLocks billing')).toBe(SamplingDecision.NOT_RECORD);
    expect(delegate.shouldSample).not.toHaveBeenCalled();
  });

  it('describes itself with its delegate', () => {
    const sampler = new HousekeepingSampler(new AlwaysOnSampler());
    expect(sampler.toString()).toBe(`HousekeepingSampler{${new AlwaysOnSampler().toString()}}`);
  });
});
