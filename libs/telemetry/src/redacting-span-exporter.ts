import type { Attributes, Link, SpanStatus } from '@opentelemetry/api';
import type { ExportResult } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter, TimedEvent } from '@opentelemetry/sdk-trace';
import { redactSensitive, redactSensitiveDeep } from './sensitive-data';

/**
 * The span with card numbers (and API keys and signing secrets) redacted from its name, attributes, status message, events and links.
 * The span itself stays untouched (other processors may hold it): the redacted span is a view of it
 * that overrides only those fields, so everything else (spanContext(), duration, ...) still reads
 * through to the original.
 */
export function redactSpan(span: ReadableSpan): ReadableSpan {
  const name = redactSensitive(span.name);
  const attributes = redactSensitiveDeep(span.attributes);
  const status: SpanStatus =
    span.status.message === undefined ? span.status : { ...span.status, message: redactSensitive(span.status.message) };
  const events = mapIfChanged(span.events, (event): TimedEvent => {
    const redactedAttributes = event.attributes && redactSensitiveDeep(event.attributes);
    const redactedName = redactSensitive(event.name);
    return redactedAttributes === event.attributes && redactedName === event.name
      ? event
      : { ...event, name: redactedName, attributes: redactedAttributes as Attributes };
  });
  const links = mapIfChanged(span.links, (link): Link => {
    const redacted = link.attributes && redactSensitiveDeep(link.attributes);
    return redacted === link.attributes ? link : { ...link, attributes: redacted };
  });
  const unchanged =
    name === span.name &&
    attributes === span.attributes &&
    status.message === span.status.message &&
    events === span.events &&
    links === span.links;
  if (unchanged) return span;
  return Object.create(span, {
    name: { value: name, enumerable: true },
    attributes: { value: attributes, enumerable: true },
    status: { value: status, enumerable: true },
    events: { value: events, enumerable: true },
    links: { value: links, enumerable: true },
  }) as ReadableSpan;
}

function mapIfChanged<T>(items: T[], redact: (item: T) => T): T[] {
  const redacted = items.map(redact);
  return redacted.some((item, index) => item !== items[index]) ? redacted : items;
}

/**
 * The second guard for card data in traces: whatever an instrumentation or a handler put on a span,
 * nothing that looks like a card number, an API key or a signing secret leaves the process. (The first guard is that raw cards are
 * sealed at the gateway and never handed to anything that records spans.)
 */
export class CardRedactingSpanExporter implements SpanExporter {
  constructor(private readonly inner: SpanExporter) {}

  export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
    this.inner.export(spans.map(redactSpan), resultCallback);
  }

  shutdown(): Promise<void> {
    return this.inner.shutdown();
  }

  forceFlush(): Promise<void> {
    return this.inner.forceFlush?.() ?? Promise.resolve();
  }
}
