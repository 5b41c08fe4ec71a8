import type { ScenarioResult } from '@hoptrace/scenarios';
import { formatDiagnosis, jaegerLink, partyName, spanTree, type TraceSpan } from '@hoptrace/trace-verdict';
import type { FocusReason, RunView, WaterfallRow } from './wire';

export interface Links {
  /** Jaeger's UI as the browser reaches it. */
  jaegerUiUrl: string;
  /** The gateway as the browser reaches it, for the error pages `explain` links to. */
  gatewayUiUrl: string;
}

/**
 * The span a person should open first: the one that decided the 402; for a failure, where it
 * failed (the first span `explain` rests its findings on); else the gateway's answer.
 */
export function focusOf(result: ScenarioResult, spans: TraceSpan[]): RunView['focus'] {
  const byId = new Map(spans.map((span) => [span.spanId, span]));
  const pick = (spanId: string | undefined, reason: FocusReason): RunView['focus'] => {
    const span = spanId === undefined ? undefined : byId.get(spanId);
    return span ? { spanId: span.spanId, service: span.service, operationName: span.operationName, reason } : null;
  };
  const root = spans.find((span) => span.kind === 'server' && !span.parentSpanId);
  return (
    pick(result.verdict.decidedBy?.spanId, 'decided_402') ??
    (result.verdict.replayOf === undefined ? pick(result.diagnosis?.evidence[0]?.spanId, 'failed_here') : null) ??
    pick(root?.spanId, 'gateway_answer')
  );
}

/** The trace's spans as waterfall rows, parents before children, siblings in start order. */
export function waterfallOf(spans: TraceSpan[], focusSpanId?: string): WaterfallRow[] {
  return spanTree(spans).map(({ span, depth, offset }) => ({
    spanId: span.spanId,
    ...(span.parentSpanId ? { parentSpanId: span.parentSpanId } : {}),
    service: span.service,
    operationName: span.operationName,
    depth,
    startMs: offset / 1000,
    durationMs: span.duration / 1000,
    error: span.hasError,
    focus: span.spanId === focusSpanId,
  }));
}

/** One run as the page shows it, from the runner's result and the trace Jaeger holds. */
export function runViewOf(result: ScenarioResult, spans: TraceSpan[], links: Links): RunView {
  const focus = focusOf(result, spans);
  const { diagnosis } = result;
  return {
    scenario: result.scenario,
    summary: result.summary,
    expected: result.expected,
    status: result.status,
    ...(result.problem !== undefined ? { problem: result.problem } : {}),
    traceId: result.traceId,
    decidedBy: result.decidedBy,
    focus,
    jaegerUrl: result.traceId ? jaegerLink(links.jaegerUiUrl, result.traceId, focus?.spanId) : '',
    ...(diagnosis
      ? {
          explain: {
            headline: diagnosis.headline,
            party: partyName(diagnosis.party),
            who: diagnosis.who,
            summary: diagnosis.summary,
            do: diagnosis.do,
            dont: diagnosis.dont,
            retry: diagnosis.retry.text,
            text: formatDiagnosis(diagnosis, { gatewayUrl: links.gatewayUiUrl, jaegerUiUrl: links.jaegerUiUrl }),
          },
        }
      : {}),
    waterfall: waterfallOf(spans, focus?.spanId),
    notes: result.notes,
    differences: result.differences,
    passed: result.passed,
  };
}
