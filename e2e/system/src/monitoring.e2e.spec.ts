import { FaultStore } from '@hoptrace/faults';
import { PrometheusClient, sleep, waitFor } from '@hoptrace/testing';
import { useSystem } from '@hoptrace/testing/jest';
import { chargeMix, sendCharge, sendCharges, type PlannedCharge } from './support/charge-mix';
import { DEFAULT_QUEUE_PREFIX } from '@hoptrace/runtime';

/**
 * 402s in aggregate, against a real Prometheus fed by the shipped Jaeger config and loading the
 * shipped rules (scraped and evaluated every second here; the shipped config says 15 s): Jaeger's
 * Monitor API, the PromQL query of the README, and the billing alert with and without its fault.
 */
const sut = useSystem('monitoring', { prometheus: true, env: { PAYMENT_RATE_LIMIT_PER_MINUTE: '1000000' } });
const SERVICES = ['gateway', 'billing', 'payment-processor', 'notifier'];

/** The README's query: 402s a second, by the hop that decided and the decline code, over `range`. */
const paymentRequiredRate = (range = '5m') =>
  `sum by (payment_required_origin, payment_decline_code) (rate(traces_span_metrics_calls_total{payment_required_origin!=""}[${range}]))`;
const PAYMENT_REQUIRED_COUNT =
  'sum by (payment_required_origin, payment_decline_code) (traces_span_metrics_calls_total{payment_required_origin!=""})';

/** One 402 of each kind the test counts, keyed as `origin/decline code`. */
const KINDS: Record<string, PlannedCharge | 'credit'> = {
  'payment-processor/insufficient_funds': { customer: 'cus_demo', paymentMethod: 'pm_card_visa_chargeDeclinedInsufficientFunds' },
  'payment-processor/expired_card': { customer: 'cus_demo', paymentMethod: 'pm_card_chargeDeclinedExpiredCard' },
  'payment-processor/generic_decline': { customer: 'cus_demo', paymentMethod: 'pm_card_visa_chargeDeclined' },
  'billing/invoice_past_due': { customer: 'cus_past_due', paymentMethod: 'pm_card_visa' },
  // A metered report with a key that holds no credit: the gateway's own 402.
  'gateway/insufficient_credit': 'credit',
};
const SENT: Record<string, number> = {
  'payment-processor/insufficient_funds': 7,
  'payment-processor/expired_card': 4,
  'payment-processor/generic_decline': 2,
  'billing/invoice_past_due': 5,
  'gateway/insufficient_credit': 3,
};

async function send402(kind: string): Promise<void> {
  const planned = KINDS[kind];
  if (planned === 'credit') {
    const response = await fetch(`${sut.system.gatewayUrl}/v1/reports/credit_usage`, { headers: { authorization: 'Bearer sk_test_readonly' } });
    await response.arrayBuffer();
    expect(response.status).toBe(402);
    return;
  }
  const charge = await sendCharge(sut.system.gatewayUrl, planned);
  expect([charge.status, `${charge.origin}/${charge.declineCode}`]).toEqual([402, kind]);
}

const byKind = (samples: { metric: Record<string, string>; value: number }[]) =>
  Object.fromEntries(samples.map(({ metric, value }) => [`${metric.payment_required_origin}/${metric.payment_decline_code}`, value]));

interface MonitorSeries {
  labels: { name: string; value: string }[];
  metricPoints: { gaugeValue: { doubleValue: number | string } }[];
}

/** Jaeger's Monitor API (`/api/metrics/...`), over the last five minutes, for server and consumer spans. */
async function monitor(kind: 'calls' | 'errors' | 'latencies', service: string): Promise<MonitorSeries[]> {
  const query = new URLSearchParams({ service, endTs: String(Date.now()), lookback: '300000', step: '5000', ratePer: '60000' });
  // Billing, the processor and the notifier serve queue consumers; the gateway serves HTTP.
  query.append('spanKind', 'server');
  query.append('spanKind', 'consumer');
  if (kind === 'latencies') query.set('quantile', '0.95');
  const response = await fetch(`${sut.system.jaeger.queryUrl}/api/metrics/${kind}?${query}`);
  expect(response.status).toBe(200);
  return ((await response.json()) as { metrics: MonitorSeries[] }).metrics;
}

const hasPoints = (series: MonitorSeries[]) => series.length > 0 && series.every((s) => s.metricPoints.length > 0);

describe("402s in aggregate: Jaeger's Monitor API and Prometheus", () => {
  let prometheus: PrometheusClient;
  /** Unix seconds: after the first 402 of each kind was scraped, before the counted ones were sent. */
  let countedFrom: number;

  beforeAll(async () => {
    prometheus = new PrometheusClient(sut.system.prometheus!.url);
    // One of each first: Prometheus only sees a counter move once it has a sample of it, so the
    // counted wave below is measured from these.
    for (const kind of Object.keys(KINDS)) await send402(kind);
    await sendCharges(sut.system.gatewayUrl, chargeMix(10, 7, [[1, { customer: 'cus_demo', paymentMethod: 'pm_card_visa' }]]), 2);
    await waitFor(async () => Object.keys(byKind(await prometheus.query(PAYMENT_REQUIRED_COUNT))).length === Object.keys(KINDS).length, {
      what: 'a span-metric series of every 402 kind in Prometheus',
      timeoutMs: 60_000,
    });
    // A few scrapes of the series at their first value, then the counted wave.
    await sleep(3000);
    countedFrom = Date.now() / 1000 - 1.5;
    for (const [kind, count] of Object.entries(SENT)) for (let i = 0; i < count; i++) await send402(kind);
    await sendCharges(sut.system.gatewayUrl, chargeMix(12, 8, [[1, { customer: 'cus_demo', paymentMethod: 'pm_card_visa' }]]), 2);
    const expected = Object.fromEntries(Object.entries(SENT).map(([kind, count]) => [kind, count + 1]));
    await waitFor(
      async () => {
        const counts = byKind(await prometheus.query(PAYMENT_REQUIRED_COUNT));
        return Object.entries(expected).every(([kind, count]) => counts[kind] === count);
      },
      { what: 'every 402 the test sent counted in Prometheus', timeoutMs: 60_000 },
    );
  }, 180_000);

  it('counts each 402 once, by the hop that decided it and its decline code', async () => {
    expect(byKind(await prometheus.query(PAYMENT_REQUIRED_COUNT))).toEqual(
      Object.fromEntries(Object.entries(SENT).map(([kind, count]) => [kind, count + 1])),
    );
  });

  it("gives the 402 rate split by deciding hop and decline code in one query, as sent", async () => {
    // The README's query over the counted wave's window: a rate sees a counter move only between two
    // of its samples, and the first 402 of each kind made its series. Twenty-five seconds of samples
    // or more, so that Prometheus extrapolates every series to the window's edges alike.
    await sleep(Math.max(0, (countedFrom + 25 - Date.now() / 1000) * 1000));
    const seconds = Math.ceil(Date.now() / 1000 - countedFrom);
    const rates = byKind(await prometheus.query(paymentRequiredRate(`${seconds}s`)));
    expect(Object.keys(rates).sort()).toEqual(Object.keys(SENT).sort());
    const totalRate = Object.values(rates).reduce((a, b) => a + b, 0);
    const totalSent = Object.values(SENT).reduce((a, b) => a + b, 0);
    const figures = Object.fromEntries(
      Object.keys(SENT).map((kind) => [kind, { sent: SENT[kind], perSecond: rates[kind], timesWindow: rates[kind] * seconds, share: rates[kind] / totalRate }]),
    );
    process.stdout.write(`${JSON.stringify({ paymentRequiredRate: { windowS: seconds, figures } })}\n`);
    for (const [kind, { share, timesWindow }] of Object.entries(figures)) {
      // The series of one scrape are extrapolated alike, so their shares are exact; one 402 more or
      // less of a kind would move its share by at least 1/21.
      expect(Math.abs(share - SENT[kind] / totalSent)).toBeLessThan(0.01);
      // Rate times window is the count, give or take the extrapolation to the window's edges.
      expect(timesWindow / SENT[kind]).toBeGreaterThan(0.8);
      expect(timesWindow / SENT[kind]).toBeLessThan(1.25);
    }
    // The same query over the usual five minutes, and the recording rule the alerts build on, name
    // the same hops and codes.
    expect(Object.keys(byKind(await prometheus.query(paymentRequiredRate()))).sort()).toEqual(Object.keys(SENT).sort());
    expect(Object.keys(byKind(await prometheus.query('hoptrace:payment_required:rate5m'))).sort()).toEqual(Object.keys(SENT).sort());
  });

  it("scrapes Jaeger's span metrics and BullMQ's own queue metrics from every service that works off a queue", async () => {
    const targets = await prometheus.targets();
    expect(targets.filter((target) => target.health !== 'up')).toEqual([]);
    expect(targets.map((target) => target.job).sort()).toEqual(['queues', 'queues', 'queues', 'span-metrics']);
    const queues = await prometheus.query('max by (queue) (bullmq_job_count{state="waiting"})');
    expect(queues.map((sample) => sample.metric.queue).sort()).toEqual(['billing', 'notifier', 'payment-processor', 'webhook-deliveries']);
  });

  it.each(SERVICES)("serves %s's call rates, error rates and latencies in Jaeger's Monitor API", async (service) => {
    await waitFor(async () => hasPoints(await monitor('calls', service)) && hasPoints(await monitor('errors', service)), {
      what: `Monitor API call and error rates of ${service}`,
      timeoutMs: 30_000,
    });
    expect(hasPoints(await monitor('latencies', service))).toBe(true);
  });

  it("shows billing's 402s as the error rate of its deciding operation", async () => {
    const query = new URLSearchParams({ service: 'billing', groupByOperation: 'true', spanKind: 'internal', endTs: String(Date.now()), lookback: '300000', step: '5000', ratePer: '60000' });
    const response = await fetch(`${sut.system.jaeger.queryUrl}/api/metrics/errors?${query}`);
    const { metrics } = (await response.json()) as { metrics: MonitorSeries[] };
    const assess = metrics.find((series) => series.labels.some((label) => label.name === 'operation' && label.value === 'billing.assess_customer'));
    expect(assess).toBeDefined();
    // Points before the first call are 0/0, which Jaeger passes on as "NaN".
    const rates = assess!.metricPoints.map((point) => Number(point.gaugeValue.doubleValue)).filter(Number.isFinite);
    expect(Math.max(...rates)).toBeGreaterThan(0);
  });
});

describe('the billing alert under a mixed load, in a real Prometheus', () => {
  const ALERT = 'BillingRefusingCustomers';
  // Customers in good standing with an invoice not yet due (40%), past due (10%), card declines.
  const MIX: Array<[number, PlannedCharge]> = [
    [45, { customer: 'cus_demo', paymentMethod: 'pm_card_visa' }],
    [40, { customer: 'cus_enterprise', paymentMethod: 'pm_card_mastercard' }],
    [10, { customer: 'cus_past_due', paymentMethod: 'pm_card_visa' }],
    [5, { customer: 'cus_demo', paymentMethod: 'pm_card_visa_chargeDeclinedInsufficientFunds' }],
  ];
  let prometheus: PrometheusClient;
  let faults: FaultStore;
  const billingAlerts = async () => (await prometheus.alerts()).filter((alert) => alert.labels.alertname === ALERT);
  const value = async (promql: string) => (await prometheus.query(promql))[0]?.value;
  const assessments = () => value('sum(traces_span_metrics_calls_total{service_name="billing", span_name="billing.assess_customer"})');

  beforeAll(() => {
    prometheus = new PrometheusClient(sut.system.prometheus!.url);
    faults = new FaultStore(sut.redis, DEFAULT_QUEUE_PREFIX);
  });
  afterAll(() => faults?.clear());

  it('stays silent without the fault: the refusals are the past-due customers', async () => {
    const before = (await assessments()) ?? 0;
    const sent = await sendCharges(sut.system.gatewayUrl, chargeMix(200, 1, MIX), 4);
    expect(sent.filter((charge) => charge.origin === 'billing').every((charge) => charge.customer === 'cus_past_due')).toBe(true);
    await waitFor(async () => ((await assessments()) ?? 0) >= before + 200, { what: 'the load counted in Prometheus', timeoutMs: 60_000 });
    // Twenty evaluations with the load in the window: the rule is evaluated (its inputs exist, the
    // volume guard is met) and never even pending.
    const ratios: number[] = [];
    for (let i = 0; i < 20; i++) {
      expect(await billingAlerts()).toEqual([]);
      ratios.push((await value('hoptrace:billing_refusal_ratio:rate5m')) ?? NaN);
      expect(await value('hoptrace:billing_assessments:rate5m')).toBeGreaterThan(0.1);
      await sleep(1000);
    }
    process.stdout.write(`${JSON.stringify({ billingAlert: { withoutFault: { refusalRatio: Math.max(...ratios) } } })}\n`);
    expect(Math.max(...ratios)).toBeLessThan(0.25);
    expect(Math.min(...ratios)).toBeGreaterThan(0);
  }, 180_000);

  it('fires with billing_misconfigured on: customers whose invoices are not due are refused', async () => {
    await faults.set({ billing_misconfigured: true });
    const sent = await sendCharges(sut.system.gatewayUrl, chargeMix(400, 2, MIX), 4);
    await faults.clear();
    expect(sent.some((charge) => charge.customer === 'cus_enterprise' && charge.origin === 'billing')).toBe(true);
    const started = Date.now();
    // The rule's `for: 2m`, then one evaluation: firing well within four minutes.
    await waitFor(async () => (await billingAlerts()).some((alert) => alert.state === 'firing'), {
      what: `${ALERT} firing`,
      timeoutMs: 240_000,
      intervalMs: 2000,
    });
    const [alert] = await billingAlerts();
    expect(alert.labels).toMatchObject({ alertname: ALERT, severity: 'critical', payment_required_origin: 'billing' });
    expect(alert.annotations.summary).toMatch(/^billing refuses \d+(\.\d+)?% of customers with 402 invoice_past_due$/);
    process.stdout.write(
      `${JSON.stringify({ billingAlert: { withFault: { summary: alert.annotations.summary, firingAfterLoadS: Math.round((Date.now() - started) / 1000) } } })}\n`,
    );
  }, 360_000);
});
