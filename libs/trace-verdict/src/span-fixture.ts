import type { TraceSpan } from './jaeger-client';

/**
 * A builder of TraceSpans for tests of code that reads traces: each span starts 1 ms after the one
 * before unless told otherwise, lasts 0.5 ms, and has short ids padded to Jaeger's 16 digits.
 */
export function spanFixture(traceId: string) {
  let clock = 0;
  return {
    /** Starts the clock again, for the next trace. */
    reset(): void {
      clock = 0;
    },
    span(spanId: string, parentSpanId: string | undefined, service: string, operationName: string, extra: Partial<TraceSpan> = {}): TraceSpan {
      return {
        traceId,
        spanId: spanId.padStart(16, '0'),
        parentSpanId: parentSpanId?.padStart(16, '0'),
        operationName,
        service,
        startTime: (clock += 1000),
        duration: 500,
        tags: {},
        hasError: false,
        events: [],
        resource: {},
        ...extra,
      };
    },
  };
}
