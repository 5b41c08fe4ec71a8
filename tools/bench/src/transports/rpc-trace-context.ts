import { context, propagation, ROOT_CONTEXT, type Context } from '@opentelemetry/api';

/** W3C trace context headers (`traceparent`, `tracestate`) of the active context, for a message. */
export function traceHeaders(from: Context = context.active()): Record<string, string> {
  const headers: Record<string, string> = {};
  propagation.inject(from, headers);
  return headers;
}

/** The context a message's headers carry; the root context when there are none. */
export function contextFromHeaders(headers: unknown): Context {
  if (typeof headers !== 'object' || headers === null) return ROOT_CONTEXT;
  return propagation.extract(ROOT_CONTEXT, headers as Record<string, unknown>);
}
