import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { jaegerPorts, PrometheusClient, startJaeger, startPrometheus, waitFor, type JaegerHandle, type PrometheusHandle } from './index';

const hex = (bytes: number) => randomBytes(bytes).toString('hex');

/**
 * The shipped pipeline in miniature: a span posted to a real Jaeger (the shipped config) becomes a
 * span metric, a real Prometheus (the shipped rules) scrapes it, and Jaeger's Monitor API reads it back.
 */
describe('Prometheus in the harness, fed by the shipped Jaeger config', () => {
  let dir: string;
  let jaeger: JaegerHandle;
  let prometheus: PrometheusHandle;
  let client: PrometheusClient;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hoptrace-prometheus-'));
    const ports = await jaegerPorts();
    prometheus = await startPrometheus({ dir, jobs: [{ name: 'span-metrics', targets: [`127.0.0.1:${ports.spanMetrics}`] }] });
    jaeger = await startJaeger({ dir, ports, prometheusUrl: prometheus.url });
    client = new PrometheusClient(prometheus.url);
  }, 60_000);

  afterAll(async () => {
    await Promise.all([jaeger?.stop(), prometheus?.stop()]);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('loads every shipped rule, healthy', async () => {
    const rules = await client.rules();
    expect(rules.map((rule) => rule.name)).toEqual(expect.arrayContaining(['PaymentRequiredSpike', 'BillingRefusingCustomers', 'QueueBacklog']));
    expect(rules.filter((rule) => rule.health === 'err')).toEqual([]);
  });

  it('counts a 402 span by its deciding hop and decline code, and Jaeger reads the call rate back', async () => {
    const service = `harness-${hex(3)}`;
    const startNs = BigInt(Date.now()) * 1_000_000n;
    const res = await fetch(`${jaeger.otlpHttpEndpoint}/v1/traces`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        resourceSpans: [
          {
            resource: { attributes: [{ key: 'service.name', value: { stringValue: service } }] },
            scopeSpans: [
              {
                scope: { name: 'prometheus-spec' },
                spans: [
                  {
                    traceId: hex(16),
                    spanId: hex(8),
                    name: 'payment.authorize',
                    kind: 2,
                    startTimeUnixNano: String(startNs),
                    endTimeUnixNano: String(startNs + 3_000_000n),
                    attributes: [
                      { key: 'payment.required.origin', value: { stringValue: 'payment-processor' } },
                      { key: 'payment.decline_code', value: { stringValue: 'insufficient_funds' } },
                    ],
                    status: { code: 2 },
                  },
                ],
              },
            ],
          },
        ],
      }),
    });
    expect(res.status).toBe(200);

    const selector = `traces_span_metrics_calls_total{service_name="${service}"}`;
    await waitFor(async () => (await client.query(selector)).length > 0, { what: `${selector} in Prometheus`, timeoutMs: 30_000 });
    const [series] = await client.query(selector);
    expect(series.metric).toMatchObject({
      span_name: 'payment.authorize',
      span_kind: 'SPAN_KIND_SERVER',
      status_code: 'STATUS_CODE_ERROR',
      payment_required_origin: 'payment-processor',
      payment_decline_code: 'insufficient_funds',
    });
    expect(series.value).toBe(1);

    // A rate needs two scrapes of the series.
    const callRates = async () => {
      const calls = await fetch(`${jaeger.queryUrl}/api/metrics/calls?service=${service}&lookback=300000&step=1000&ratePer=60000`);
      expect(calls.status).toBe(200);
      return ((await calls.json()) as { metrics: { labels: { name: string; value: string }[] }[] }).metrics;
    };
    await waitFor(async () => (await callRates()).length > 0, { what: `Jaeger's call rate of ${service}`, timeoutMs: 30_000 });
    expect((await callRates())[0].labels).toEqual([{ name: 'service_name', value: service }]);
  });
});
