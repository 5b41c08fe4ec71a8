import type { Attributes, Context, Link, SpanKind } from '@opentelemetry/api';
import { trace } from '@opentelemetry/api';
import { SamplingDecision, type Sampler, type SamplingResult } from '@opentelemetry/sdk-trace';

/**
 * Operations that BullMQ workers and queues trace on their own timers, outside any message: an idle
 * worker polls (getNextJob), renews locks (extendLocks) and sweeps stalled jobs every few seconds,
 * each as a new root span. Plus the one-off span Nest's instrumentation opens at boot.
 */
export const HOUSEKEEPING_OPERATIONS: ReadonlySet<string> = new Set([
  'getNextJob',
  'extendLocks',
  'moveStalledJobsToWait',
  'startStalledCheckTimer',
  'rateLimit',
  'pause',
  'resume',
  'close',
  'trimEvents',
  'promoteJobs',
  'Create Nest App',
]);

/**
 * Operations BullMQ traces inside a message's trace that tell nothing the consumer span does not:
 * `complete` times moving a succeeded job to the completed set, after the handler has answered. The
 * consumer span still covers that time (BullMQ ends it after the move) and marks the moment with its
 * "job completed" event, so dropping these leaves the trace as honest and a charge three spans
 * lighter: 3 of 13 spans, which the SDK, the exporter and Jaeger each paid for (BENCHMARKS.md).
 * A job that fails, is retried or delayed keeps its span: that one does say something.
 */
export const BOOKKEEPING_OPERATIONS: ReadonlySet<string> = new Set(['complete']);

const operationOf = (spanName: string): string => {
  if (HOUSEKEEPING_OPERATIONS.has(spanName)) return spanName;
  const space = spanName.indexOf(' ');
  return space === -1 ? spanName : spanName.slice(0, space);
};

/**
 * Drops housekeeping root spans and bookkeeping spans wherever they are, and defers every other
 * decision to `delegate`. Deciding at the root
 * (rather than filtering exported spans) also drops whatever such a span would have parented, and
 * costs nothing for spans that are never recorded.
 */
export class HousekeepingSampler implements Sampler {
  constructor(private readonly delegate: Sampler) {}

  shouldSample(
    context: Context,
    traceId: string,
    spanName: string,
    spanKind: SpanKind,
    attributes: Attributes,
    links: Link[],
  ): SamplingResult {
    const operation = operationOf(spanName);
    if (BOOKKEEPING_OPERATIONS.has(operation)) return { decision: SamplingDecision.NOT_RECORD };
    const isRoot = trace.getSpanContext(context) === undefined;
    if (isRoot && HOUSEKEEPING_OPERATIONS.has(operation)) {
      return { decision: SamplingDecision.NOT_RECORD };
    }
    return this.delegate.shouldSample(context, traceId, spanName, spanKind, attributes, links);
  }

  toString(): string {
    return `HousekeepingSampler{${this.delegate.toString()}}`;
  }
}
