import { FaultStore } from '@hoptrace/faults';
import { GatewayClient, runScenario, scenarioNamed, SCENARIOS, WebhookReceiver, type RunnerContext, type ScenarioResult } from '@hoptrace/scenarios';
import { diagnose, REMEDIES, verdictOf, type Diagnosis } from '@hoptrace/trace-verdict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { useSystem } from '@hoptrace/testing/jest';
import { DEFAULT_QUEUE_PREFIX } from '@hoptrace/runtime';
import { BILLING_REPLY_TIMEOUT_MS, scenarioContext } from './support/scenario-context';

/**
 * Every scenario of the catalogue against the running services and a real Jaeger, judged by the
 * runner from Jaeger's data alone. Billing's reply timeout is short here so that processor-timeout
 * and processor-down take seconds, and webhook retries come quickly.
 */
const sut = useSystem('scenarios', {
  env: {
    BILLING_REPLY_TIMEOUT_MS: String(BILLING_REPLY_TIMEOUT_MS),
    GATEWAY_REPLY_TIMEOUT_MS: '4000',
    WEBHOOK_RETRY_SCHEDULE_MS: '500,1000,2000',
  },
});

const execFileAsync = promisify(execFile);
const results = new Map<string, ScenarioResult>();
let receiver: WebhookReceiver;
let context: RunnerContext;

beforeAll(async () => {
  const faults = new FaultStore(sut.redis, DEFAULT_QUEUE_PREFIX);
  receiver = new WebhookReceiver({ faults });
  await receiver.start();
  context = scenarioContext(sut, { gateway: new GatewayClient(sut.system.gatewayUrl), faults, receiver });
});

afterAll(() => receiver?.stop());

/** Runs a scenario once; the tests below read its result. */
async function resultOf(name: string): Promise<ScenarioResult> {
  const known = results.get(name);
  if (known) return known;
  const scenario = scenarioNamed(name);
  if (!scenario) throw new Error(`no scenario ${name}`);
  const result = await runScenario(scenario, context);
  results.set(name, result);
  return result;
}

describe('every scenario of the catalogue', () => {
  it.each(SCENARIOS.map((scenario) => [scenario.name, scenario.expect.status, scenario.expect.decidedBy ?? 'none']))(
    '%s: %s, decided by %s, as Jaeger shows it',
    async (name) => {
      const result = await resultOf(name);
      expect({ name, differences: result.differences }).toEqual({ name, differences: [] });
      expect(result.status).toBe(result.expected.status);
      expect(result.verdict.status).toBe(result.expected.status);
      expect(result.decidedBy).toBe(result.expected.decidedBy);
      // The link opens the trace with the deciding span, or the gateway's, found.
      expect(result.jaegerUrl).toMatch(new RegExp(`/trace/${result.traceId}\\?uiFind=[0-9a-f]{16}$`));
      if (result.verdict.decidedBy) expect(result.jaegerUrl.endsWith(result.verdict.decidedBy.spanId)).toBe(true);
    },
  );
});

describe('explain, on the trace of every scenario', () => {
  it.each(SCENARIOS.map((scenario) => [scenario.name, scenario.expect.decidedBy ?? 'no hop', scenario.expect.party]))(
    '%s: names %s as deciding, as the verdict does, and %s as the party that must act',
    async (name) => {
      const result = await resultOf(name);
      // Read back from Jaeger, as `explain <trace-id>` does, not taken from the run.
      const spans = await sut.jaeger.getTrace(result.traceId);
      const original = result.verdict.replayOf ? await sut.jaeger.getTrace(result.verdict.replayOf) : undefined;
      const diagnosis = diagnose(spans, { original });
      expect({ name, decidedBy: diagnosis.decidedBy?.service ?? null, party: diagnosis.party }).toEqual({ name, decidedBy: result.decidedBy, party: result.expected.party });
      // The very span the verdict names: of the original trace, for a replay.
      expect(diagnosis.decidedBy?.spanId).toBe((original ? verdictOf(original) : result.verdict).decidedBy?.spanId);
      expect(diagnosis.defects).toEqual([]);
      expect(result.diagnosis?.party).toBe(diagnosis.party);
    },
  );
});

describe('the hop that decides is the last one asked', () => {
  it("billing's 402 has no processor span; the gateway's has no queue span at all", async () => {
    for (const name of ['invoice-past-due', 'billing-misconfigured']) {
      const result = await resultOf(name);
      expect(result.verdict.services).toEqual(['gateway', 'billing']);
      expect(result.tree).not.toContain('payment-processor');
    }
    const credit = await resultOf('credit-exhausted');
    expect(credit.verdict.services).toEqual(['gateway']);
    const spans = await sut.jaeger.getTrace(credit.traceId);
    expect(spans.filter((span) => span.kind === 'producer' || span.kind === 'consumer')).toEqual([]);
  });
});

describe('a misconfigured billing rule is told apart from a real past-due invoice by its deciding span', () => {
  it('shows the rule version, its configuration and the ledger state it saw', async () => {
    const spanOf = async (name: string) => {
      const result = await resultOf(name);
      const spans = await sut.jaeger.getTrace(result.traceId);
      const decider = spans.find((span) => span.spanId === result.verdict.decidedBy?.spanId);
      if (!decider) throw new Error(`${name}: no deciding span`);
      return decider.tags;
    };
    const real = await spanOf('invoice-past-due');
    const misconfigured = await spanOf('billing-misconfigured');
    expect(real).toMatchObject({
      'billing.rule.name': 'unpaid_invoice',
      'billing.rule.version': 'unpaid_invoice/v3',
      'billing.rule.grace_days': 0,
      'billing.invoice.id': 'in_past_due',
      'billing.invoice.days_past_due': 10,
    });
    expect(real['fault.active']).toBeUndefined();
    expect(misconfigured).toMatchObject({
      'billing.rule.version': 'unpaid_invoice/v4-rc1',
      'billing.rule.grace_days': -30,
      'billing.invoice.id': 'in_enterprise_open',
      'billing.invoice.status': 'open',
      // Not yet due: the customer owes nothing overdue, and the span says so.
      'billing.invoice.days_past_due': -14,
      'fault.billing_misconfigured': true,
    });
  });
});

describe('failures of the system are never 402s, and their traces show where the time went', () => {
  it('processor-timeout: 504 from billing; the processor span that lost the time carries the fault', async () => {
    const result = await resultOf('processor-timeout');
    expect(result.status).toBe(504);
    expect(result.problem).toMatchObject({ code: 'upstream_timeout', origin: 'billing' });
    expect(result.verdict.slowestHop).toMatchObject({ service: 'payment-processor', operationName: 'fault.processor_latency' });
    expect(result.verdict.slowestHop!.selfTimeMs).toBeGreaterThanOrEqual(BILLING_REPLY_TIMEOUT_MS + 1_500);
    const spans = await sut.jaeger.getTrace(result.traceId);
    const authorize = spans.find((span) => span.service === 'payment-processor' && span.operationName === 'payment.authorize');
    expect(authorize?.tags).toMatchObject({ 'fault.processor_latency_ms': BILLING_REPLY_TIMEOUT_MS + 1_500 });
  });

  it('processor-down: 503 with Retry-After from billing, the authorization nobody took withdrawn', async () => {
    const result = await resultOf('processor-down');
    expect(result.status).toBe(503);
    expect(result.problem).toMatchObject({ code: 'service_unavailable', origin: 'billing' });
    expect(result.verdict.unansweredHops).toEqual(['payment-processor']);
    const spans = await sut.jaeger.getTrace(result.traceId);
    expect(spans.find((span) => span.service === 'billing' && span.kind === 'consumer')?.tags).toMatchObject({ 'bullmq.queue.paused': true });
    // Withdrawn, so resuming the queue ran nothing: the processor never saw this charge.
    expect(await sut.jaeger.getTrace(result.traceId)).toHaveLength(spans.length);
  });

  it('processor-errors: 502, the processor red, and no span claiming a 402', async () => {
    const result = await resultOf('processor-errors');
    expect(result.problem).toMatchObject({ code: 'processor_error', origin: 'payment-processor' });
    const spans = await sut.jaeger.getTrace(result.traceId);
    const authorize = spans.find((span) => span.service === 'payment-processor' && span.operationName === 'payment.authorize');
    expect(authorize).toMatchObject({ hasError: true, tags: expect.objectContaining({ 'fault.processor_failure_rate': 1 }) });
  });

  it('leaves no fault on after a scenario', async () => {
    await resultOf('processor-down');
    expect(await context.faults.read()).toEqual({
      processor_latency_ms: 0,
      processor_failure_rate: 0,
      processor_unavailable: false,
      billing_misconfigured: false,
      webhook_receiver_status: 0,
      facilitator_unavailable: false,
    });
  });
});

describe('the runner CLI', () => {
  const cli = join(process.cwd(), 'dist/apps/scenario-runner/main.js');
  const env = () => ({
    ...process.env,
    GATEWAY_URL: sut.system.gatewayUrl,
    JAEGER_QUERY_URL: sut.system.jaeger.queryUrl,
    REDIS_URL: sut.system.redis.url,
  });

  it('runs scenarios, prints the verdict, link and hop tree, and exits 0 when they match', async () => {
    const { stdout } = await execFileAsync(process.execPath, [cli, 'run', 'insufficient-funds', 'invoice-past-due'], { env: env() });
    expect(stdout).toMatch(/^MATCH +insufficient-funds: 402 card_declined\/insufficient_funds, decided by payment-processor/m);
    expect(stdout).toMatch(/^MATCH +invoice-past-due: 402 invoice_past_due, decided by billing/m);
    expect(stdout).toMatch(/jaeger http:\/\/127\.0\.0\.1:\d+\/trace\/[0-9a-f]{32}\?uiFind=[0-9a-f]{16}/);
    expect(stdout).toMatch(/payment-processor: payment\.authorize .*<== decided the 402/);
    // Each result says in short who must act, and points to the full explanation.
    expect(stdout).toMatch(/^ {2}who {4}The customer must act\. /m);
    expect(stdout).toMatch(/^ {2}who {4}The merchant must act\. /m);
    expect(stdout).toMatch(/^ {2}explain scenario-runner explain [0-9a-f]{32}$/m);
    expect(stdout).toMatch(/^scenarios: 2 matched, 0 differed$/m);
  });

  it('explains a trace: the misconfigured rule is the operators\' problem, with the evidence, the fix and the page', async () => {
    const { traceId } = await resultOf('billing-misconfigured');
    const { stdout } = await execFileAsync(process.execPath, [cli, 'explain', traceId], { env: env() });
    const lines = stdout.split('\n');
    expect(lines.slice(0, 2)).toEqual([`trace ${traceId}`, '402 invoice_past_due, decided by billing (billing.assess_customer)']);
    expect(stdout).toContain(`who must act: ${REMEDIES.parties.operators}`);
    expect(stdout).toMatch(/`billing\.invoice\.days_past_due` = -14, .*cannot be past due/);
    expect(stdout).toMatch(/^ {2}billing\.rule\.version +unpaid_invoice\/v4-rc1$/m);
    expect(stdout).toMatch(/^ {2}billing\.rule\.grace_days +-30$/m);
    expect(stdout).toMatch(/^do:\n {2}- Roll back billing's unpaid-invoice rule/m);
    expect(stdout).toMatch(/^ {2}- Don't tell the customer or the merchant to pay/m);
    expect(stdout).toContain(`docs:   ${sut.system.gatewayUrl}/errors/invoice_past_due`);
    // The page the link names is served, and shows the same remedy.
    const page = await (await fetch(`${sut.system.gatewayUrl}/errors/invoice_past_due`)).text();
    expect(page).toContain(REMEDIES.codes.invoice_past_due.when!.rule_misapplied.summary);
  });

  it('explains a trace as JSON: a soft decline is the customer\'s, retried later only', async () => {
    const { traceId, verdict } = await resultOf('insufficient-funds');
    const { stdout } = await execFileAsync(process.execPath, [cli, 'explain', traceId, '--json'], { env: env() });
    const diagnosis = JSON.parse(stdout) as Diagnosis;
    expect(diagnosis).toMatchObject({
      traceId,
      status: 402,
      party: 'customer',
      decidedBy: { service: 'payment-processor', spanId: verdict.decidedBy?.spanId },
      code: 'card_declined',
      declineCode: 'insufficient_funds',
      adviceCode: 'try_again_later',
      retry: { when: 'later' },
      docs: '/errors/card_declined',
    });
    expect(diagnosis.evidence[0].attributes).toMatchObject({ 'payment.decline_code': 'insufficient_funds', 'payment.advice_code': 'try_again_later' });
  });

  it('explains a replay by the trace it replays, and a 5xx as no payment problem', async () => {
    const replay = await resultOf('idempotent-retry');
    const replayed = JSON.parse((await execFileAsync(process.execPath, [cli, 'explain', replay.traceId, '--json'], { env: env() })).stdout) as Diagnosis;
    expect(replayed).toMatchObject({ outcome: 'replayed', replayOf: replay.verdict.replayOf, party: 'customer', decidedBy: { service: 'payment-processor' } });
    const timeout = await resultOf('processor-timeout');
    const { stdout } = await execFileAsync(process.execPath, [cli, 'explain', timeout.traceId], { env: env() });
    expect(stdout).toMatch(/^504 upstream_timeout, failed at billing: not a payment problem$/m);
    expect(stdout).toMatch(/^ {2}- The time went to payment-processor fault\.processor_latency: \d+ ms of its own/m);
  });

  it('says so, and exits 1, for a trace Jaeger does not have', async () => {
    const missing = await execFileAsync(process.execPath, [cli, 'explain', 'f'.repeat(32)], { env: env() }).then(
      () => undefined,
      (error: { code: number; stderr: string }) => error,
    );
    expect(missing?.code).toBe(1);
    expect(missing?.stderr).toContain(`has no trace ${'f'.repeat(32)}`);
  });

  it('prints machine-readable results with --json', async () => {
    const { stdout } = await execFileAsync(process.execPath, [cli, 'run', 'no-api-key', '--json'], { env: env() });
    const [result] = JSON.parse(stdout) as ScenarioResult[];
    expect(result).toMatchObject({ scenario: 'no-api-key', status: 401, decidedBy: null, passed: true, differences: [] });
  });

  it('exits non-zero when what Jaeger shows differs from what the scenario expects', async () => {
    // A latency shorter than billing's timeout: the charge succeeds, and processor-timeout's 504 never comes.
    const failure = await execFileAsync(process.execPath, [cli, 'run', 'processor-timeout', '--processor-latency-ms', '10'], { env: env() }).then(
      () => undefined,
      (error: { code: number; stdout: string }) => error,
    );
    expect(failure?.code).toBe(1);
    expect(failure?.stdout).toMatch(/^DIFFER processor-timeout: 201/m);
    expect(failure?.stdout).toContain('answered 201, expected 504');
  });

  it('draws the same mix for the same seed', async () => {
    const mix = async () =>
      (JSON.parse((await execFileAsync(process.execPath, [cli, 'run', '--mix', '3', '--seed', '7', '--json'], { env: env() })).stdout) as ScenarioResult[]).map(
        (result) => result.scenario,
      );
    const first = await mix();
    expect(first).toHaveLength(3);
    expect(await mix()).toEqual(first);
  });

  it('switches faults at run time and refuses one it does not know', async () => {
    const set = await execFileAsync(process.execPath, [cli, 'faults', 'set', 'processor_failure_rate=0.5', '--json'], { env: env() });
    expect(JSON.parse(set.stdout)).toMatchObject({ processor_failure_rate: 0.5 });
    const cleared = await execFileAsync(process.execPath, [cli, 'faults', 'clear', '--json'], { env: env() });
    expect(JSON.parse(cleared.stdout)).toMatchObject({ processor_failure_rate: 0 });
    const refused = await execFileAsync(process.execPath, [cli, 'faults', 'set', 'processor_on_fire=true'], { env: env() }).then(
      () => undefined,
      (error: { code: number; stderr: string }) => error,
    );
    expect(refused?.code).toBe(2);
    expect(refused?.stderr).toContain('unknown fault "processor_on_fire"');
  });
});
