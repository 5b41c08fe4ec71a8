import { waitFor } from '@hoptrace/testing';
import { useSystem } from '@hoptrace/testing/jest';
import { randomBytes } from 'node:crypto';
import { ChargeLoad, isFinal, isProblem, isRetryable, reconcile, sendCharge, settle, SUCCEEDING, trackedCharge, type Answer } from './support/charges';
import { reportFigures } from './support/figures';

/**
 * Redis behind Redis Sentinel (a primary, a replica, three sentinels), its primary killed with
 * SIGKILL under a steady load of charges, as a machine is lost. No service is restarted or told:
 * each connection asks the sentinels again and finds the promoted replica by itself.
 */
const sut = useSystem('sentinel-failover', {
  sentinel: true,
  env: { QUEUE_LOCK_DURATION_MS: '4000', QUEUE_STALLED_INTERVAL_MS: '2000', PAYMENT_RATE_LIMIT_PER_MINUTE: '100000' },
});

const run = `sentinel-${randomBytes(4).toString('hex')}`;
const figures: Record<string, unknown> = {};
const CONCURRENCY = 6;

const byStatus = (answers: Answer[]): Record<string, number> => {
  const counts: Record<string, number> = {};
  for (const answer of answers) {
    const key = answer.hung ? 'hung' : answer.refused ? 'refused' : String(answer.status);
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
};

describe('losing the Redis primary under load, with Sentinel', () => {
  afterAll(() => reportFigures('sentinel-failover', figures));

  it('answers 503 or 504 during the failover, follows the new primary without a restart, and loses or doubles no charge', async () => {
    const { system, redis } = sut;
    const sentinel = system.sentinel!;
    const load = new ChargeLoad({ gatewayUrl: system.gatewayUrl, run, concurrency: CONCURRENCY, maxRequests: 4000 });
    await load.waitForMore(60);

    // Every charge sent from the kill until the first success afterwards, and those in flight at the kill.
    const firstDuring = Math.max(0, load.charges.length - CONCURRENCY);
    const killedAt = performance.now();
    const killed = await sentinel.kill9Primary();
    const promoted = await sentinel.waitForFailover(killed.port);
    const failoverMs = Math.round(performance.now() - killedAt);

    // The services follow by themselves: a charge succeeds again, then every one does.
    let probe = 0;
    await waitFor(async () => (await sendCharge(system.gatewayUrl, trackedCharge(`${run}-probe`, probe++, SUCCEEDING))).status === 201, {
      what: 'a charge to succeed after the failover',
      timeoutMs: 60_000,
      intervalMs: 250,
    });
    const recoveredMs = Math.round(performance.now() - killedAt);
    const afterwards = load.charges.length;
    const duringCharges = load.charges.slice(firstDuring, afterwards);
    await load.waitForMore(150);
    await load.stop();
    // Their first answers, now that every request the load sent has one.
    const during = duringCharges.map((charge) => charge.answers[0]);
    const after = load.charges.slice(afterwards).map((charge) => charge.answers[0]);

    await settle(system.gatewayUrl, load.charges);
    const reconciliation = await reconcile(redis, load.charges);
    const duringByStatus = byStatus(during);
    Object.assign(figures, reconciliation, {
      primary_failovers: 1,
      killed_primary_port: killed.port,
      promoted_primary_port: promoted.port,
      failover_ms: failoverMs,
      recovered_ms: recoveredMs,
      requests_during_failover: during.length,
      during_failover_by_status: duringByStatus,
      status_5xx_during_failover: Object.fromEntries(Object.entries(duringByStatus).filter(([status]) => status.startsWith('5'))),
      // Reported only: the slowest answer during the failover (a request that waited it out).
      slowest_answer_during_failover_ms: Math.max(0, ...during.map((a) => a.ms)),
      requests_after_recovery: after.length,
      failed_after_recovery: after.filter((a) => !isFinal(a)).length,
      probes_until_recovered: probe,
    });

    // During the failover each request is answered: it succeeded, was declined, or is a problem
    // saying "retry" (503, 504); never a hang, never a 500.
    for (const answer of during) {
      expect(answer.hung).toBeUndefined();
      expect(answer.refused).toBeUndefined();
      expect(isFinal(answer) || isRetryable(answer)).toBe(true);
      if (answer.status >= 500) {
        expect([503, 504]).toContain(answer.status);
        expect(isProblem(answer)).toBe(true);
      }
    }
    expect(promoted.port).not.toBe(killed.port);
    expect(after.length).toBeGreaterThan(0);
    expect(after.filter((a) => !isFinal(a))).toEqual([]);
    expect(reconciliation).toMatchObject({ charges_lost: 0, charges_doubled: 0, charged_but_told_failed: 0, unclear_answers: 0, hung: 0, unsettled: 0 });
    for (const app of ['gateway', 'billing', 'payment-processor', 'notifier', 'facilitator'] as const) {
      expect(system.services[app].process.hasExited).toBe(false);
    }
  });
});
