import { QUEUES, PATTERNS, type ChargeRequest } from '@hoptrace/contracts';
import { pingRedis, sleep, waitFor } from '@hoptrace/testing';
import { Queue } from 'bullmq';
import { randomBytes } from 'node:crypto';
import {
  ChargeLoad,
  isProblem,
  NOTIFICATIONS_KEY,
  readLedger,
  reconcile,
  sendCharge,
  settle,
  SUCCEEDING,
  trackedCharge,
  type Answer,
} from './support/charges';
import { reportFigures } from './support/figures';
import { useSystem } from '@hoptrace/testing/jest';
import { DEFAULT_QUEUE_PREFIX } from '@hoptrace/runtime';

/**
 * redis-server stopped and started again under load, with its data kept (append-only file) as a
 * production Redis behind a job queue keeps it. No service is restarted: they must reconnect alone.
 */
const sut = useSystem('redis-restart', {
  redis: { appendonly: true },
  env: { QUEUE_LOCK_DURATION_MS: '4000', QUEUE_STALLED_INTERVAL_MS: '2000', PAYMENT_RATE_LIMIT_PER_MINUTE: '100000' },
});

const run = `redis-${randomBytes(4).toString('hex')}`;
const figures: Record<string, unknown> = {};

describe('a Redis restart under load', () => {
  afterAll(() => reportFigures('redis-restart', figures));

  it('fails requests fast with 503 while Redis is down, then serves everything again without a service restart', async () => {
    const { system, redis } = sut;
    const load = new ChargeLoad({ gatewayUrl: system.gatewayUrl, run, concurrency: 6, maxRequests: 3000 });
    await load.waitForMore(60);

    await system.redis.stop();
    expect(await pingRedis(system.redis.port)).toBe(false);
    // While Redis is down, each request is answered, at once, with a problem the client can act on.
    const whileDown: Answer[] = [];
    for (let i = 0; i < 30; i++) {
      const charge = trackedCharge(`${run}-down`, i, SUCCEEDING);
      whileDown.push(await sendCharge(system.gatewayUrl, charge));
    }
    await load.waitForMore(30);
    await system.redis.start();

    // The services reconnect by themselves: a charge succeeds again, then every one does.
    let probe = 0;
    await waitFor(async () => (await sendCharge(system.gatewayUrl, trackedCharge(`${run}-probe`, probe++, SUCCEEDING))).status === 201, {
      what: 'a charge to succeed after Redis came back',
      timeoutMs: 60_000,
      intervalMs: 250,
    });
    const afterwards = load.charges.length;
    await load.waitForMore(150);
    await load.stop();
    const after = load.charges.slice(afterwards).map((charge) => charge.answers[0]);

    await settle(system.gatewayUrl, load.charges);
    const reconciliation = await reconcile(redis, load.charges);
    Object.assign(figures, reconciliation, {
      redis_restarts: 1,
      answered_while_down: whileDown.length,
      answered_503_while_down: whileDown.filter((a) => a.status === 503).length,
      requests_after_recovery: after.length,
      failed_after_recovery: after.filter((a) => a.status !== 201 && a.status !== 402).length,
      probes_until_recovered: probe,
    });

    for (const answer of whileDown) {
      expect(answer.hung).toBeUndefined();
      expect(answer).toMatchObject({ status: 503, retryAfter: expect.stringMatching(/^\d+$/) });
      expect(isProblem(answer)).toBe(true);
      expect(answer.body).toMatchObject({ code: 'service_unavailable', type: '/errors/service_unavailable' });
    }
    expect(after.length).toBeGreaterThan(0);
    expect(after.filter((a) => a.status !== 201 && a.status !== 402)).toEqual([]);
    expect(reconciliation).toMatchObject({ charges_lost: 0, charges_doubled: 0, charged_but_told_failed: 0, unclear_answers: 0, hung: 0, unsettled: 0 });
    for (const app of ['gateway', 'billing', 'payment-processor', 'notifier'] as const) {
      expect(system.services[app].process.hasExited).toBe(false);
    }
  });

  it('processes the queued jobs that Redis kept across its restart, each once', async () => {
    const { system, redis } = sut;
    const queue = new Queue(QUEUES.billing, { connection: { url: system.redis.url }, prefix: DEFAULT_QUEUE_PREFIX });
    try {
      // Billing is stopped, so the jobs wait in Redis through its restart.
      await system.stopService('billing');
      const requests: ChargeRequest[] = Array.from({ length: 25 }, (_, i) => {
        const charge = trackedCharge(`${run}-kept`, i, SUCCEEDING);
        return { charge_id: charge.chargeId, amount: 50_000 + i, currency: 'usd', customer: 'cus_demo', payment_method: SUCCEEDING };
      });
      const jobs = await queue.addBulk(requests.map((data) => ({ name: PATTERNS.createCharge, data, opts: { attempts: 1 } })));
      expect(await queue.getWaitingCount()).toBe(requests.length);

      await system.redis.restart();
      await waitFor(async () => (await queue.getWaitingCount().catch(() => -1)) === requests.length, {
        what: 'the queued jobs to be back after the restart',
        timeoutMs: 30_000,
      });
      await system.start('billing');
      await waitFor(
        async () => {
          const states = await Promise.all(jobs.map((job) => queue.getJobState(job.id!)));
          return states.every((state) => state === 'completed');
        },
        { what: 'every kept job to complete', timeoutMs: 60_000, intervalMs: 250 },
      );
      // Once each: one attempt per job, one ledger entry and one notification per charge.
      const attempts = await Promise.all(jobs.map(async (job) => (await queue.getJob(job.id!))!.attemptsMade));
      const ledger = await readLedger(redis);
      const charged = requests.map((r) => ledger.filter((entry) => entry.charge_id === r.charge_id).length);
      await waitFor(
        async () => {
          const recorded = (await redis.lrange(NOTIFICATIONS_KEY, 0, -1)).map((raw) => JSON.parse(raw) as { charge: string });
          return requests.every((r) => recorded.some((n) => n.charge === r.charge_id));
        },
        { what: 'a notification for every kept charge', timeoutMs: 30_000 },
      );
      await sleep(500);
      const recorded = (await redis.lrange(NOTIFICATIONS_KEY, 0, -1)).map((raw) => JSON.parse(raw) as { charge: string });
      const notified = requests.map((r) => recorded.filter((n) => n.charge === r.charge_id).length);
      Object.assign(figures, {
        kept_jobs: requests.length,
        kept_jobs_processed_once: charged.filter((count) => count === 1).length,
        redis_restarts: 2,
      });
      expect(attempts).toEqual(requests.map(() => 1));
      expect(charged).toEqual(requests.map(() => 1));
      expect(notified).toEqual(requests.map(() => 1));
    } finally {
      await queue.close();
    }
  });
});
