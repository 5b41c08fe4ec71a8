import { trace } from '@opentelemetry/api';

/** The id of the trace this request is part of, for response bodies. */
export const currentTraceId = (): string | undefined => trace.getActiveSpan()?.spanContext().traceId;
