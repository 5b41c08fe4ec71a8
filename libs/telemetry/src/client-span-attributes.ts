import { context, createContextKey, type Attributes } from '@opentelemetry/api';

const CLIENT_SPAN_ATTRIBUTES = createContextKey('hoptrace.client_span_attributes');

/**
 * Runs `work` so that the HTTP CLIENT spans it starts carry `attributes` from their start. The HTTP
 * instrumentation creates those spans itself, out of reach of the caller; it reads these through its
 * `startOutgoingSpanHook` ({@link clientSpanAttributes}), which startTelemetry installs.
 */
export function withClientSpanAttributes<T>(attributes: Attributes, work: () => T): T {
  const inherited = (context.active().getValue(CLIENT_SPAN_ATTRIBUTES) as Attributes | undefined) ?? {};
  return context.with(context.active().setValue(CLIENT_SPAN_ATTRIBUTES, { ...inherited, ...attributes }), work);
}

/** The attributes {@link withClientSpanAttributes} asked for in the active context; none outside it. */
export const clientSpanAttributes = (): Attributes =>
  (context.active().getValue(CLIENT_SPAN_ATTRIBUTES) as Attributes | undefined) ?? {};
