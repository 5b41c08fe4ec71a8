import { context, createContextKey, type Attributes, type Span } from '@opentelemetry/api';

const CLIENT_SPAN_ATTRIBUTES = createContextKey('hoptrace.client_span_attributes');
const CLIENT_SPAN_NAME = createContextKey('hoptrace.client_span_name');

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
 * Runs `work` so that the HTTP CLIENT spans it starts are named `name` (a low-cardinality name, as
 * OpenTelemetry's HTTP conventions allow: `{method} {target}`) and carry `attributes`.
 */
export function withClientSpan<T>(name: string, attributes: Attributes, work: () => T): T {
  return withClientSpanAttributes(attributes, () => context.with(context.active().setValue(CLIENT_SPAN_NAME, name), work));
}

/** The name {@link withClientSpan} asked for in the active context; undefined outside it. */
export const clientSpanName = (): string | undefined => context.active().getValue(CLIENT_SPAN_NAME) as string | undefined;

/** Renames an HTTP CLIENT span as {@link withClientSpan} asked (the HTTP instrumentation's `requestHook`). */
export function nameClientSpan(span: Span): void {
  const name = clientSpanName();
  if (name) span.updateName(name);
}
