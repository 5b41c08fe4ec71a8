import { FaultStore } from '@hoptrace/faults';
import { DEFAULT_QUEUE_PREFIX } from '@hoptrace/runtime';
import { GatewayClient, runScenario, SCENARIOS, WebhookReceiver, type GatewayAnswer, type ScenarioResult } from '@hoptrace/scenarios';
import { type ServiceApp, type TraceSpan } from '@hoptrace/testing';
import { useSystem } from '@hoptrace/testing/jest';
import { randomUUID } from 'node:crypto';
import { chargeMix } from './support/charge-mix';
import { BILLING_REPLY_TIMEOUT_MS, scenarioContext } from './support/scenario-context';

/**
 * Several replicas of every worker service, and two gateways, on one Redis and one Jaeger, as a
 * deployment scaled out runs them. Mixed charges and the whole scenario catalogue go through both
 * gateways; each charge must be served exactly once, every replica must have served some, and
 * what lives in Redis (faults, rate limits, idempotency keys, credits) must hold across replicas.
 * Which replica served a span is its resource's `service.instance.id`.
 */
const REPLICAS: Partial<Record<ServiceApp, number>> = { gateway: 2, billing: 3, 'payment-processor': 3, notifier: 2 };
const sut = useSystem('replicas', {
  replicas: REPLICAS,
  env: {
    BILLING_REPLY_TIMEOUT_MS: String(BILLING_REPLY_TIMEOUT_MS),
    GATEWAY_REPLY_TIMEOUT_MS: '4000',
    WEBHOOK_RETRY_SCHEDULE_MS: '500,1000,2000',
  },
});

const LEDGER_KEY = 'processor:ledger';
const INSTANCE = 'service.instance.id';
const figures: Record<string, unknown> = {};
afterAll(() => process.stdout.write(`\nreplicas figures ${JSON.stringify(figures)}\n`));

const gateways = () => sut.system.gatewayUrls.map((url) => new GatewayClient(url));
const instancesOf = (app: ServiceApp) => sut.system.replicas[app].map((service) => service.instanceId);

/** Each charge of a test gets an amount of its own, so the processor's ledger tells its fate. */
let nextAmount = 30_000;
const chargeBody = (paymentMethod: string, customer = 'cus_demo') => ({ amount: nextAmount++, currency: 'usd', customer, payment_method: paymentMethod });

/** Sends every request `concurrency` at a time, the i-th through gateway i mod 2, and returns the answers in order. */
async function throughBoth<T>(count: number, concurrency: number, send: (gateway: GatewayClient, index: number) => Promise<T>): Promise<T[]> {
  const clients = gateways();
  const answers: T[] = new Array(count);
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const index = next++;
      answers[index] = await send(clients[index % clients.length], index);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return answers;
}

async function ledger(): Promise<Array<{ charge_id: string; amount: number }>> {
  return Object.values(await sut.redis.hgetall(LEDGER_KEY)).map((raw) => JSON.parse(raw));
}

/** The whole trace, once the spans a charge that reached the processor leaves have all arrived. */
async function chargeTrace(traceId: string, hops: ServiceApp[]): Promise<TraceSpan[]> {
  await sut.jaeger.waitForTrace(traceId, (spans) => hops.every((hop) => spans.some((span) => span.service === hop && span.kind !== 'producer')), { timeoutMs: 30_000 });
  // Spans arrive in batches: a moment more for the last of them.
  await new Promise((resolve) => setTimeout(resolve, 500));
  return sut.jaeger.getTrace(traceId);
}

/** The replicas that consumed this queue's jobs in a trace, one entry per consumer span. */
const consumersOf = (spans: TraceSpan[], service: ServiceApp, queue: string) =>
  spans.filter((span) => span.service === service && span.kind === 'consumer' && span.tags['messaging.destination.name'] === queue).map((span) => String(span.resource[INSTANCE]));

/** How many times each replica appears. */
function tally(instances: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const instance of instances) counts[instance] = (counts[instance] ?? 0) + 1;
  return counts;
}

describe('the system with 2 gateways, 3 billing, 3 processors and 2 notifiers', () => {
  it('runs each replica as its own healthy process on a port of its own', async () => {
    const running = Object.fromEntries(Object.entries(sut.system.replicas).map(([app, replicas]) => [app, replicas.length]));
    expect(running).toEqual({ gateway: 2, billing: 3, 'payment-processor': 3, notifier: 2, facilitator: 1 });
    const all = Object.values(sut.system.replicas).flat();
    expect(new Set(all.map((service) => service.url)).size).toBe(all.length);
    expect(new Set(all.map((service) => service.process.pid)).size).toBe(all.length);
    for (const service of all) expect((await fetch(`${service.url}/healthz`)).status).toBe(200);
    // The single-replica API still names each service's first replica.
    expect(sut.system.services.billing).toBe(sut.system.replicas.billing[0]);
    expect(sut.system.gatewayUrls[0]).toBe(sut.system.gatewayUrl);
  });
});

describe('the payment rate limit', () => {
  // First in the file: the rate-limited scenario below spends the same key's minute.
  it('counts a key across both gateways: 3 charges a minute in all, then 429 from either', async () => {
    const [first, second] = gateways();
    const statuses = [];
    for (const gateway of [first, second, first]) statuses.push((await gateway.charge(chargeBody('pm_card_visa'), { apiKey: 'sk_test_limited' })).status);
    expect(statuses).toEqual([201, 201, 201]);
    for (const gateway of [first, second]) {
      const limited = await gateway.charge(chargeBody('pm_card_visa'), { apiKey: 'sk_test_limited' });
      expect(limited.status).toBe(429);
      expect(limited.body).toMatchObject({ code: 'rate_limited', origin: 'gateway' });
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    }
  });
});

describe('mixed charges through both gateways', () => {
  const COUNT = 120;
  let sent: Array<{ body: { amount: number }; gateway: string; answer: GatewayAnswer }>;
  let traces: TraceSpan[][];

  beforeAll(async () => {
    const planned = chargeMix(COUNT, 16);
    sent = await throughBoth(COUNT, 8, async (gateway, index) => {
      const body = chargeBody(planned[index].paymentMethod, planned[index].customer);
      return { body, gateway: gateway.baseUrl, answer: await gateway.charge(body) };
    });
    traces = await Promise.all(
      sent.map(({ answer }) =>
        chargeTrace(answer.traceId, answer.status === 402 && (answer.body as { origin?: string }).origin === 'billing' ? ['gateway', 'billing'] : ['gateway', 'billing', 'payment-processor', 'notifier']),
      ),
    );
  }, 240_000);

  it('answers each as one process would: 201 or a 402 decided by billing or the processor', () => {
    const outcomes = tally(sent.map(({ answer }) => `${answer.status} ${(answer.body as { origin?: string }).origin ?? ''}`.trim()));
    figures.mixedOutcomes = outcomes;
    expect(Object.keys(outcomes).sort()).toEqual(['201', '402 billing', '402 payment-processor']);
  });

  it('serves each charge once: one job per hop in its trace, one ledger entry per 201 and none per decline', async () => {
    const entries = await ledger();
    const byAmount = tally(entries.map((entry) => String(entry.amount)));
    const notOnce = [];
    for (const [index, { body, answer }] of sent.entries()) {
      const spans = traces[index];
      const reachesProcessor = !(answer.status === 402 && (answer.body as { origin?: string }).origin === 'billing');
      const jobs = {
        billing: consumersOf(spans, 'billing', 'billing').length,
        processor: consumersOf(spans, 'payment-processor', 'payment-processor').length,
        notifier: consumersOf(spans, 'notifier', 'notifier').length,
        ledger: byAmount[String(body.amount)] ?? 0,
      };
      const expected = { billing: 1, processor: reachesProcessor ? 1 : 0, notifier: reachesProcessor ? 1 : 0, ledger: answer.status === 201 ? 1 : 0 };
      if (JSON.stringify(jobs) !== JSON.stringify(expected)) notOnce.push({ amount: body.amount, status: answer.status, jobs, expected });
    }
    expect(notOnce).toEqual([]);
    // The 201's charge is the one the ledger holds.
    const ids = new Set(entries.map((entry) => entry.charge_id));
    expect(sent.filter(({ answer }) => answer.status === 201 && !ids.has((answer.body as { id: string }).id))).toEqual([]);
  });

  it('spreads the work over every replica of every service, as their spans show', () => {
    const servedBy = {
      gateway: tally(traces.map((spans) => String(spans.find((span) => span.service === 'gateway' && span.kind === 'server')?.resource[INSTANCE]))),
      billing: tally(traces.flatMap((spans) => consumersOf(spans, 'billing', 'billing'))),
      'payment-processor': tally(traces.flatMap((spans) => consumersOf(spans, 'payment-processor', 'payment-processor'))),
      notifier: tally(traces.flatMap((spans) => consumersOf(spans, 'notifier', 'notifier'))),
    };
    figures.chargesPerReplica = servedBy;
    for (const app of Object.keys(servedBy) as Array<keyof typeof servedBy>) {
      expect({ app, replicas: Object.keys(servedBy[app]).sort() }).toEqual({ app, replicas: instancesOf(app).sort() });
    }
    // The gateway that answered is the one the charge was sent to.
    const gatewayOfUrl = new Map(sut.system.replicas.gateway.map((service) => [service.url, service.instanceId]));
    const misrouted = sent.filter(({ gateway }, index) => traces[index].find((span) => span.kind === 'server')?.resource[INSTANCE] !== gatewayOfUrl.get(gateway));
    expect(misrouted).toEqual([]);
  });
});

describe('a fault switched once', () => {
  const faults = () => new FaultStore(sut.redis, DEFAULT_QUEUE_PREFIX);
  afterEach(() => faults().clear());

  it('processor_failure_rate: every processor replica fails the charges, through either gateway; off again, they succeed', async () => {
    await faults().set({ processor_failure_rate: 1 });
    const failed = await throughBoth(24, 6, (gateway) => gateway.charge(chargeBody('pm_card_visa')));
    expect(tally(failed.map((answer) => String(answer.status)))).toEqual({ '502': 24 });
    const spans = await Promise.all(failed.map((answer) => chargeTrace(answer.traceId, ['gateway', 'billing', 'payment-processor'])));
    const failing = tally(spans.flatMap((trace) => trace.filter((span) => span.service === 'payment-processor' && span.hasError).map((span) => String(span.resource[INSTANCE]))));
    figures.processorFailuresPerReplica = failing;
    expect(Object.keys(failing).sort()).toEqual(instancesOf('payment-processor').sort());

    await faults().clear();
    const after = await throughBoth(6, 6, (gateway) => gateway.charge(chargeBody('pm_card_visa')));
    expect(after.map((answer) => answer.status)).toEqual(Array(6).fill(201));
  }, 120_000);

  it('billing_misconfigured: every billing replica refuses a customer in good standing, and the deciding spans say the fault is on', async () => {
    await faults().set({ billing_misconfigured: true });
    const refused = await throughBoth(24, 6, (gateway) => gateway.charge(chargeBody('pm_card_visa', 'cus_enterprise')));
    expect(tally(refused.map((answer) => `${answer.status} ${(answer.body as { code?: string }).code}`))).toEqual({ '402 invoice_past_due': 24 });
    const spans = await Promise.all(refused.map((answer) => chargeTrace(answer.traceId, ['gateway', 'billing'])));
    const deciding = tally(spans.flatMap((trace) => trace.filter((span) => span.tags['payment.required.origin'] === 'billing' && span.tags['fault.billing_misconfigured'] === true).map((span) => String(span.resource[INSTANCE]))));
    figures.misconfiguredRefusalsPerReplica = deciding;
    expect(Object.keys(deciding).sort()).toEqual(instancesOf('billing').sort());
  }, 120_000);
});

describe('an Idempotency-Key, through the other gateway', () => {
  it('replays a success sent to one gateway when the retry reaches the other, without charging again', async () => {
    const [first, second] = gateways();
    const key = randomUUID();
    const body = chargeBody('pm_card_visa');
    const original = await first.charge(body, { idempotencyKey: key });
    expect(original.status).toBe(201);
    const ledgerAfter = await sut.redis.hlen(LEDGER_KEY);
    const replay = await second.charge(body, { idempotencyKey: key });
    expect(replay.status).toBe(201);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.body).toEqual(original.body);
    expect(await sut.redis.hlen(LEDGER_KEY)).toBe(ledgerAfter);
    // The replay was the second gateway's, and it reached no other service.
    const spans = await sut.jaeger.waitForTrace(replay.traceId, (found) => found.some((span) => span.kind === 'server'), { timeoutMs: 30_000 });
    const server = spans.find((span) => span.kind === 'server');
    expect(server?.resource[INSTANCE]).toBe(sut.system.replicas.gateway[1].instanceId);
    expect(server?.tags).toMatchObject({ 'idempotency.replayed': true, 'idempotency.original_trace_id': original.traceId });
  });

  it('replays a decline as the same 402 through the other gateway: the card is not tried again', async () => {
    const [first, second] = gateways();
    const key = randomUUID();
    const body = chargeBody('pm_card_visa_chargeDeclinedInsufficientFunds');
    const original = await second.charge(body, { idempotencyKey: key });
    expect(original.status).toBe(402);
    const replay = await first.charge(body, { idempotencyKey: key });
    expect(replay.status).toBe(402);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.body).toEqual(original.body);
  });

  it('charges once when the same request reaches both gateways at the same moment', async () => {
    const rounds = [];
    for (let round = 0; round < 5; round++) {
      const key = randomUUID();
      const body = chargeBody('pm_card_visa');
      const answers = await Promise.all(gateways().map((gateway) => gateway.charge(body, { idempotencyKey: key })));
      const charged = (await ledger()).filter((entry) => entry.amount === body.amount).length;
      // One of them charges; the other either waits out the first (409, retry) or replays it.
      const statuses = answers.map((answer) => (answer.headers['idempotent-replayed'] ? 'replayed' : answer.status === 409 ? `409 ${(answer.body as { code?: string }).code}` : String(answer.status))).sort();
      rounds.push({ statuses, charged });
    }
    figures.sameKeyOnBothGateways = rounds;
    for (const { statuses, charged } of rounds) {
      expect(charged).toBe(1);
      expect([['201', '409 idempotency_key_in_use'], ['201', 'replayed']]).toContainEqual(statuses);
    }
  });
});

describe('credits', () => {
  it('are spent once each whichever gateway meters the call, even all at once: 25 calls paid, the rest refused', async () => {
    // The demo key starts with 25 credits and nothing else in this file spends them.
    const answers = await throughBoth(30, 10, (gateway) => gateway.request({ method: 'GET', path: '/v1/reports/credit_usage', apiKey: 'sk_test_demo' }));
    expect(tally(answers.map((answer) => String(answer.status)))).toEqual({ '200': 25, '402': 5 });
    const balances = answers.filter((answer) => answer.status === 200).map((answer) => (answer.body as { data: { balance: number } }).data.balance);
    // Each paid call saw a balance of its own: no credit was spent twice or not at all.
    expect(balances.sort((a, b) => a - b)).toEqual(Array.from({ length: 25 }, (_, index) => index));
    for (const answer of answers.filter((a) => a.status === 402)) expect(answer.body).toMatchObject({ code: 'insufficient_credit', origin: 'gateway' });
    // Both gateways metered paid calls (the i-th call went through gateway i mod 2).
    const paidBy = tally(answers.flatMap((answer, index) => (answer.status === 200 ? [instancesOf('gateway')[index % 2]] : [])));
    figures.paidCallsPerGateway = paidBy;
    expect(Object.keys(paidBy).sort()).toEqual(instancesOf('gateway').sort());
  });
});

describe('every scenario of the catalogue, through both gateways', () => {
  const results: ScenarioResult[] = [];
  let receiver: WebhookReceiver;
  beforeAll(async () => {
    receiver = new WebhookReceiver({ faults: new FaultStore(sut.redis, DEFAULT_QUEUE_PREFIX) });
    await receiver.start();
  });
  afterAll(() => receiver?.stop());

  it('matches each expectation, as Jaeger shows it, whichever gateway and replicas served it', async () => {
    const clients = gateways();
    for (const [index, scenario] of SCENARIOS.entries()) {
      const context = scenarioContext(sut, { gateway: clients[index % clients.length], faults: new FaultStore(sut.redis, DEFAULT_QUEUE_PREFIX), receiver });
      results.push(await runScenario(scenario, context));
    }
    figures.scenarios = { matched: results.filter((result) => result.passed).length, of: results.length };
    expect(results.map((result) => ({ scenario: result.scenario, differences: result.differences }))).toEqual(
      SCENARIOS.map((scenario) => ({ scenario: scenario.name, differences: [] })),
    );
    // The scenarios were served by both gateways.
    const served = new Set<string>();
    for (const result of results) {
      const spans = await sut.jaeger.getTrace(result.traceId);
      const server = spans.find((span) => span.service === 'gateway' && span.kind === 'server');
      if (server) served.add(String(server.resource[INSTANCE]));
    }
    expect([...served].sort()).toEqual(instancesOf('gateway').sort());
  }, 600_000);

  it('leaves every replica running', () => {
    const exited = Object.values(sut.system.replicas).flat().filter((service) => service.process.hasExited).map((service) => service.instanceId);
    expect(exited).toEqual([]);
  });
});
