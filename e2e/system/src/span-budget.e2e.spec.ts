import type { TraceSpan } from '@hoptrace/testing';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseSpanBudget, sortBudget, tally } from '../../../tools/bench/src/span-budget';
import { useSystem } from '@hoptrace/testing/jest';

/**
 * Issue 6's span budget, checked against real processes and a real Jaeger: an idle minute exports
 * nothing, and a succeeding charge exports exactly the spans BENCHMARKS.md lists.
 */
const sut = useSystem('span-budget');

const SERVICES = ['gateway', 'billing', 'payment-processor', 'notifier'];
const IDLE_MS = 60_000;
const budget = sortBudget(parseSpanBudget(readFileSync(join(__dirname, '../../../BENCHMARKS.md'), 'utf8')));
const budgetSize = budget.reduce((total, line) => total + line.count, 0);

async function charge(): Promise<string> {
  const response = await fetch(`${sut.system.gatewayUrl}/v1/charges`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer sk_test_demo' },
    body: JSON.stringify({ amount: 1999, currency: 'usd', customer: 'cus_demo', payment_method: 'pm_card_visa' }),
  });
  const body = (await response.json()) as { trace_id: string };
  expect(response.status).toBe(201);
  return body.trace_id;
}

const complete = (spans: TraceSpan[]) => spans.length >= budgetSize;

describe('span budget', () => {
  it(
    'exports no span from any service during an idle minute',
    async () => {
      // Idle on purpose: the workers poll, renew locks and sweep stalled jobs every few seconds.
      await new Promise((resolve) => setTimeout(resolve, IDLE_MS));
      const traces = await Promise.all(SERVICES.map((service) => sut.jaeger.findTraces({ service, lookback: '1h', limit: 100 })));
      expect(Object.fromEntries(SERVICES.map((service, i) => [service, traces[i]]))).toEqual(
        Object.fromEntries(SERVICES.map((service) => [service, []])),
      );
      expect(await sut.jaeger.services()).toEqual([]);
    },
    IDLE_MS + 30_000,
  );

  it('exports exactly the budgeted spans for one succeeding charge, in one trace', async () => {
    const first = await charge();
    await sut.jaeger.waitForTrace(first, complete);
    // A later charge's trace, complete, means every service has exported past the first one's spans:
    // anything over budget in the first trace would be there by now.
    const second = await charge();
    const secondSpans = await sut.jaeger.waitForTrace(second, complete);
    const firstSpans = await sut.jaeger.getTrace(first);

    expect(tally(firstSpans)).toEqual(budget);
    expect(tally(secondSpans)).toEqual(budget);
    expect(firstSpans).toHaveLength(budgetSize);
    // Every service exported spans now: the idle test's silence was not a broken exporter.
    expect((await sut.jaeger.services()).sort()).toEqual([...SERVICES].sort());
  });
});
