import type { TraceSpan } from './jaeger-client';

export const ATTR_ORIGIN = 'payment.required.origin';

export interface DecidingSpan {
  spanId: string;
  service: string;
  operationName: string;
  declineCode?: string;
}

/** What a trace says about its request, read from Jaeger's data alone. */
export interface TraceVerdict {
  traceId: string;
  /** The HTTP status the gateway answered with: its server span's http.response.status_code. */
  status?: number;
  /** The hop that decided the 402, if one did. */
  decidedBy?: DecidingSpan;
  /** Services in the order their first span started. */
  services: string[];
  /** Ways the trace falls short of "one connected trace, one decider": empty when honest. */
  defects: string[];
}

const byStart = (a: TraceSpan, b: TraceSpan) => a.startTime - b.startTime;

/**
 * Reads a trace as an SRE would in Jaeger: the root's status, the one span that claims the 402
 * decision, and whatever would make the trace untrustworthy (several roots, a missing parent, a
 * 402 with no decider or with two, a decider that is not red).
 */
export function verdictOf(spans: TraceSpan[]): TraceVerdict {
  const ordered = [...spans].sort(byStart);
  const ids = new Set(ordered.map((span) => span.spanId));
  const roots = ordered.filter((span) => !span.parentSpanId || !ids.has(span.parentSpanId));
  const server = ordered.find((span) => span.kind === 'server' && !span.parentSpanId);
  const rawStatus = server?.tags['http.response.status_code'];
  const status = rawStatus === undefined ? undefined : Number(rawStatus);
  const deciders = ordered.filter((span) => ATTR_ORIGIN in span.tags);

  const defects: string[] = [];
  const orphans = ordered.filter((span) => span.parentSpanId && !ids.has(span.parentSpanId));
  if (orphans.length > 0) defects.push(`${orphans.length} span(s) whose parent is missing: ${orphans.map(label).join(', ')}`);
  if (roots.length - orphans.length !== 1) defects.push(`${roots.length - orphans.length} root spans, expected 1`);
  if (deciders.length > 1) defects.push(`${deciders.length} spans claim the 402: ${deciders.map(label).join(', ')}`);
  if (status === 402 && deciders.length === 0) defects.push('a 402 with no span carrying payment.required.origin');
  if (status !== undefined && status !== 402 && deciders.length > 0) defects.push(`a ${status} with a span claiming a 402`);
  for (const decider of deciders) {
    if (!decider.hasError) defects.push(`the deciding span ${label(decider)} is not marked as an error`);
    if (decider.tags[ATTR_ORIGIN] !== decider.service) {
      defects.push(`${label(decider)} names ${String(decider.tags[ATTR_ORIGIN])} as origin but belongs to ${decider.service}`);
    }
  }

  const [decider] = deciders;
  return {
    traceId: ordered[0]?.traceId ?? '',
    status,
    decidedBy: decider && {
      spanId: decider.spanId,
      service: decider.service,
      operationName: decider.operationName,
      declineCode: decider.tags['payment.decline_code'] === undefined ? undefined : String(decider.tags['payment.decline_code']),
    },
    services: [...new Set(ordered.map((span) => span.service))],
    defects,
  };
}

function label(span: TraceSpan): string {
  return `${span.service}/${span.operationName}`;
}

/** The trace as an indented tree of hops, the deciding span marked. */
export function hopTree(spans: TraceSpan[], decidingSpanId?: string): string {
  const ordered = [...spans].sort(byStart);
  const ids = new Set(ordered.map((span) => span.spanId));
  const children = new Map<string, TraceSpan[]>();
  for (const span of ordered) {
    const parent = span.parentSpanId && ids.has(span.parentSpanId) ? span.parentSpanId : '';
    children.set(parent, [...(children.get(parent) ?? []), span]);
  }
  const start = ordered[0]?.startTime ?? 0;
  const lines: string[] = [];
  const walk = (parent: string, prefix: string) => {
    const kids = children.get(parent) ?? [];
    kids.forEach((span, index) => {
      const last = index === kids.length - 1;
      const offsetMs = ((span.startTime - start) / 1000).toFixed(1);
      const durationMs = (span.duration / 1000).toFixed(1);
      const mark = span.spanId === decidingSpanId ? '  <== decided the 402' : span.hasError ? '  (error)' : '';
      lines.push(`${prefix}${last ? '└─' : '├─'} ${span.service}: ${span.operationName}  +${offsetMs}ms ${durationMs}ms${mark}`);
      walk(span.spanId, `${prefix}${last ? '   ' : '│  '}`);
    });
  };
  walk('', '');
  return lines.join('\n');
}

/** A link that opens the trace in Jaeger's UI with the span highlighted. */
export const jaegerLink = (uiBaseUrl: string, traceId: string, spanId?: string): string =>
  `${uiBaseUrl.replace(/\/$/, '')}/trace/${traceId}${spanId ? `?uiFind=${spanId}` : ''}`;
