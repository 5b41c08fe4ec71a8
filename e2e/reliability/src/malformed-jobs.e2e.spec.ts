import { PATTERNS, QUEUES } from '@hoptrace/contracts';
import { waitFor } from '@hoptrace/testing';
import { Queue, type JobsOptions } from 'bullmq';
import { readFileSync } from 'node:fs';
import { LEDGER_KEY, sendCharge, SUCCEEDING, trackedCharge } from './support/charges';
import { reportFigures } from './support/figures';
import { useSystem } from '@hoptrace/testing/jest';
import { DEFAULT_QUEUE_PREFIX } from '@hoptrace/runtime';

/**
 * Jobs put straight onto the services' queues, bypassing the gateway, with payloads that break
 * their contract. Each consumer must reject such a job once, log it, and go on serving.
 */
const sut = useSystem('malformed-jobs');

const CHARGE = { charge_id: 'ch_malformed0001', amount: 1999, currency: 'usd', customer: 'cus_demo', payment_method: SUCCEEDING };
/** Events are retried (5 attempts with backoff): a malformed one must still be tried only once. */
const EVENT_OPTIONS: JobsOptions = { attempts: 5, backoff: { type: 'fixed', delay: 100 } };

const CASES: Array<{ queue: string; pattern: string; data: unknown; opts?: JobsOptions; field: string }> = [
  { queue: QUEUES.billing, pattern: PATTERNS.createCharge, data: {}, field: 'is missing' },
  { queue: QUEUES.billing, pattern: PATTERNS.createCharge, data: { ...CHARGE, amount: undefined }, field: 'amount' },
  { queue: QUEUES.billing, pattern: PATTERNS.createCharge, data: { ...CHARGE, customer: 42 }, field: 'customer' },
  { queue: QUEUES.billing, pattern: PATTERNS.createCharge, data: null, field: 'object' },
  { queue: QUEUES.billing, pattern: PATTERNS.createCharge, data: 'charge me', field: 'object' },
  { queue: QUEUES.processor, pattern: PATTERNS.authorizePayment, data: { ...CHARGE, charge_id: 'ch_malformed0002' }, field: 'idempotency_key' },
  { queue: QUEUES.processor, pattern: PATTERNS.authorizePayment, data: { ...CHARGE, charge_id: 'ch_malformed0003', idempotency_key: 'ch_malformed0003', amount: 'lots' }, field: 'amount' },
  { queue: QUEUES.notifier, pattern: PATTERNS.chargeSucceeded, data: { id: 'evt_malformed', type: 'charge.succeeded', created: 1 }, opts: EVENT_OPTIONS, field: 'data' },
  { queue: QUEUES.notifier, pattern: PATTERNS.chargeFailed, data: { id: 'evt_malformed2', type: 'charge.failed', created: 1, data: { object: {} } }, opts: EVENT_OPTIONS, field: 'data.object.id' },
  { queue: QUEUES.notifier, pattern: PATTERNS.listDeadWebhookDeliveries, data: { limit: 'all' }, field: 'limit' },
];

const LOG_OF: Record<string, 'billing' | 'payment-processor' | 'notifier'> = {
  [QUEUES.billing]: 'billing',
  [QUEUES.processor]: 'payment-processor',
  [QUEUES.notifier]: 'notifier',
};

describe('malformed jobs put straight into the queues', () => {
  const queues = new Map<string, Queue>();
  afterAll(() => Promise.all([...queues.values()].map((queue) => queue.close())));

  it('are rejected once and logged, never reach a handler, and the workers keep serving', async () => {
    const { system, redis } = sut;
    const queueOf = (name: string) => {
      if (!queues.has(name)) queues.set(name, new Queue(name, { connection: { url: system.redis.url }, prefix: DEFAULT_QUEUE_PREFIX }));
      return queues.get(name)!;
    };
    const jobs = await Promise.all(CASES.map((c) => queueOf(c.queue).add(c.pattern, c.data, c.opts)));
    await waitFor(async () => (await Promise.all(jobs.map((job) => job.getState()))).every((state) => state === 'failed'), {
      what: 'every malformed job to fail',
      timeoutMs: 30_000,
      intervalMs: 200,
    });

    const outcomes = await Promise.all(
      jobs.map(async (job, i) => {
        const failed = (await queueOf(CASES[i].queue).getJob(job.id!))!;
        const log = readFileSync(system.services[LOG_OF[CASES[i].queue]].process.logFile, 'utf8');
        const logged = log
          .split('\n')
          .filter((line) => line.startsWith('{'))
          .map((line) => JSON.parse(line) as Record<string, unknown>)
          .some((entry) => entry.msg === 'job rejected' && entry.job_id === job.id && entry.queue === CASES[i].queue);
        return { pattern: CASES[i].pattern, attempts: failed.attemptsMade, reason: failed.failedReason, logged };
      }),
    );
    reportFigures('malformed-jobs', {
      malformed_jobs: CASES.length,
      rejected_once: outcomes.filter((o) => o.attempts === 1).length,
      logged: outcomes.filter((o) => o.logged).length,
    });
    outcomes.forEach((outcome, i) => {
      expect(outcome).toMatchObject({ attempts: 1, logged: true, reason: expect.stringMatching(/^malformed payload: /) });
      expect(outcome.reason).toContain(CASES[i].field);
    });
    // The processor authorized none of them, and no worker died.
    expect(await redis.hexists(LEDGER_KEY, 'ch_malformed0002')).toBe(0);
    expect(await redis.hexists(LEDGER_KEY, 'ch_malformed0003')).toBe(0);
    for (const app of ['billing', 'payment-processor', 'notifier'] as const) expect(system.services[app].process.hasExited).toBe(false);
    expect((await sendCharge(system.gatewayUrl, trackedCharge('malformed-after', 0, SUCCEEDING))).status).toBe(201);
  });
});
