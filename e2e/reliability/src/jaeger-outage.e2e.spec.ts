import type { TraceSpan } from '@hoptrace/testing';
import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { ChargeLoad, latency, reconcile, sendCharge, SUCCEEDING, trackedCharge, type TrackedCharge } from './support/charges';
import { reportFigures } from './support/figures';
import { useSystem } from '@hoptrace/testing/jest';

/**
 * Jaeger stopped, then frozen (it accepts connections and answers nothing, as a collector that hangs
 * does), under load. Tracing must never cost a request: none fails, the exporters' buffers stay
 * within OTEL_BSP_MAX_QUEUE_SIZE, and traces arrive again once Jaeger is back.
 */
const MAX_QUEUE_SIZE = 256;
const sut = useSystem('jaeger-outage', {
  env: {
    OTEL_BSP_MAX_QUEUE_SIZE: String(MAX_QUEUE_SIZE),
    OTEL_BSP_MAX_EXPORT_BATCH_SIZE: '64',
    // The SDK's own warnings (spans dropped because the queue is full) go to the service's output.
    OTEL_LOG_LEVEL: 'warn',
    PAYMENT_RATE_LIMIT_PER_MINUTE: '100000',
  },
});

const SERVICES = ['gateway', 'billing', 'payment-processor', 'notifier'] as const;
const run = `jaeger-${randomBytes(4).toString('hex')}`;
const figures: Record<string, unknown> = {};
const charges: TrackedCharge[] = [];

/** Resident set size of a process, in MiB, from /proc. */
function rssMiB(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) / 1024 : NaN;
}

async function loadWhile(label: string, requests: number, sample?: () => void): Promise<TrackedCharge[]> {
  const load = new ChargeLoad({ gatewayUrl: sut.system.gatewayUrl, run: `${run}-${label}`, concurrency: 8, maxRequests: requests });
  const timer = sample ? setInterval(sample, 250) : undefined;
  try {
    await load.waitForMore(requests, 240_000);
    await load.stop();
  } finally {
    clearInterval(timer);
  }
  charges.push(...load.charges);
  return load.charges;
}

/**
 * Charges, one every second or so, until one's whole trace (all four services) reaches Jaeger. The
 * first ones may not: spans made while the buffers were still full of the outage's are dropped.
 */
async function expectTracesFlow(label: string): Promise<number> {
  let attempts = 0;
  let services = new Set<string>();
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    const answer = await sendCharge(sut.system.gatewayUrl, trackedCharge(`${run}-${label}`, attempts++, SUCCEEDING));
    expect(answer.status).toBe(201);
    const spans = await sut.jaeger
      .waitForTrace(answer.body?.trace_id as string, (found: TraceSpan[]) => SERVICES.every((s) => found.some((span) => span.service === s)), {
        timeoutMs: 5_000,
      })
      .catch(() => [] as TraceSpan[]);
    services = new Set(spans.map((span) => span.service));
    if (services.size === SERVICES.length) break;
  }
  expect(services).toEqual(new Set(SERVICES));
  return attempts;
}

describe('Jaeger down or hung under load', () => {
  afterAll(() => reportFigures('jaeger-outage', figures));

  it('serves every request while Jaeger is down, and traces flow again when it is back', async () => {
    await expectTracesFlow('before');
    await sut.system.jaeger.stop();
    const during = await loadWhile('down', 300);
    const failed = during.filter((c) => ![201, 402].includes(c.answers[0].status));
    figures.requests_while_down = during.length;
    figures.failed_while_down = failed.length;
    figures.latency_ms_while_down = latency(during);
    expect(failed.map((c) => c.answers[0].status)).toEqual([]);

    await sut.system.jaeger.start();
    figures.charges_until_traced_after_down = await expectTracesFlow('after-down');
  });

  it('serves every request while Jaeger hangs, with the span buffers capped and memory bounded', async () => {
    const pids = Object.fromEntries(SERVICES.map((app) => [app, sut.system.services[app].process.pid]));
    const rss = () => Object.fromEntries(SERVICES.map((app) => [app, rssMiB(pids[app])]));
    const measure = async (label: string, requests: number) => {
      const baseline = rss();
      const peak = { ...baseline };
      const sample = () => {
        for (const app of SERVICES) peak[app] = Math.max(peak[app], rssMiB(pids[app]));
      };
      const answered = await loadWhile(label, requests, sample);
      sample();
      return { answered, baseline, growth: Object.fromEntries(SERVICES.map((app) => [app, Math.round(peak[app] - baseline[app])])) };
    };
    // The same load with Jaeger healthy first: it warms the heaps up, and shows the growth that is
    // normal for this load, so what follows compares like with like.
    const healthy = await measure('healthy', 1500);
    const droppedBefore = droppedWarnings();

    sut.system.jaeger.pause();
    let hung: Awaited<ReturnType<typeof measure>>;
    try {
      hung = await measure('hung', 1500);
    } finally {
      sut.system.jaeger.resume();
    }
    const during = hung.answered;
    const baseline = hung.baseline;
    const failed = during.filter((c) => ![201, 402].includes(c.answers[0].status));
    const growth = hung.growth;
    // The SDK reports drops when a span is next queued, so after Jaeger is back and the buffers drain.
    figures.charges_until_traced_after_hang = await expectTracesFlow('after-hung');
    const dropped = droppedWarnings() - droppedBefore;
    Object.assign(figures, {
      requests_while_hung: during.length,
      failed_while_hung: failed.length,
      otel_bsp_max_queue_size: MAX_QUEUE_SIZE,
      rss_baseline_mib: Object.fromEntries(SERVICES.map((app) => [app, Math.round(baseline[app])])),
      requests_while_healthy: healthy.answered.length,
      // Reported, not asserted: the machine is shared, so time is no pass mark.
      latency_ms_jaeger_healthy: latency(healthy.answered),
      latency_ms_jaeger_hung: latency(during),
      rss_growth_mib_jaeger_healthy: healthy.growth,
      rss_growth_mib_jaeger_hung: growth,
      spans_dropped_warnings: dropped,
    });

    expect(failed.map((c) => c.answers[0].status)).toEqual([]);
    // The cap was reached and honoured: the SDK dropped spans rather than buffering them all.
    expect(dropped).toBeGreaterThan(0);
    // 1500 charges are some 13,000 spans, which kept whole (with the exporters' pending requests) would
    // grow a service well past what the same load grows it by with Jaeger healthy. Capped, the growth
    // stays within that, give or take the garbage collector's slack.
    for (const app of SERVICES) expect(growth[app]).toBeLessThan(Math.max(healthy.growth[app], 0) + 48);

    const reconciliation = await reconcile(sut.redis, charges);
    Object.assign(figures, { requests_sent: reconciliation.requests_sent, charges_lost: reconciliation.charges_lost, charges_doubled: reconciliation.charges_doubled });
    expect(reconciliation).toMatchObject({ charges_lost: 0, charges_doubled: 0, charged_but_told_failed: 0, hung: 0 });
  });
});

/** How many times the services said they dropped spans because the export queue was full. */
function droppedWarnings(): number {
  return SERVICES.reduce((sum, app) => {
    const log = readFileSync(sut.system.services[app].process.logFile, 'utf8');
    return sum + (log.match(/Dropped \d+ spans because maxQueueSize reached/g)?.length ?? 0);
  }, 0);
}
