import { NO_FAULTS, type FaultName, type Faults } from '@hoptrace/faults';
import { diagnose, hopTree, jaegerLink, verdictOf, type Diagnosis, type JaegerClient, type TraceSpan, type TraceVerdict } from '@hoptrace/trace-verdict';
import { decidingService, judge, traceReady, webhookAttemptSpans } from './judge';
import type { Expectation, Scenario, ScenarioContext } from './scenario';

export interface RunnerContext extends ScenarioContext {
  jaeger: JaegerClient;
  /** Jaeger's UI, for links a person opens: the query URL unless the UI is elsewhere. */
  jaegerUiUrl: string;
  /** How long to wait for the spans a scenario expects to reach Jaeger. */
  traceTimeoutMs: number;
  /** How long the trace must stay unchanged before it is judged: spans arrive in batches. */
  quietMs: number;
}

/** One scenario's run, as the CLI prints it (and `--json` emits it). */
export interface ScenarioResult {
  scenario: string;
  summary: string;
  expected: Expectation;
  status: number;
  problem?: unknown;
  traceId: string;
  /** Opens the trace in Jaeger's UI, with the deciding span (or the gateway's) found. */
  jaegerUrl: string;
  /** The service that decided the 402, as Jaeger shows it, or null. */
  decidedBy: string | null;
  verdict: TraceVerdict;
  /** What `explain <traceId>` says of the trace: who must act, why, what to do. Absent without a trace. */
  diagnosis?: Diagnosis;
  /** The trace's hops as a tree, the deciding span marked. */
  tree: string;
  notes: string[];
  /** Every way the run differs from what the scenario expects; empty when it matches. */
  differences: string[];
  passed: boolean;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Waits until the trace holds what `expect` says it must (or the time runs out), then until no new
 * span has arrived for `quietMs`: a hop that finishes late, such as a processor past its caller's
 * timeout, still makes it into the judgement.
 */
export async function settledTrace(jaeger: JaegerClient, traceId: string, expect: Expectation, timeoutMs: number, quietMs: number): Promise<TraceSpan[]> {
  const deadline = Date.now() + timeoutMs;
  let spans = await jaeger.getTrace(traceId);
  while (!traceReady(expect, spans) && Date.now() < deadline) {
    await sleep(200);
    spans = await jaeger.getTrace(traceId);
  }
  let quietSince = Date.now();
  while (Date.now() - quietSince < quietMs && Date.now() < deadline + quietMs) {
    await sleep(Math.min(200, quietMs));
    const latest = await jaeger.getTrace(traceId);
    if (latest.length !== spans.length) quietSince = Date.now();
    spans = latest;
  }
  return spans;
}

/**
 * The traces of a charge's later webhook attempts: each starts a trace of its own, found by the
 * event id its spans carry (`webhook.event.id`), and linked to the charge's trace. Waits until they
 * hold `attempts` attempts with the charge's, or the time runs out.
 */
export async function followedRetries(jaeger: JaegerClient, chargeSpans: TraceSpan[], attempts: number, timeoutMs: number): Promise<TraceSpan[][]> {
  const chargeTrace = chargeSpans[0]?.traceId;
  const eventId = webhookAttemptSpans(chargeSpans)[0]?.tags['webhook.event.id'];
  if (!chargeTrace || typeof eventId !== 'string') return [];
  const deadline = Date.now() + timeoutMs;
  let retries: TraceSpan[][] = [];
  for (;;) {
    const ids = (await jaeger.findTraces({ service: 'notifier', tags: { 'webhook.event.id': eventId } })).filter((id) => id !== chargeTrace);
    retries = await Promise.all(ids.map((id) => jaeger.getTrace(id)));
    const seen = [chargeSpans, ...retries].flatMap(webhookAttemptSpans).length;
    if (seen >= attempts || Date.now() >= deadline) return retries;
    await sleep(500);
  }
}

/** The faults a scenario switched on, back at their zero values; faults set by anyone else stay. */
export const faultsOff = (fault: Partial<Faults>): Partial<Faults> =>
  Object.fromEntries(Object.keys(fault).map((name) => [name, NO_FAULTS[name as FaultName]])) as Partial<Faults>;

/** Runs one scenario against the running system and judges it from Jaeger's data. */
export async function runScenario(scenario: Scenario, context: RunnerContext): Promise<ScenarioResult> {
  const fault = scenario.fault?.(context.options);
  if (fault) await context.faults.set(fault);
  let outcome;
  try {
    outcome = await scenario.run(context);
  } finally {
    if (fault) await context.faults.set(faultsOff(fault));
  }
  const { answer } = outcome;
  const differences: string[] = [];
  if (!answer.traceId) differences.push('the answer has no traceresponse header: its trace cannot be found');

  const spans = answer.traceId ? await settledTrace(context.jaeger, answer.traceId, scenario.expect, context.traceTimeoutMs, context.quietMs) : [];
  const verdict = verdictOf(spans);
  let original: TraceVerdict | undefined;
  let originalSpans: TraceSpan[] | undefined;
  if (verdict.replayOf) {
    originalSpans = await settledTrace(
      context.jaeger,
      verdict.replayOf,
      { ...scenario.expect, replayed: undefined, absent: undefined },
      context.traceTimeoutMs,
      context.quietMs,
    );
    original = verdictOf(originalSpans);
  }
  const diagnosis = spans.length > 0 ? diagnose(spans, { original: originalSpans }) : undefined;
  const { webhookAttempts } = scenario.expect;
  const retries = webhookAttempts !== undefined ? await followedRetries(context.jaeger, spans, webhookAttempts, context.traceTimeoutMs) : undefined;
  differences.push(...judge(scenario.expect, { answer, spans, verdict, original, diagnosis, retries }), ...(outcome.differences ?? []));

  // The span a person should look at: the deciding one, a failing webhook attempt, or the gateway's.
  const failedAttempt = webhookAttempts !== undefined ? webhookAttemptSpans(spans).find((span) => span.hasError) : undefined;
  const focus = verdict.decidedBy?.spanId ?? failedAttempt?.spanId ?? answer.spanId;
  return {
    scenario: scenario.name,
    summary: scenario.summary,
    expected: scenario.expect,
    status: answer.status,
    ...(answer.status >= 400 ? { problem: answer.body } : {}),
    traceId: answer.traceId,
    jaegerUrl: jaegerLink(context.jaegerUiUrl, answer.traceId, focus || undefined),
    decidedBy: decidingService({ verdict, original }),
    verdict,
    ...(diagnosis ? { diagnosis } : {}),
    tree: hopTree(spans, verdict.decidedBy?.spanId),
    notes: [
      ...(outcome.notes ?? []),
      ...(original ? [`replay of trace ${verdict.replayOf}, decided there by ${original.decidedBy?.service ?? 'no hop'}`] : []),
      ...(retries ?? []).map((retry) => `webhook retry in its own trace: ${jaegerLink(context.jaegerUiUrl, retry[0]?.traceId ?? '', retry.find((span) => !span.parentSpanId)?.spanId)}`),
    ],
    differences,
    passed: differences.length === 0,
  };
}
