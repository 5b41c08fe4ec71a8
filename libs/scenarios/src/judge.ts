import { isConnected, partyName, type Diagnosis, type TraceSpan, type TraceVerdict } from '@hoptrace/trace-verdict';
import type { GatewayAnswer } from './gateway-client';
import type { Expectation } from './scenario';

const PROBLEM_JSON = /^application\/problem\+json/;

/** What a judgement reads: the client's answer, the trace Jaeger holds, and for a replay the original's verdict. */
export interface Evidence {
  answer: GatewayAnswer;
  spans: TraceSpan[];
  verdict: TraceVerdict;
  /** The verdict of the trace a replay points to. */
  original?: TraceVerdict;
  /** What `explain` says of the trace (of the original, for a replay). */
  diagnosis?: Diagnosis;
  /** The traces of the webhook attempts after the first, found by their event id (see followedRetries). */
  retries?: TraceSpan[][];
}

/** How long after its root a span of the charge's trace may start: the charge's trace ends with the charge. */
export const CHARGE_TRACE_SPAN_MS = 2_000;

/** The notifier's webhook attempts (HTTP CLIENT spans) among `spans`. */
export const webhookAttemptSpans = (spans: TraceSpan[]): TraceSpan[] =>
  spans.filter((span) => span.service === 'notifier' && span.kind === 'client');

/** Whether a trace of its own links back to the trace `traceId` (a retry to its charge's). */
export const linksTo = (spans: TraceSpan[], traceId: string): boolean =>
  spans.some((span) => (span.links ?? []).some((link) => link.traceId === traceId));

/** Who decided, as the traces tell it: a replay's decision is in the original trace. */
export const decidingService = ({ verdict, original }: Pick<Evidence, 'verdict' | 'original'>): string | null =>
  (verdict.replayOf !== undefined ? original?.decidedBy?.service : verdict.decidedBy?.service) ?? null;

/**
 * Every way the evidence differs from what the scenario expects, as sentences; none when it
 * matches. The status and the deciding hop are read from Jaeger, not from the answer: the answer
 * is only checked to agree with it.
 */
export function judge(expect: Expectation, evidence: Evidence): string[] {
  const { answer, spans, verdict, original } = evidence;
  const differences: string[] = [...verdict.defects.map((defect) => `trace defect: ${defect}`)];
  const problem = (typeof answer.body === 'object' && answer.body !== null ? answer.body : {}) as Record<string, unknown>;

  if (answer.status !== expect.status) differences.push(`answered ${answer.status}, expected ${expect.status}`);
  if (verdict.status !== expect.status) differences.push(`Jaeger records status ${verdict.status ?? 'none'}, expected ${expect.status}`);

  const decided = decidingService(evidence);
  if (decided !== expect.decidedBy) differences.push(`Jaeger shows ${decided ?? 'no hop'} deciding a 402, expected ${expect.decidedBy ?? 'none'}`);
  if (evidence.diagnosis) {
    const { diagnosis } = evidence;
    const explained = diagnosis.decidedBy?.service ?? null;
    if (explained !== decided) differences.push(`explain names ${explained ?? 'no hop'} as deciding, the verdict ${decided ?? 'none'}`);
    if (diagnosis.party !== expect.party) differences.push(`explain says ${partyName(diagnosis.party)} must act, expected ${partyName(expect.party)}`);
  }
  const declineCode = (verdict.replayOf !== undefined ? original : verdict)?.decidedBy?.declineCode;
  if (expect.declineCode && declineCode !== expect.declineCode) {
    differences.push(`the deciding span's decline code is ${declineCode ?? 'missing'}, expected ${expect.declineCode}`);
  }

  if (expect.status >= 400) {
    if (!PROBLEM_JSON.test(answer.headers['content-type'] ?? '')) differences.push(`answered ${answer.headers['content-type'] ?? 'no content type'}, expected application/problem+json`);
    if (expect.code && problem.code !== expect.code) differences.push(`problem code ${String(problem.code)}, expected ${expect.code}`);
    // A replay sends the first answer again, body and all: its trace_id is the original's.
    const traceOfBody = verdict.replayOf ?? answer.traceId;
    if (problem.trace_id !== traceOfBody) differences.push(`the problem's trace_id is not the trace ${verdict.replayOf ? 'the replay points to' : 'of the answer'}`);
    if (expect.decidedBy && problem.origin !== expect.decidedBy) differences.push(`the problem names ${String(problem.origin)} as origin, expected ${expect.decidedBy}`);
  }

  for (const service of expect.reaches ?? []) {
    if (!verdict.services.includes(service)) differences.push(`the trace never reaches ${service}`);
  }
  for (const service of expect.absent ?? []) {
    if (verdict.services.includes(service)) differences.push(`the trace reaches ${service}, which should never have been asked`);
  }
  if (expect.unansweredHop && !verdict.unansweredHops.includes(expect.unansweredHop)) {
    differences.push(`no unanswered hop to ${expect.unansweredHop} (unanswered: ${verdict.unansweredHops.join(', ') || 'none'})`);
  }
  if (expect.slowestIn && verdict.slowestHop?.service !== expect.slowestIn) {
    differences.push(`the time went to ${verdict.slowestHop?.service ?? 'nothing'}, expected ${expect.slowestIn}`);
  }
  if (expect.replayed !== undefined) {
    const replayed = answer.headers['idempotent-replayed'] === 'true' && verdict.replayOf !== undefined;
    if (replayed !== expect.replayed) differences.push(expect.replayed ? 'not answered as a replay' : 'answered as a replay');
  }
  for (const header of expect.headers ?? []) {
    if (answer.headers[header] === undefined) differences.push(`no ${header} header`);
  }
  if (expect.webhookAttempts !== undefined) {
    // The first attempt is in the charge's trace; each later one in a trace of its own, linked back to it.
    const retries = evidence.retries ?? [];
    const unlinked = retries.filter((retry) => !linksTo(retry, answer.traceId));
    for (const retry of unlinked) differences.push(`the retry trace ${retry[0]?.traceId ?? '?'} does not link back to the charge's trace`);
    const attempts = [spans, ...retries.filter((retry) => linksTo(retry, answer.traceId))].flatMap(webhookAttemptSpans).length;
    if (attempts < expect.webhookAttempts) differences.push(`${attempts} webhook attempt span(s) in the charge's trace and its linked retries, expected at least ${expect.webhookAttempts}`);
    const root = spans.find((span) => !span.parentSpanId);
    const late = root ? spans.filter((span) => span.startTime - root.startTime > CHARGE_TRACE_SPAN_MS * 1000) : [];
    if (late.length > 0) {
      differences.push(`the charge's trace is still open: ${late.length} span(s) start more than ${CHARGE_TRACE_SPAN_MS / 1000} s after its root (${late[0].operationName})`);
    }
  }
  return differences;
}

/** Whether Jaeger already holds what the judgement needs: until then, more spans are on their way. */
export function traceReady(expect: Expectation, spans: TraceSpan[]): boolean {
  const services = new Set(spans.map((span) => span.service));
  const hasRoot = isConnected(spans) && spans.some((span) => span.kind === 'server' && !span.parentSpanId);
  const decided = expect.decidedBy === null || expect.replayed || spans.some((span) => 'payment.required.origin' in span.tags);
  // The charge's trace holds the first webhook attempt; the retries are traces of their own.
  const attempts = webhookAttemptSpans(spans).length;
  return (
    hasRoot &&
    decided &&
    (expect.reaches ?? []).every((service) => services.has(service)) &&
    attempts >= Math.min(expect.webhookAttempts ?? 0, 1)
  );
}
