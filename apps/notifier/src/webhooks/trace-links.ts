import { context, isSpanContextValid, propagation, trace, TraceFlags, type Link } from '@opentelemetry/api';
import type { DeliveryLinks } from '@hoptrace/webhooks';

/** The active span as a W3C traceparent, for a later attempt to link to; undefined without one. */
export function activeTraceparent(): string | undefined {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return carrier.traceparent;
}

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

/** What an attempt in a trace of its own links to: the charge's trace and the attempt before. */
export function deliveryLinks(links: DeliveryLinks | undefined): Link[] {
  const found: Link[] = [];
  for (const [role, traceparent] of Object.entries(links ?? {})) {
    const match = TRACEPARENT.exec(traceparent ?? '');
    if (!match) continue;
    const spanContext = { traceId: match[1], spanId: match[2], traceFlags: Number.parseInt(match[3], 16) & TraceFlags.SAMPLED, isRemote: true };
    if (isSpanContextValid(spanContext)) found.push({ context: spanContext, attributes: { 'webhook.link': role } });
  }
  return found;
}

/** Links the active span (an attempt's consumer span) to what its job names. */
export function linkActiveSpan(links: DeliveryLinks | undefined): void {
  const span = trace.getActiveSpan();
  const found = deliveryLinks(links);
  if (span && found.length > 0) span.addLinks(found);
}
