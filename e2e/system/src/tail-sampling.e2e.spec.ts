import { FaultStore } from '@hoptrace/faults';
import { isConnected, type TraceSpan } from '@hoptrace/testing';
import { useSystem } from '@hoptrace/testing/jest';
import { chargeMix, sendCharges, type SentCharge } from './support/charge-mix';
import { DEFAULT_QUEUE_PREFIX } from '@hoptrace/runtime';

/**
 * The shipped tail-sampling policy (observability/jaeger.yaml) at its production share, 10%, in a
 * real Jaeger: over 1,200 mixed charges every 402 and every 5xx trace is stored whole, and of the
 * successful ones about a tenth, each stored whole or not at all.
 */
const PERCENTAGE = 10;
// Long enough for every span of a charge to reach Jaeger before its trace is judged (the services
// export every 200 ms here); production waits 30 s.
const DECISION_WAIT_S = 5;
const sut = useSystem('tail-sampling', {
  jaeger: { samplingPercentage: PERCENTAGE, decisionWait: `${DECISION_WAIT_S}s` },
  env: { PAYMENT_RATE_LIMIT_PER_MINUTE: '1000000' },
});

/** One root, every parent present, each hop the outcome reaches, and the span that decided a 402. */
function isWhole(charge: SentCharge, spans: TraceSpan[]): boolean {
  const services = new Set(spans.map((span) => span.service));
  const reached = charge.expected.hops.every((service) => services.has(service));
  const decided = charge.expected.decidedBy
    ? spans.some((span) => span.tags['payment.required.origin'] === charge.expected.decidedBy)
    : true;
  return isConnected(spans) && reached && decided;
}

/** Charges whose whole traces have the same shape: their status and the hop that decided. */
const outcomeOf = (charge: SentCharge) => `${charge.status} ${charge.origin ?? ''} ${charge.declineCode ?? ''}`;

describe('tail sampling with the shipped policy, at 10% of the rest', () => {
  let charges: SentCharge[];

  beforeAll(async () => {
    // A share of the charges that reach the processor fail on its side: 502 processor_error.
    await new FaultStore(sut.redis, DEFAULT_QUEUE_PREFIX).set({ processor_failure_rate: 0.08 });
    charges = await sendCharges(sut.system.gatewayUrl, chargeMix(1200, 42), 4);
    await new FaultStore(sut.redis, DEFAULT_QUEUE_PREFIX).clear();
  }, 300_000);

  it('sent what the mix says: successes, 402s from the processor and from billing, and 502s', () => {
    const count = (status: number) => charges.filter((charge) => charge.status === status).length;
    expect(charges).toHaveLength(1200);
    expect(count(201) + count(402) + count(502)).toBe(1200);
    expect(count(402)).toBeGreaterThan(150);
    expect(count(502)).toBeGreaterThan(30);
    expect(new Set(charges.filter((c) => c.status === 402).map((c) => c.expected.decidedBy))).toEqual(new Set(['payment-processor', 'billing']));
  });

  it('stores every 402 and every 5xx trace, whole', async () => {
    const kept = charges.filter((charge) => charge.status !== 201);
    const missing: string[] = [];
    for (const charge of kept) {
      try {
        await sut.jaeger.waitForTrace(charge.traceId, (spans) => isWhole(charge, spans), { timeoutMs: 30_000 });
      } catch {
        missing.push(`${charge.status} ${charge.traceId}`);
      }
    }
    expect(missing).toEqual([]);

    // And nothing arrived late or went missing: every trace of one outcome has as many spans as the others.
    const sizes = new Map<string, Set<number>>();
    for (const charge of kept) {
      const size = (await sut.jaeger.getTrace(charge.traceId)).length;
      sizes.set(outcomeOf(charge), (sizes.get(outcomeOf(charge)) ?? new Set()).add(size));
    }
    expect(Object.fromEntries([...sizes].filter(([, counts]) => counts.size > 1).map(([outcome, counts]) => [outcome, [...counts]]))).toEqual({});
  }, 600_000);

  it(`stores ${PERCENTAGE}% of the successful traces, within four binomial standard deviations, each one whole`, async () => {
    // Every success has been judged once its decision wait has passed and its spans have arrived.
    await new Promise((resolve) => setTimeout(resolve, (DECISION_WAIT_S + 5) * 1000));
    const successes = charges.filter((charge) => charge.status === 201);
    const stored: TraceSpan[][] = [];
    for (const charge of successes) {
      const spans = await sut.jaeger.getTrace(charge.traceId);
      if (spans.length > 0) stored.push(spans);
    }
    const n = successes.length;
    const p = PERCENTAGE / 100;
    const share = stored.length / n;
    // Each trace is kept on its own with probability p (a hash of its random trace id), so the share
    // kept is binomial: standard deviation sqrt(p(1-p)/n), about 0.011 for n = 800. Four of them fail
    // a correct policy once in 16,000 runs.
    const tolerance = 4 * Math.sqrt((p * (1 - p)) / n);
    process.stdout.write(`${JSON.stringify({ tailSampling: { successes: n, stored: stored.length, share, setting: p, tolerance } })}\n`);
    expect(Math.abs(share - p)).toBeLessThanOrEqual(tolerance);
    // Whole or not at all: the policy decides per trace, never per span.
    expect(stored.filter((spans) => !isConnected(spans) || !spans.some((span) => span.operationName === 'notify charge.succeeded'))).toEqual([]);
  }, 300_000);
});
