import { QUEUES } from '@hoptrace/contracts';
import { sleep, waitFor, type ServiceApp } from '@hoptrace/testing';
import { Job, Queue } from 'bullmq';
import { randomBytes } from 'node:crypto';
import { ChargeLoad, reconcile, settle, NOTIFICATIONS_KEY } from './support/charges';
import { reportFigures } from './support/figures';
import { useSystem } from '@hoptrace/testing/jest';
import { DEFAULT_QUEUE_PREFIX } from '@hoptrace/runtime';

/**
 * kill -9 of each consuming service in turn, mid-flight, under a steady load of charges that each
 * carry their own Idempotency-Key and amount. Then every answer is compared with the processor's
 * ledger: nothing answered 201 is missing, nothing is there twice, nothing declined is charged.
 */
const sut = useSystem('crashes', {
  env: {
    // A dead worker's jobs are handed out again within seconds rather than BullMQ's 30 s.
    QUEUE_LOCK_DURATION_MS: '4000',
    QUEUE_STALLED_INTERVAL_MS: '2000',
    PAYMENT_RATE_LIMIT_PER_MINUTE: '100000',
  },
});

const QUEUE_OF: Record<Exclude<ServiceApp, 'gateway' | 'facilitator'>, string> = {
  billing: QUEUES.billing,
  'payment-processor': QUEUES.processor,
  notifier: QUEUES.notifier,
};

interface CrashOutcome {
  app: string;
  /** Jobs the killed worker held: still active, under a lock nobody renews. */
  orphaned: number;
  /** Of those, completed by the restarted worker. */
  recovered: number;
}

describe('kill -9 of billing, then the payment-processor, then the notifier, under load', () => {
  const queues: Queue[] = [];
  afterAll(() => Promise.all(queues.map((queue) => queue.close())));

  it('loses no charge, doubles none, charges nothing declined, and the restarted workers finish the stalled jobs', async () => {
    const { system, redis } = sut;
    const queueOf = (name: string) => {
      const queue = new Queue(name, { connection: { url: system.redis.url }, prefix: DEFAULT_QUEUE_PREFIX });
      queues.push(queue);
      return queue;
    };
    const load = new ChargeLoad({ gatewayUrl: system.gatewayUrl, run: `crash-${randomBytes(4).toString('hex')}`, concurrency: 8, maxRequests: 3000 });
    const crashes: CrashOutcome[] = [];

    /** One kill -9 while the worker holds jobs (as far as can be seen from outside), then a restart. */
    const crashOnce = async (app: Exclude<ServiceApp, 'gateway' | 'facilitator'>): Promise<CrashOutcome> => {
      const queue = queueOf(QUEUE_OF[app]);
      await load.waitForMore(20);
      for (let tries = 0; tries < 2000 && (await queue.getActiveCount()) === 0; tries++) await sleep(2);
      await system.kill9(app);
      // Nobody else consumes this queue: whatever is active now was held by the dead worker.
      const orphaned = (await queue.getActive()).map((job) => job.id!);
      await load.waitForMore(10);
      await system.start(app);
      let recovered = 0;
      await waitFor(
        async () => {
          const states = await Promise.all(orphaned.map(async (id) => (await Job.fromId(queue, id))?.getState()));
          recovered = states.filter((state) => state === 'completed').length;
          return states.every((state) => state === 'completed' || state === 'failed');
        },
        { what: `${app}'s stalled jobs to be finished by its restarted worker`, timeoutMs: 60_000, intervalMs: 250 },
      );
      return { app, orphaned: orphaned.length, recovered };
    };
    /** Kills the service again (a few times at most) until a kill caught it holding jobs. */
    const crash = async (app: Exclude<ServiceApp, 'gateway' | 'facilitator'>) => {
      for (let attempt = 0; attempt < 4; attempt++) {
        const outcome = await crashOnce(app);
        crashes.push(outcome);
        if (outcome.orphaned > 0) return;
      }
    };

    await crash('billing');
    await crash('payment-processor');
    await crash('notifier');
    await load.waitForMore(40);
    await load.stop();

    // Every queue drained: nothing waits, nothing is held.
    const names = Object.values(QUEUE_OF);
    await waitFor(
      async () => {
        const counts = await Promise.all(names.map((name) => queueOf(name).getJobCounts('active', 'waiting', 'delayed')));
        return counts.every((c) => c.active + c.waiting + c.delayed === 0);
      },
      { what: 'every queue to drain', timeoutMs: 60_000, intervalMs: 250 },
    );
    await settle(system.gatewayUrl, load.charges);
    const figures = await reconcile(redis, load.charges);

    // One notification per charge outcome: redelivered events carry the same event id.
    const notifications = (await redis.lrange(NOTIFICATIONS_KEY, 0, -1)).map((raw) => JSON.parse(raw) as { charge: string; type: string });
    const seen = new Map<string, number>();
    for (const { charge, type } of notifications) seen.set(`${type} ${charge}`, (seen.get(`${type} ${charge}`) ?? 0) + 1);
    const notificationsDoubled = [...seen.values()].filter((count) => count > 1).length;

    reportFigures('crashes', {
      ...figures,
      crashes_injected: crashes.length,
      stalled_jobs: crashes.reduce((sum, c) => sum + c.orphaned, 0),
      stalled_jobs_recovered: crashes.reduce((sum, c) => sum + c.recovered, 0),
      crashes,
      notifications_doubled: notificationsDoubled,
    });

    expect([...new Set(crashes.map((c) => c.app))]).toEqual(['billing', 'payment-processor', 'notifier']);
    // Billing's and the processor's crashes caught jobs in flight, or the test proved nothing about stalled jobs.
    for (const app of ['billing', 'payment-processor']) expect(crashes.some((c) => c.app === app && c.orphaned > 0)).toBe(true);
    for (const c of crashes) expect(c.recovered).toBe(c.orphaned);
    expect(figures).toMatchObject({
      charges_lost: 0,
      charges_doubled: 0,
      charged_but_told_failed: 0,
      unclear_answers: 0,
      hung: 0,
      unsettled: 0,
    });
    expect(notificationsDoubled).toBe(0);
    for (const app of ['gateway', 'billing', 'payment-processor', 'notifier'] as const) {
      expect(system.services[app].process.hasExited).toBe(false);
    }
  });
});
