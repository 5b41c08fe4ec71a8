import { TraceFlags, type SpanContext } from '@opentelemetry/api';

/**
 * The W3C Trace Context level 2 `traceresponse` header: version 00, the trace id, the id of the
 * server's span for this request, and whether it was sampled.
 */
export function formatTraceresponse(context: SpanContext): string {
  const flags = (context.traceFlags & TraceFlags.SAMPLED).toString(16).padStart(2, '0');
  return `00-${context.traceId}-${context.spanId}-${flags}`;
}
