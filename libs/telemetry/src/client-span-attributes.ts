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

/**
 * A low-cardinality name for an HTTP CLIENT span whose caller named the route it calls
 * (`url.template`), as OpenTelemetry's HTTP conventions allow: `POST /verify`, not `POST`.
 */
export function nameClientSpan(span: { updateName(name: string): unknown }, method: string): void {
  const template = clientSpanAttributes()['url.template'];
  if (typeof template === 'string') span.updateName(`${method} ${template}`);
}
