import { diagnose, formatDiagnosis, JaegerClient, verdictOf, type TraceSpan } from '@hoptrace/trace-verdict';
import type { Settings } from './cli';

/** Jaeger has no span of the trace asked for. */
export class TraceNotFoundError extends Error {
  override readonly name = 'TraceNotFoundError';
}

/**
 * The trace as Jaeger holds it once it is whole: a request explained right after it was answered
 * may still have spans on their way, in batches from each service.
 */
async function wholeTrace(jaeger: JaegerClient, traceId: string): Promise<TraceSpan[]> {
  try {
    return await jaeger.waitForTrace(traceId, () => true, { timeoutMs: 10_000, intervalMs: 500 });
  } catch {
    // Still not one tree: explain what there is, and the diagnosis names the trace's defects.
    const spans = await jaeger.getTrace(traceId);
    if (spans.length === 0) throw new TraceNotFoundError(`Jaeger at ${jaeger.queryUrl} has no trace ${traceId}`);
    return spans;
  }
}

/** `scenario-runner explain <trace-id>`: the diagnosis of one trace, read from Jaeger alone. */
export async function explain(traceId: string, settings: Settings): Promise<string> {
  const jaeger = new JaegerClient(settings.jaegerQueryUrl);
  const spans = await wholeTrace(jaeger, traceId);
  // A replayed answer's decision is in the trace it replays.
  const { replayOf } = verdictOf(spans);
  const original = replayOf ? await wholeTrace(jaeger, replayOf).catch(() => []) : undefined;
  const diagnosis = diagnose(spans, { original });
  return settings.json ? JSON.stringify(diagnosis) : formatDiagnosis(diagnosis, { gatewayUrl: settings.gatewayUiUrl, jaegerUiUrl: settings.jaegerUiUrl });
}
