import { diagnose, type Diagnosis } from './diagnosis';
import { diagnosisSummary, formatDiagnosis } from './diagnosis-text';
import { JAEGER_FIXTURES, jaegerTrace, spanNamed, type JaegerFixture } from './fixtures/jaeger-traces';
import type { TraceSpan } from './jaeger-client';
import { REMEDIES } from './remedies';
import { verdictOf } from './verdict';

const explain = (name: JaegerFixture, spans: TraceSpan[] = jaegerTrace(name)): Diagnosis =>
  diagnose(spans, name === 'idempotent-retry' ? { original: jaegerTrace('idempotent-retry.original') } : {});

/** billing's deciding span of a fixture, to change the evidence it carries. */
const assessment = (spans: TraceSpan[]) => spanNamed(spans, 'billing', 'billing.assess_customer');

function withoutFaults(span: TraceSpan): void {
  for (const key of Object.keys(span.tags)) if (key.startsWith('fault.')) delete span.tags[key];
}

describe('diagnose, on real traces from Jaeger', () => {
  it.each<[JaegerFixture, number, string | undefined, Diagnosis['party'], string | undefined]>([
    ['success', 201, undefined, 'nobody', undefined],
    ['insufficient-funds', 402, 'payment-processor', 'customer', 'card_declined'],
    ['expired-card', 402, 'payment-processor', 'customer', 'expired_card'],
    ['processing-error', 402, 'payment-processor', 'merchant', 'processing_error'],
    ['invoice-past-due', 402, 'billing', 'merchant', 'invoice_past_due'],
    ['billing-misconfigured', 402, 'billing', 'operators', 'invoice_past_due'],
    ['credit-exhausted', 402, 'gateway', 'merchant', 'insufficient_credit'],
    ['processor-timeout', 504, undefined, 'operators', 'upstream_timeout'],
    ['processor-down', 503, undefined, 'operators', 'service_unavailable'],
    ['processor-errors', 502, undefined, 'operators', 'processor_error'],
    ['no-api-key', 401, undefined, 'merchant', 'authentication_required'],
    ['missing-param', 400, undefined, 'merchant', undefined],
    ['unknown-pm', 400, undefined, 'merchant', 'resource_missing'],
    ['idempotent-retry', 402, 'payment-processor', 'customer', 'card_declined'],
    ['webhook-failing', 201, undefined, 'merchant', undefined],
  ])('%s: %d, decided by %s; %s must act (%s)', (name, status, decidedBy, party, code) => {
    const diagnosis = explain(name);
    expect(diagnosis).toMatchObject({ status, party, who: REMEDIES.parties[party], defects: [] });
    expect(diagnosis.decidedBy?.service).toBe(decidedBy);
    expect(diagnosis.code).toBe(code);
    expect(diagnosis.docs).toBe(code && `/errors/${code}`);
  });

  it("names the verdict's deciding span, never one of its own", () => {
    for (const name of JAEGER_FIXTURES.filter((fixture) => fixture !== 'idempotent-retry')) {
      const spans = jaegerTrace(name);
      expect([name, diagnose(spans).decidedBy]).toEqual([name, verdictOf(spans).decidedBy]);
    }
  });

  it('refuses a trace with no spans', () => {
    expect(() => diagnose([])).toThrow(/no.*spans|got none/);
  });
});

describe('a past-due invoice: the customer is behind, or the rule is wrong', () => {
  it("is the merchant's to settle when the invoice is overdue by its own dates", () => {
    const diagnosis = explain('invoice-past-due');
    expect(diagnosis.reasons).toContainEqual(expect.stringMatching(/`billing\.invoice\.days_past_due` = 10.*in_past_due was due 10 day\(s\) before/));
    expect(diagnosis.do.join(' ')).toMatch(/Settle the invoice/);
    expect(diagnosis.dont.join(' ')).toMatch(/another card/);
    expect(diagnosis.evidence[0].attributes).toMatchObject({ 'billing.rule.version': 'unpaid_invoice/v3', 'billing.rule.grace_days': 0, 'billing.invoice.days_past_due': 10 });
  });

  it("is the operators' when the invoice is not yet due, with the rule that fired and its grace period as the evidence", () => {
    const diagnosis = explain('billing-misconfigured');
    expect(diagnosis.summary).toBe(REMEDIES.codes.invoice_past_due.when?.rule_misapplied.summary);
    expect(diagnosis.reasons).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/`billing\.invoice\.days_past_due` = -14.*in_enterprise_open falls due 14 day\(s\) after .*cannot be past due/),
        expect.stringMatching(/`billing\.rule\.grace_days` = -30 \(rule `unpaid_invoice\/v4-rc1`\): a negative grace period/),
        expect.stringMatching(/`fault\.active` on billing billing\.assess_customer: billing_misconfigured=true/),
      ]),
    );
    expect(diagnosis.do.join(' ')).toMatch(/Roll back billing's unpaid-invoice rule/);
    expect(diagnosis.dont.join(' ')).toMatch(/Don't tell the customer or the merchant to pay/);
    expect(diagnosis.evidence[0].attributes).toMatchObject({
      'billing.rule.version': 'unpaid_invoice/v4-rc1',
      'billing.rule.grace_days': -30,
      'billing.invoice.days_past_due': -14,
      'billing.invoice.status': 'open',
    });
  });

  it('rests on the evidence, not on the fault flag: without it, the misconfigured rule is still the operators\'', () => {
    const spans = jaegerTrace('billing-misconfigured');
    withoutFaults(assessment(spans));
    const diagnosis = diagnose(spans);
    expect(diagnosis.party).toBe('operators');
    expect(diagnosis.reasons.join(' ')).not.toMatch(/fault/);
  });

  it("and a fault flag on a really overdue invoice does not make it the operators'", () => {
    const spans = jaegerTrace('invoice-past-due');
    Object.assign(assessment(spans).tags, { 'fault.active': '["billing_misconfigured"]', 'fault.billing_misconfigured': true });
    expect(diagnose(spans).party).toBe('merchant');
  });

  it("reads the due date against the moment billing decided when the span has no days_past_due", () => {
    const spans = jaegerTrace('billing-misconfigured');
    const span = assessment(spans);
    withoutFaults(span);
    delete span.tags['billing.invoice.days_past_due'];
    const diagnosis = diagnose(spans);
    expect(diagnosis.party).toBe('operators');
    expect(diagnosis.reasons).toContainEqual(expect.stringMatching(/`billing\.invoice\.days_past_due` = -1[45], `billing\.invoice\.due_date` = /));
  });

  it('says a negative grace period is wrong even when the invoice is overdue anyway', () => {
    const spans = jaegerTrace('invoice-past-due');
    assessment(spans).tags['billing.rule.grace_days'] = -30;
    const diagnosis = diagnose(spans);
    expect(diagnosis.party).toBe('merchant');
    expect(diagnosis.reasons).toContainEqual(expect.stringMatching(/negative grace period.*overdue anyway, but the rule's configuration is wrong/));
  });

  it('does not blame anyone for dates the span does not record', () => {
    const spans = jaegerTrace('invoice-past-due');
    const span = assessment(spans);
    delete span.tags['billing.invoice.days_past_due'];
    delete span.tags['billing.invoice.due_date'];
    const diagnosis = diagnose(spans);
    expect(diagnosis.party).toBe('merchant');
    expect(diagnosis.reasons).toContainEqual(expect.stringMatching(/records neither .* check in_past_due before asking anyone to pay/));
  });
});

describe('card declines: who acts and whether a retry can help follow decline_code and advice_code', () => {
  const decline = (declineCode: string, adviceCode?: string): Diagnosis => {
    const spans = jaegerTrace('insufficient-funds');
    const span = spanNamed(spans, 'payment-processor', 'payment.authorize');
    span.tags['payment.decline_code'] = declineCode;
    if (adviceCode) span.tags['payment.advice_code'] = adviceCode;
    else delete span.tags['payment.advice_code'];
    return diagnose(spans);
  };

  it('a soft decline: the customer adds funds; a retry later, with a new idempotency key', () => {
    const diagnosis = explain('insufficient-funds');
    expect(diagnosis).toMatchObject({ declineCode: 'insufficient_funds', adviceCode: 'try_again_later', retry: { when: 'later' } });
    expect(diagnosis.do.join(' ')).toMatch(/add funds/);
    expect(diagnosis.dont.join(' ')).toMatch(/same `Idempotency-Key`/);
    expect(diagnosis.reasons).toContainEqual(expect.stringContaining(`\`payment.advice_code\` = try_again_later: ${REMEDIES.advice.try_again_later}`));
  });

  it.each(['fraudulent', 'lost_card', 'stolen_card'])('a hard decline (%s): never retried, never named to the customer', (declineCode) => {
    const diagnosis = decline(declineCode, 'do_not_try_again');
    expect(diagnosis).toMatchObject({ party: 'customer', retry: { when: 'never' } });
    expect(diagnosis.dont).toContain('Never retry this card.');
    expect(diagnosis.do.join(' ')).toContain('"Your card was declined."');
  });

  it('no advice code: no automatic retry', () => {
    const diagnosis = decline('generic_decline');
    expect(diagnosis.retry.when).toBe('never');
    expect(diagnosis.reasons).toContainEqual(expect.stringContaining(REMEDIES.no_advice));
  });

  it("follows the span's advice code where it differs from what the decline code usually carries", () => {
    expect(decline('generic_decline', 'try_again_later').retry).toEqual({ when: 'later', text: `As \`advice_code\` try_again_later says: ${REMEDIES.advice.try_again_later}` });
    expect(decline('insufficient_funds', 'do_not_try_again').retry.when).toBe('never');
  });

  it('an incorrect card detail: after the customer corrects it', () => {
    expect(explain('expired-card')).toMatchObject({ party: 'customer', adviceCode: 'confirm_card_data', retry: { when: 'after_change' } });
  });

  it("a real card in test mode is the merchant's integration", () => {
    expect(decline('test_mode_live_card', 'do_not_try_again')).toMatchObject({ party: 'merchant', retry: { when: 'never' } });
  });
});

describe('credit', () => {
  it("is the merchant's to top up when the balance cannot cover the call", () => {
    const diagnosis = explain('credit-exhausted');
    expect(diagnosis.reasons).toContainEqual('`credits.balance` = 0 cannot cover `credits.cost` = 1.');
    expect(diagnosis.do.join(' ')).toMatch(/POST \/v1\/credits/);
  });

  it("is the operators' when the balance the gateway read covers the cost", () => {
    const spans = jaegerTrace('credit-exhausted');
    spanNamed(spans, 'gateway', 'gateway.meter_call').tags['credits.balance'] = 5;
    expect(diagnose(spans)).toMatchObject({ party: 'operators', summary: REMEDIES.codes.insufficient_credit.when?.balance_covers_cost.summary });
  });
});

describe('the system failing is not a payment problem', () => {
  it('processor-timeout: billing gave up, the time went to the processor, and the late authorization is named', () => {
    const diagnosis = explain('processor-timeout');
    expect(diagnosis).toMatchObject({ outcome: 'failed', retry: { when: 'same_key' } });
    expect(diagnosis.headline).toBe('504 upstream_timeout, failed at billing: not a payment problem');
    expect(diagnosis.reasons).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^Not a payment problem/),
        expect.stringMatching(/^The time went to payment-processor fault\.processor_latency: \d+ ms of its own/),
        expect.stringMatching(/payment-processor payment\.authorize recorded `payment\.outcome` = succeeded after billing stopped waiting: the card was authorized/),
        expect.stringMatching(/^`fault\.active` on payment-processor .*processor_latency_ms=3000/),
      ]),
    );
  });

  it('claims a late authorization only when it finished after the hop gave up waiting', () => {
    const spans = jaegerTrace('processor-timeout');
    const authorize = spanNamed(spans, 'payment-processor', 'payment.authorize');
    const consumer = spanNamed(spans, 'billing', 'process billing');
    authorize.duration = consumer.startTime + consumer.duration - authorize.startTime - 1;
    expect(diagnose(spans).reasons.join(' ')).not.toMatch(/the card was authorized/);
  });

  it('processor-down: the queue hop nobody took, and the paused queue', () => {
    const diagnosis = explain('processor-down');
    expect(diagnosis.reasons).toEqual(
      expect.arrayContaining([
        'Nobody took the hop to the `payment-processor` queue: its producer span has no consumer span below it.',
        '`bullmq.queue.paused` = true on billing process billing: the queue it waited on was paused.',
      ]),
    );
    expect(diagnosis.evidence.map((span) => `${span.service} ${span.operationName}`)).toContain('billing process billing');
  });

  it('processor-errors: the processor failed on its own side, and the fault that made it is shown', () => {
    const diagnosis = explain('processor-errors');
    expect(diagnosis.headline).toBe('502 processor_error, failed at payment-processor: not a payment problem');
    expect(diagnosis.reasons).toContainEqual(expect.stringMatching(/processor_failure_rate=1/));
    expect(diagnosis.dont.join(' ')).toMatch(/card was declined/);
  });
});

describe("refusals before any decision are the caller's integration", () => {
  it('401: the code is implied by the status, and the gateway refused alone', () => {
    const diagnosis = explain('no-api-key');
    expect(diagnosis.headline).toBe('401 authentication_required, refused by gateway');
    expect(diagnosis.reasons).toContainEqual(expect.stringMatching(/does not record the code; `http\.response\.status_code` = 401 is only ever authentication_required/));
  });

  it('400 from the processor: the code the hops relayed, and the hop that refused', () => {
    expect(explain('unknown-pm').headline).toBe('400 resource_missing, refused by payment-processor');
  });

  it('a 402 no span claims: the code the hops relayed, and the missing claim called a defect', () => {
    const spans = jaegerTrace('insufficient-funds').filter((span) => span.operationName !== 'payment.authorize');
    const diagnosis = diagnose(spans);
    expect(diagnosis).toMatchObject({ status: 402, code: 'card_declined', party: 'customer' });
    expect(diagnosis.reasons[0]).toMatch(/^No span claims this 402/);
    expect(diagnosis.defects).toContain('a 402 with no span carrying payment.required.origin');
  });

  it('400 from the gateway: the trace does not say which check, so the problem body must', () => {
    const diagnosis = explain('missing-param');
    expect(diagnosis.summary).toBe(REMEDIES.outcomes.client_error.summary);
    expect(diagnosis.reasons).toContainEqual(expect.stringMatching(/status 400 has several codes/));
  });
});

describe('answers that refused nothing', () => {
  it('a success: nothing to do', () => {
    expect(explain('success')).toMatchObject({ outcome: 'succeeded', party: 'nobody', retry: { when: 'not_needed' }, do: [] });
  });

  it("a success whose webhook failed: the merchant's endpoint", () => {
    const diagnosis = explain('webhook-failing');
    expect(diagnosis.summary).toBe(REMEDIES.outcomes.webhook_failing.summary);
    expect(diagnosis.reasons).toContainEqual(expect.stringMatching(/^Webhook attempt 1 of `charge\.succeeded` to endpoint `we_\w+` was answered 500 \(`webhook\.outcome` = retry\)/));
  });
});

describe('a replayed answer', () => {
  it('explains the trace it replays: the same deciding hop and party as the original', () => {
    const diagnosis = explain('idempotent-retry');
    const original = diagnose(jaegerTrace('idempotent-retry.original'));
    expect(diagnosis).toMatchObject({ outcome: 'replayed', replayOf: original.traceId, party: original.party, decidedBy: original.decidedBy });
    expect(diagnosis.traceId).not.toBe(original.traceId);
    expect(diagnosis.reasons[0]).toMatch(/replayed this answer .* The decision is in trace [0-9a-f]{32}/);
    expect(diagnosis.dont).toEqual(expect.arrayContaining(REMEDIES.outcomes.replayed.dont));
  });

  it('without the original, says where the decision is', () => {
    const diagnosis = diagnose(jaegerTrace('idempotent-retry'));
    expect(diagnosis).toMatchObject({ outcome: 'replayed', party: 'merchant' });
    expect(diagnosis.decidedBy).toBeUndefined();
    expect(diagnosis.do[0]).toMatch(/Explain the trace it replays/);
  });
});

describe('formatDiagnosis', () => {
  it('prints who must act, why, the evidence, what to do and not, and links the page and the span', () => {
    const diagnosis = explain('billing-misconfigured');
    const text = formatDiagnosis(diagnosis, { gatewayUrl: 'http://localhost:3000', jaegerUiUrl: 'http://localhost:16686' });
    expect(text.split('\n').slice(0, 2)).toEqual([`trace ${diagnosis.traceId}`, '402 invoice_past_due, decided by billing (billing.assess_customer)']);
    expect(text).toContain(`who must act: ${REMEDIES.parties.operators}`);
    expect(text).toMatch(/^why:\n {2}- /m);
    expect(text).toMatch(/^evidence \(billing billing\.assess_customer, span [0-9a-f]{16}\):$/m);
    expect(text).toMatch(/^ {2}billing\.invoice\.days_past_due +-14$/m);
    expect(text).toMatch(/^do:\n {2}- Roll back/m);
    expect(text).toMatch(/^don't:\n {2}- Don't tell the customer/m);
    expect(text).toMatch(/^retry: after_change: /m);
    expect(text).toContain('docs:   http://localhost:3000/errors/invoice_past_due');
    expect(text).toContain(`jaeger: http://localhost:16686/trace/${diagnosis.traceId}?uiFind=${diagnosis.decidedBy?.spanId}`);
  });

  it('links a replay to the trace that holds the decision', () => {
    const diagnosis = explain('idempotent-retry');
    expect(formatDiagnosis(diagnosis, { jaegerUiUrl: 'http://jaeger' })).toContain(`jaeger: http://jaeger/trace/${diagnosis.replayOf}?uiFind=${diagnosis.decidedBy?.spanId}`);
  });
});

describe('diagnosisSummary', () => {
  it('says in one line who must act and why', () => {
    expect(diagnosisSummary(explain('billing-misconfigured'))).toBe(`The platform's operators must act. ${REMEDIES.codes.invoice_past_due.when?.rule_misapplied.summary}`);
    expect(diagnosisSummary(explain('success'))).toBe(REMEDIES.outcomes.succeeded.summary);
  });
});
