import type { TraceSpan } from './jaeger-client';

/** One span where it stands in its trace's tree. */
export interface SpanInTree {
  span: TraceSpan;
  /** 0 for a root. */
  depth: number;
  /** Microseconds from the start of the trace's first span. */
  offset: number;
  /**
   * For each level from the outermost ancestor down to this span, whether that one is the last of
   * its siblings: what a drawing of the tree needs to know where its branches go on.
   */
  lastAtDepth: boolean[];
}

/**
 * A trace's spans as a tree, walked depth first: parents before their children, siblings in start
 * order. A span whose parent is not among them (not yet received, or in another trace) is a root.
 */
export function spanTree(spans: TraceSpan[]): SpanInTree[] {
  const ordered = [...spans].sort((a, b) => a.startTime - b.startTime);
  const ids = new Set(ordered.map((span) => span.spanId));
  const children = new Map<string, TraceSpan[]>();
  for (const span of ordered) {
    const parent = span.parentSpanId && ids.has(span.parentSpanId) ? span.parentSpanId : '';
    children.set(parent, [...(children.get(parent) ?? []), span]);
  }
  const start = ordered[0]?.startTime ?? 0;
  const rows: SpanInTree[] = [];
  const walk = (parent: string, lastAbove: boolean[]) => {
    const kids = children.get(parent) ?? [];
    kids.forEach((span, index) => {
      const lastAtDepth = [...lastAbove, index === kids.length - 1];
      rows.push({ span, depth: lastAbove.length, offset: span.startTime - start, lastAtDepth });
      walk(span.spanId, lastAtDepth);
    });
  };
  walk('', []);
  return rows;
}
