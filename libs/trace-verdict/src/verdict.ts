import type { TraceSpan } from './jaeger-client';
import { spanTree } from './span-tree';

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
  /**
   * Set when the gateway answered from its idempotency store: the trace id of the request that did
   * the work, where the decision is. A replayed 402 has no deciding span of its own.
   */
  replayOf?: string;
  /** Queue hops nobody took: producer spans with no consumer span below them, by destination queue. */
  unansweredHops: string[];
  /**
   * The span that spent the most time itself, not waiting on a span below it: where the time went.
   * The root is left out, since it always waits for the whole request.
   */
  slowestHop?: { service: string; operationName: string; selfTimeMs: number };
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
  const replayOf = server?.tags['idempotency.replayed'] === true ? String(server.tags['idempotency.original_trace_id'] ?? '') : undefined;

  const defects: string[] = [];
  const orphans = ordered.filter((span) => span.parentSpanId && !ids.has(span.parentSpanId));
  if (orphans.length > 0) defects.push(`${orphans.length} span(s) whose parent is missing: ${orphans.map(label).join(', ')}`);
  if (roots.length - orphans.length !== 1) defects.push(`${roots.length - orphans.length} root spans, expected 1`);
  if (deciders.length > 1) defects.push(`${deciders.length} spans claim the 402: ${deciders.map(label).join(', ')}`);
  if (status === 402 && deciders.length === 0 && replayOf === undefined) defects.push('a 402 with no span carrying payment.required.origin');
  if (replayOf !== undefined && ordered.some((span) => span.service !== server?.service)) {
    defects.push('a replayed answer whose trace reaches past the gateway');
  }
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
    ...(replayOf !== undefined ? { replayOf } : {}),
    unansweredHops: unansweredHops(ordered),
    slowestHop: slowestHop(ordered, server),
    defects,
  };
}

function unansweredHops(spans: TraceSpan[]): string[] {
  const parents = new Set(spans.filter((span) => span.kind === 'consumer').map((span) => span.parentSpanId));
  return spans
    .filter((span) => span.kind === 'producer' && !parents.has(span.spanId))
    .map((span) => String(span.tags['messaging.destination.name'] ?? span.operationName));
}

/** Self time: the span's duration less the union of its children's intervals inside it. */
function slowestHop(spans: TraceSpan[], root: TraceSpan | undefined): TraceVerdict['slowestHop'] {
  const children = new Map<string, TraceSpan[]>();
  for (const span of spans) if (span.parentSpanId) children.set(span.parentSpanId, [...(children.get(span.parentSpanId) ?? []), span]);
  let slowest: TraceVerdict['slowestHop'];
  for (const span of spans) {
    if (span === root || !span.parentSpanId) continue;
    const end = span.startTime + span.duration;
    let covered = 0;
    let reach = span.startTime;
    const kids = (children.get(span.spanId) ?? []).slice().sort(byStart);
    for (const kid of kids) {
      const from = Math.max(kid.startTime, reach);
      const to = Math.min(kid.startTime + kid.duration, end);
      if (to > from) {
        covered += to - from;
        reach = to;
      }
    }
    const selfTimeMs = (span.duration - covered) / 1000;
    if (!slowest || selfTimeMs > slowest.selfTimeMs) slowest = { service: span.service, operationName: span.operationName, selfTimeMs };
  }
  return slowest;
}

function label(span: TraceSpan): string {
  return `${span.service}/${span.operationName}`;
}

/**
 * Whether the spans received so far form one tree: a single root and every parent present. Spans of
 * one trace reach Jaeger in several batches, from several services; wait for this before judging.
 */
export function isConnected(spans: TraceSpan[]): boolean {
  const ids = new Set(spans.map((span) => span.spanId));
  const roots = spans.filter((span) => !span.parentSpanId);
  return roots.length === 1 && spans.every((span) => !span.parentSpanId || ids.has(span.parentSpanId));
}

/** The trace as an indented tree of hops, the deciding span marked. */
export function hopTree(spans: TraceSpan[], decidingSpanId?: string): string {
  return spanTree(spans)
    .map(({ span, offset, lastAtDepth }) => {
      const branches = lastAtDepth.slice(0, -1).map((last) => (last ? '   ' : '│  ')).join('');
      const offsetMs = (offset / 1000).toFixed(1);
      const durationMs = (span.duration / 1000).toFixed(1);
      const mark = span.spanId === decidingSpanId ? '  <== decided the 402' : span.hasError ? '  (error)' : '';
      return `${branches}${lastAtDepth.at(-1) ? '└─' : '├─'} ${span.service}: ${span.operationName}  +${offsetMs}ms ${durationMs}ms${mark}`;
    })
    .join('\n');
}

/** A link that opens the trace in Jaeger's UI with the span highlighted. */
export const jaegerLink = (uiBaseUrl: string, traceId: string, spanId?: string): string =>
  `${uiBaseUrl.replace(/\/$/, '')}/trace/${traceId}${spanId ? `?uiFind=${spanId}` : ''}`;
