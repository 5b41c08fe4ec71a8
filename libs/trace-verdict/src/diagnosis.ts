import { ERROR_CODES, problemType } from '@hoptrace/contracts';
import type { TagValue, TraceSpan } from './jaeger-client';
import { REMEDIES, remedyFor, type Finding, type Party, type Remedy, type RemedyBook, type RetryWhen } from './remedies';
import { verdictOf, type DecidingSpan, type TraceVerdict } from './verdict';

/** What the request's answer was, read from the trace. */
export type Outcome = 'succeeded' | 'payment_required' | 'refused' | 'failed' | 'replayed';

/** Attributes of one span that a diagnosis rests on. */
export interface SpanEvidence {
  spanId: string;
  service: string;
  operationName: string;
  attributes: Record<string, TagValue>;
}

/** What a trace says about its request's refusal: who must act, why, and what to do. */
export interface Diagnosis {
  traceId: string;
  /** The status the gateway's server span recorded. */
  status?: number;
  outcome: Outcome;
  /** The hop that decided the 402: the verdict's deciding span. */
  decidedBy?: DecidingSpan;
  /** The error code as the trace records it (or, where the trace does not, the one its status implies). */
  code?: string;
  declineCode?: string;
  adviceCode?: string;
  /** One line: status, code, and who decided or failed. */
  headline: string;
  /** One sentence: what happened. */
  summary: string;
  party: Party;
  /** The party, described. */
  who: string;
  /** The findings, each naming the attributes it reads: why this party, why this remedy. */
  reasons: string[];
  /** The spans and attributes those findings rest on. */
  evidence: SpanEvidence[];
  do: string[];
  dont: string[];
  retry: { when: RetryWhen; text: string };
  watch: string[];
  /** The page that explains the code: the problem's `type`, relative to the gateway. */
  docs?: string;
  /** Set when the gateway replayed the answer: the trace the decision is in, which this diagnosis explains. */
  replayOf?: string;
  /** What makes the trace itself untrustworthy (the verdict's defects); empty when it is honest. */
  defects: string[];
}

export interface DiagnoseOptions {
  /** For a replayed answer: the spans of the trace it replays, where the decision is. */
  original?: TraceSpan[];
  book?: RemedyBook;
}

// The attributes a decision or a failure rests on: the domain's own, the faults, the queue's state.
const EVIDENCE = /^(payment\.|billing\.|credits\.|fault\.|idempotency\.|webhook\.|bullmq\.queue\.paused$|error\.type$|otel\.status_description$|http\.response\.status_code$)/;
const ADVICE_RETRY: Record<string, RetryWhen> = { try_again_later: 'later', do_not_try_again: 'never', confirm_card_data: 'after_change' };
const DAY_MS = 24 * 60 * 60 * 1000;

const text = (value: TagValue | undefined): string | undefined => (value === undefined || value === '' ? undefined : String(value));
const number = (value: TagValue | undefined): number | undefined => {
  const parsed = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  return Number.isFinite(parsed) ? parsed : undefined;
};
/** Jaeger stores an array attribute as its JSON text. */
const list = (value: TagValue | undefined): string[] => {
  if (typeof value !== 'string') return [];
  try {
    const parsed: unknown = JSON.parse(value);
    return Array.isArray(parsed) ? parsed.map(String) : [value];
  } catch {
    return [value];
  }
};
const label = (span: TraceSpan) => `${span.service} ${span.operationName}`;
const isCodeName = (value: string | undefined): value is string => value !== undefined && /^[a-z]+(_[a-z]+)+$/.test(value);

function evidenceOf(span: TraceSpan): SpanEvidence {
  const attributes = Object.fromEntries(Object.entries(span.tags).filter(([key]) => EVIDENCE.test(key)).sort(([a], [b]) => a.localeCompare(b)));
  return { spanId: span.spanId, service: span.service, operationName: span.operationName, attributes };
}

/** The code the gateway answered with, when its status has only one in the catalogue (401, 403, 429, 500, 502, ...). */
function codeOfStatus(status: number): string | undefined {
  const codes = Object.entries(ERROR_CODES).filter(([, info]) => info.status === status);
  return codes.length === 1 ? codes[0][0] : undefined;
}

/** The error a queue hop replied with, from BullMQ's "job completed" event on its consumer span. */
function repliedError(span: TraceSpan): string | undefined {
  for (const event of span.events) {
    const result = event.fields['bullmq.job.result'];
    if (typeof result !== 'string') continue;
    try {
      const reply = JSON.parse(result) as { ok?: boolean; error?: { code?: unknown } };
      if (reply.ok === false && typeof reply.error?.code === 'string') return reply.error.code;
    } catch {
      // Not a reply of ours.
    }
  }
  return undefined;
}

/** How deep a span sits below the root: the hop that failed first is the deepest red one. */
function depthOf(span: TraceSpan, byId: Map<string, TraceSpan>): number {
  let depth = 0;
  for (let at = span; at.parentSpanId && byId.has(at.parentSpanId); at = byId.get(at.parentSpanId)!) depth += 1;
  return depth;
}

/** What every diagnosis says about faults: an injected fault is shown as such, never passed off as real. */
function faultReasons(spans: TraceSpan[]): string[] {
  const touched = new Map<string, string[]>();
  for (const span of spans) {
    const faults = list(span.tags['fault.active']);
    if (faults.length === 0) continue;
    const values = faults.map((name) => `${name}=${String(span.tags[`fault.${name}`] ?? true)}`).join(', ');
    touched.set(values, [...(touched.get(values) ?? []), label(span)]);
  }
  return [...touched].map(
    ([values, where]) =>
      `\`fault.active\` on ${where.join(' and ')}: ${values}, a fault switched on at run time. Real incidents carry no such tag; the findings above are what tell them.`,
  );
}

interface Reading {
  remedy: Remedy;
  reasons: string[];
  evidence: TraceSpan[];
  code?: string;
  declineCode?: string;
  adviceCode?: string;
  headline: string;
}

/** A billing 402: past due by the invoice's own dates, or refused by a rule that misread them. */
function invoiceFinding(decider: TraceSpan): { finding?: Finding; reasons: string[] } {
  const tags = decider.tags;
  const invoice = text(tags['billing.invoice.id']) ?? 'the invoice';
  const days = number(tags['billing.invoice.days_past_due']);
  const dueDate = text(tags['billing.invoice.due_date']);
  const dueMs = dueDate === undefined ? NaN : Date.parse(dueDate);
  const grace = number(tags['billing.rule.grace_days']);
  const rule = text(tags['billing.rule.version']) ?? 'an unnamed rule';
  // Days past due as billing computed them, else from the due date and the moment it decided (the span's start).
  const pastDue = days ?? (Number.isFinite(dueMs) ? Math.floor((decider.startTime / 1000 - dueMs) / DAY_MS) : undefined);
  const reasons: string[] = [];
  const graceReason =
    grace !== undefined && grace < 0
      ? `\`billing.rule.grace_days\` = ${grace} (rule \`${rule}\`): a negative grace period counts open invoices as overdue up to ${-grace} days before they fall due.`
      : undefined;
  if (pastDue === undefined) {
    reasons.push(`The deciding span records neither \`billing.invoice.days_past_due\` nor \`billing.invoice.due_date\`: check ${invoice} before asking anyone to pay.`);
    return { reasons };
  }
  const seen = `\`billing.invoice.days_past_due\` = ${pastDue}${dueDate ? `, \`billing.invoice.due_date\` = ${dueDate}` : ''}`;
  if (pastDue < 0) {
    const only = number(tags['billing.customer.open_invoices']) === 1 ? ", and it is the customer's only open invoice: they owe nothing overdue" : '';
    reasons.push(`${seen}: ${invoice} falls due ${-pastDue} day(s) after billing refused the charge. An invoice that is not yet due cannot be past due${only}.`);
    if (graceReason) reasons.push(graceReason);
    reasons.push(`So rule \`${rule}\`, not the customer, produced this 402.`);
    return { finding: 'rule_misapplied', reasons };
  }
  reasons.push(`${seen}: ${invoice} was due ${pastDue} day(s) before billing refused the charge, under rule \`${rule}\`${grace !== undefined ? ` with ${grace} grace day(s)` : ''}.`);
  if (graceReason) reasons.push(`${graceReason} This invoice is overdue anyway, but the rule's configuration is wrong.`);
  return { reasons };
}

/** A gateway 402: the balance it read, against the call's cost. */
function creditFinding(decider: TraceSpan): { finding?: Finding; reasons: string[] } {
  const balance = number(decider.tags['credits.balance']);
  const cost = number(decider.tags['credits.cost']);
  if (balance === undefined || cost === undefined) return { reasons: ['The deciding span does not record `credits.balance` and `credits.cost`.'] };
  if (balance >= cost) {
    return {
      finding: 'balance_covers_cost',
      reasons: [`\`credits.balance\` = ${balance} covers \`credits.cost\` = ${cost}, yet the gateway refused the call: the metering, not the merchant's credit, is wrong.`],
    };
  }
  return { reasons: [`\`credits.balance\` = ${balance} cannot cover \`credits.cost\` = ${cost}.`] };
}

function paymentRequired(decider: TraceSpan, decidedBy: DecidingSpan, status: number, book: RemedyBook): Reading {
  const code = text(decider.tags['payment.error.code']) ?? decidedBy.declineCode ?? 'unknown';
  const declineCode = text(decider.tags['payment.decline_code']);
  const adviceCode = text(decider.tags['payment.advice_code']);
  const reasons = [`One span claims the 402: ${label(decider)}, with \`payment.required.origin\` = ${decidedBy.service}. Every hop before it only passed the answer on.`];
  let finding: Finding | undefined;
  if (code === 'invoice_past_due' || code === 'insufficient_credit') {
    const read = code === 'invoice_past_due' ? invoiceFinding(decider) : creditFinding(decider);
    finding = read.finding;
    reasons.push(...read.reasons);
  }
  const remedy = remedyFor(code, { declineCode, finding }, book) ?? book.outcomes.client_error;
  if (decider.tags['payment.error.type'] === 'card_error') {
    reasons.push(
      adviceCode
        ? `\`payment.decline_code\` = ${declineCode}, \`payment.advice_code\` = ${adviceCode}: ${book.advice[adviceCode] ?? 'an advice code this diagnosis does not know.'}`
        : `\`payment.decline_code\` = ${declineCode}, ${book.no_advice}`,
    );
  }
  const shown = declineCode && declineCode !== code ? `${code}/${declineCode}` : code;
  return { remedy, reasons, evidence: [decider], code, declineCode, adviceCode, headline: `${status} ${shown}, decided by ${decidedBy.service} (${decidedBy.operationName})` };
}

function failure(spans: TraceSpan[], verdict: TraceVerdict, status: number | undefined, book: RemedyBook): Reading {
  const byId = new Map(spans.map((span) => [span.spanId, span]));
  const root = spans.find((span) => !span.parentSpanId || !byId.has(span.parentSpanId));
  const red = spans.filter((span) => span.hasError && span !== root).sort((a, b) => depthOf(b, byId) - depthOf(a, byId));
  const [failed] = red;
  const code =
    [failed && text(failed.tags['error.type']), failed && text(failed.tags['otel.status_description']), failed && repliedError(failed)].find(isCodeName) ??
    (status !== undefined ? codeOfStatus(status) : undefined);
  const reasons = ['Not a payment problem: no span carries `payment.required.origin`, so no hop decided anything about the payment.'];
  if (failed) reasons.push(`The deepest red span is ${label(failed)}${failed.tags['otel.status_description'] ? `, status \`${String(failed.tags['otel.status_description'])}\`` : ''}: ${failed.service} is where it failed or gave up.`);
  const { slowestHop, unansweredHops } = verdict;
  if (slowestHop) reasons.push(`The time went to ${slowestHop.service} ${slowestHop.operationName}: ${slowestHop.selfTimeMs.toFixed(0)} ms of its own, the most of any span.`);
  for (const queue of unansweredHops) reasons.push(`Nobody took the hop to the \`${queue}\` queue: its producer span has no consumer span below it.`);
  const paused = spans.filter((span) => span.tags['bullmq.queue.paused'] === true);
  for (const span of paused) reasons.push(`\`bullmq.queue.paused\` = true on ${label(span)}: the queue it waited on was paused.`);
  // An authorization that finished after the hop waiting for it gave up: the outcome the caller never heard.
  const gaveUpAt = failed ? failed.startTime + failed.duration : Infinity;
  const late = spans.filter(
    (span) => span.operationName === 'payment.authorize' && span.tags['payment.outcome'] === 'succeeded' && span.startTime + span.duration > gaveUpAt,
  );
  if (late.length > 0) {
    reasons.push(`${label(late[0])} recorded \`payment.outcome\` = succeeded after ${failed!.service} stopped waiting: the card was authorized. A retry with the same \`Idempotency-Key\` learns that outcome; a new key would charge again.`);
  }
  reasons.push(...faultReasons(spans));
  const remedy = (code && remedyFor(code, {}, book)) || book.outcomes.server_error;
  const evidence = [...new Set([...red, ...paused, ...late, ...spans.filter((span) => span.tags['fault.active'] !== undefined)])];
  const where = failed ? `, failed at ${failed.service}` : '';
  return { remedy, reasons, evidence, code, headline: `${status ?? 'no status'} ${code ?? 'server error'}${where}: not a payment problem` };
}

function refusal(spans: TraceSpan[], verdict: TraceVerdict, status: number, book: RemedyBook): Reading {
  // The hop that refused: the one whose span says invalid_request, else the gateway that answered.
  const refuser = spans.find((span) => span.tags['payment.outcome'] === 'invalid_request');
  const relayed = spans.map((span) => text(span.tags['payment.error.code']) ?? repliedError(span)).find(isCodeName);
  const implied = codeOfStatus(status);
  const code = relayed ?? implied;
  const reasons = [
    status === 402
      ? 'No span claims this 402 (`payment.required.origin`): the trace cannot pin the decision to a hop, which is itself a defect to fix.'
      : 'Refused before anything about the payment was decided: no span carries `payment.required.origin`.',
  ];
  if (refuser) reasons.push(`${label(refuser)} recorded \`payment.outcome\` = invalid_request: ${refuser.service} refused the request.`);
  else if (verdict.services.length === 1) reasons.push(`The trace holds only ${verdict.services[0]}: it refused the request before sending anything on.`);
  if (relayed) reasons.push(`The trace records the code: ${relayed}.`);
  else if (implied) reasons.push(`The trace does not record the code; \`http.response.status_code\` = ${status} is only ever ${implied}.`);
  else reasons.push(`The trace does not record which check failed, and status ${status} has several codes: the problem body's \`code\` and \`param\` name it.`);
  const remedy = (code && remedyFor(code, {}, book)) || book.outcomes.client_error;
  const by = refuser?.service ?? verdict.services[0] ?? 'the gateway';
  return { remedy, reasons, evidence: refuser ? [refuser] : [], code, headline: `${status}${code ? ` ${code}` : ''}, refused by ${by}` };
}

function success(spans: TraceSpan[], status: number | undefined, book: RemedyBook): Reading {
  const failedDeliveries = spans.filter((span) => span.service === 'notifier' && span.kind === 'client' && (span.hasError || (number(span.tags['http.response.status_code']) ?? 0) >= 300));
  const reasons = [`Nothing was refused: ${status === undefined ? 'no span records an error' : `the gateway answered ${status}`}, and no span carries \`payment.required.origin\`.`];
  if (failedDeliveries.length === 0) return { remedy: book.outcomes.succeeded, reasons, evidence: [], headline: `${status ?? 'no status'}: nothing was refused` };
  for (const span of failedDeliveries) {
    const answered = span.tags['http.response.status_code'] ?? 'no answer';
    const outcome = spans.find((consumer) => consumer.spanId === span.parentSpanId)?.tags['webhook.outcome'];
    reasons.push(`Webhook attempt ${String(span.tags['webhook.attempt'] ?? '?')} of \`${String(span.tags['webhook.event.type'] ?? 'an event')}\` to endpoint \`${String(span.tags['webhook.endpoint.id'] ?? '?')}\` was answered ${String(answered)}${outcome ? ` (\`webhook.outcome\` = ${String(outcome)})` : ''}.`);
  }
  return { remedy: book.outcomes.webhook_failing, reasons, evidence: failedDeliveries, headline: `${status ?? 'no status'}: nothing was refused, but webhook deliveries failed` };
}

/**
 * Reads one trace, as Jaeger holds it, as an SRE would: the answer, the hop that decided it (the
 * verdict's deciding span, never a second opinion), the attributes the decision rested on, who must
 * act, and what to do and not do. The party follows the evidence, not the error code alone: a
 * past-due refusal of an invoice that is not yet due is the operators', whatever flags the trace
 * has. Pure: spans in, a diagnosis out, with every date read from the trace.
 */
export function diagnose(spans: TraceSpan[], options: DiagnoseOptions = {}): Diagnosis {
  if (spans.length === 0) throw new Error('diagnose needs the spans of a trace, and got none');
  const book = options.book ?? REMEDIES;
  const verdict = verdictOf(spans);
  if (verdict.replayOf !== undefined) return replay(spans, verdict, options, book);
  const { status, decidedBy } = verdict;
  const decider = decidedBy && spans.find((span) => span.spanId === decidedBy.spanId);
  const [outcome, reading]: [Outcome, Reading] =
    decider && decidedBy
      ? ['payment_required', paymentRequired(decider, decidedBy, status ?? 402, book)]
      : status !== undefined && status >= 500
        ? ['failed', failure(spans, verdict, status, book)]
        : status !== undefined && status >= 400
          ? ['refused', refusal(spans, verdict, status, book)]
          : status === undefined && spans.some((span) => span.hasError && span.kind !== 'client')
            ? ['failed', failure(spans, verdict, status, book)]
            : ['succeeded', success(spans, status, book)];
  const { remedy } = reading;
  const retry =
    reading.adviceCode && ADVICE_RETRY[reading.adviceCode] && ADVICE_RETRY[reading.adviceCode] !== remedy.retry.when
      ? { when: ADVICE_RETRY[reading.adviceCode], text: `As \`advice_code\` ${reading.adviceCode} says: ${book.advice[reading.adviceCode]}` }
      : remedy.retry;
  return {
    traceId: verdict.traceId,
    status,
    outcome,
    ...(decidedBy ? { decidedBy } : {}),
    ...(reading.code ? { code: reading.code } : {}),
    ...(reading.declineCode ? { declineCode: reading.declineCode } : {}),
    ...(reading.adviceCode ? { adviceCode: reading.adviceCode } : {}),
    headline: reading.headline,
    summary: remedy.summary,
    party: remedy.party,
    who: book.parties[remedy.party],
    reasons: [...reading.reasons, ...(outcome === 'payment_required' ? faultReasons(reading.evidence) : [])],
    evidence: reading.evidence.map(evidenceOf),
    do: remedy.do,
    dont: remedy.dont,
    retry,
    watch: remedy.watch ?? [],
    ...(reading.code && Object.hasOwn(ERROR_CODES, reading.code) ? { docs: problemType(reading.code) } : {}),
    defects: verdict.defects,
  };
}

/** A replayed answer: the decision is in the trace it replays, which is what the diagnosis explains. */
function replay(spans: TraceSpan[], verdict: TraceVerdict, options: DiagnoseOptions, book: RemedyBook): Diagnosis {
  const original = verdict.replayOf!;
  const remedy = book.outcomes.replayed;
  const replayed = `The gateway replayed this answer from its idempotency store (\`idempotency.replayed\` = true) for a retry with the same \`Idempotency-Key\`: nothing was tried again. The decision is in trace ${original}.`;
  const keep = { replayOf: original, traceId: verdict.traceId, status: verdict.status, outcome: 'replayed' as const, defects: verdict.defects };
  if (options.original && options.original.length > 0) {
    const explained = diagnose(options.original, { book });
    return { ...explained, ...keep, reasons: [replayed, ...explained.reasons], dont: [...explained.dont, ...remedy.dont] };
  }
  return {
    ...keep,
    headline: `${verdict.status ?? 'no status'} replayed from trace ${original}`,
    summary: remedy.summary,
    party: remedy.party,
    who: book.parties[remedy.party],
    reasons: [replayed, `The spans of trace ${original} were not given, so its decision is not explained here.`],
    evidence: spans.filter((span) => span.tags['idempotency.replayed'] === true).map(evidenceOf),
    do: remedy.do,
    dont: remedy.dont,
    retry: remedy.retry,
    watch: [],
  };
}
