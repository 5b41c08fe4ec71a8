import { isConnected } from './verdict';

export type TagValue = string | number | boolean;

export interface TraceSpan {
  /** 32 lowercase hex digits. */
  traceId: string;
  /** 16 lowercase hex digits. */
  spanId: string;
  parentSpanId?: string;
  operationName: string;
  service: string;
  /** server | client | producer | consumer | internal; absent for SPAN_KIND_UNSPECIFIED. */
  kind?: string;
  /** Microseconds since the epoch. */
  startTime: number;
  /** Microseconds. */
  duration: number;
  /** Span attributes plus the tags Jaeger derives (otel.status_code, span.kind, error, otel.scope.name, ...). */
  tags: Record<string, TagValue>;
  hasError: boolean;
  /** Span events (Jaeger "logs"); the event name is under fields.event. */
  events: { timestamp: number; fields: Record<string, TagValue> }[];
  /** Resource attributes other than service.name (Jaeger "process tags"). */
  resource: Record<string, TagValue>;
  /** The spans this one links to (OTel span links; Jaeger's FOLLOWS_FROM references), when it has any. */
  links?: { traceId: string; spanId: string }[];
}

export interface FindTracesQuery {
  service: string;
  operation?: string;
  /**
   * Exact-match filters on span or resource attributes. Tags Jaeger derives at read time
   * (error, otel.status_code, span.kind, otel.scope.name) are not searchable in v2.
   */
  tags?: Record<string, TagValue>;
  /** Jaeger duration such as '15m', '1h' (default), '2d'. */
  lookback?: string;
  limit?: number;
}

// Wire format of the classic /api endpoints (the ones the UI uses).
interface WireKeyValue {
  key: string;
  type: string;
  value: TagValue;
}
interface WireSpan {
  traceID: string;
  spanID: string;
  operationName: string;
  references: { refType: 'CHILD_OF' | 'FOLLOWS_FROM'; traceID: string; spanID: string }[] | null;
  startTime: number;
  duration: number;
  tags: WireKeyValue[] | null;
  logs: { timestamp: number; fields: WireKeyValue[] | null }[] | null;
  processID: string;
}
interface WireTrace {
  traceID: string;
  spans: WireSpan[];
  processes: Record<string, { serviceName: string; tags: WireKeyValue[] | null }>;
}
interface WireResponse<T> {
  data: T | null;
  errors: { code: number; msg: string }[] | null;
}

const toMap = (kvs: WireKeyValue[] | null | undefined): Record<string, TagValue> =>
  Object.fromEntries((kvs ?? []).map((kv) => [kv.key, kv.value]));

// Jaeger prints 64-bit trace ids (high half zero) as 16 digits; OTel ids are always 128-bit.
const normTraceId = (id: string) => id.toLowerCase().padStart(32, '0');
const normSpanId = (id: string) => id.toLowerCase().padStart(16, '0');

export function normalizeTrace(trace: WireTrace): TraceSpan[] {
  return trace.spans.map((s) => {
    const tags = toMap(s.tags);
    const parent = (s.references ?? []).find((r) => r.refType === 'CHILD_OF');
    const links = (s.references ?? [])
      .filter((r) => r.refType === 'FOLLOWS_FROM')
      .map((r) => ({ traceId: normTraceId(r.traceID), spanId: normSpanId(r.spanID) }));
    const process = trace.processes[s.processID];
    return {
      traceId: normTraceId(s.traceID),
      spanId: normSpanId(s.spanID),
      ...(parent ? { parentSpanId: normSpanId(parent.spanID) } : {}),
      operationName: s.operationName,
      service: process?.serviceName ?? '',
      ...(typeof tags['span.kind'] === 'string' ? { kind: tags['span.kind'] } : {}),
      startTime: s.startTime,
      duration: s.duration,
      tags,
      hasError: tags['otel.status_code'] === 'ERROR' || tags['error'] === true,
      events: (s.logs ?? []).map((l) => ({ timestamp: l.timestamp, fields: toMap(l.fields) })),
      resource: toMap(process?.tags),
      ...(links.length > 0 ? { links } : {}),
    };
  });
}

export class JaegerClient {
  readonly queryUrl: string;

  constructor(queryUrl: string) {
    this.queryUrl = queryUrl.replace(/\/+$/, '');
  }

  /** All spans of the trace received so far; [] while Jaeger has none (it answers 404). */
  async getTrace(traceId: string): Promise<TraceSpan[]> {
    const data = await this.get<WireTrace[]>(`/api/traces/${encodeURIComponent(traceId.toLowerCase())}`, true);
    return (data ?? []).flatMap(normalizeTrace);
  }

  /** Ids (32 hex digits) of traces with a span matching the query, newest first as Jaeger returns them. */
  async findTraces(query: FindTracesQuery): Promise<string[]> {
    const params = new URLSearchParams({
      service: query.service,
      lookback: query.lookback ?? '1h',
      limit: String(query.limit ?? 20),
    });
    if (query.operation) params.set('operation', query.operation);
    if (query.tags && Object.keys(query.tags).length > 0) {
      const tags = Object.fromEntries(Object.entries(query.tags).map(([k, v]) => [k, String(v)]));
      params.set('tags', JSON.stringify(tags));
    }
    const data = await this.get<WireTrace[]>(`/api/traces?${params}`);
    return [...new Set((data ?? []).map((t) => normTraceId(t.traceID)))];
  }

  async services(): Promise<string[]> {
    return (await this.get<string[]>('/api/services')) ?? [];
  }

  /** The span names Jaeger has seen for `service`. */
  async operations(service: string): Promise<string[]> {
    return (await this.get<string[]>(`/api/services/${encodeURIComponent(service)}/operations`, true)) ?? [];
  }

  /**
   * Polls getTrace until the trace is whole (one root, no parent missing) and `predicate` holds: spans
   * arrive asynchronously, in batches from each service. Returns the spans.
   */
  async waitForTrace(
    traceId: string,
    predicate: (spans: TraceSpan[]) => boolean,
    opts: { timeoutMs?: number; intervalMs?: number } = {},
  ): Promise<TraceSpan[]> {
    const deadline = Date.now() + (opts.timeoutMs ?? 20_000);
    let spans: TraceSpan[] = [];
    for (;;) {
      spans = await this.getTrace(traceId);
      if (spans.length > 0 && isConnected(spans) && predicate(spans)) return spans;
      if (Date.now() >= deadline) break;
      await new Promise((resolve) => setTimeout(resolve, opts.intervalMs ?? 250));
    }
    const seen = spans.length
      ? spans.map((s) => `  ${s.service} ${s.operationName} (${s.spanId}${s.parentSpanId ? ` <- ${s.parentSpanId}` : ''})`).join('\n')
      : '  (no spans)';
    throw new Error(`trace ${traceId} did not satisfy the predicate in time.\nSpans seen last (${spans.length}):\n${seen}`);
  }

  private async get<T>(pathAndQuery: string, notFoundIsEmpty = false): Promise<T | null> {
    const url = this.queryUrl + pathAndQuery;
    const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
    if (res.status === 404 && notFoundIsEmpty) {
      await res.arrayBuffer();
      return null;
    }
    const text = await res.text();
    let body: WireResponse<T> | undefined;
    try {
      body = JSON.parse(text) as WireResponse<T>;
    } catch {
      // reported below
    }
    if (!res.ok || !body || (body.errors && body.errors.length > 0)) {
      const detail = body?.errors?.map((e) => `${e.code} ${e.msg}`).join('; ') || text.slice(0, 500);
      throw new Error(`Jaeger GET ${url} failed: HTTP ${res.status}: ${detail}`);
    }
    return body.data;
  }
}
