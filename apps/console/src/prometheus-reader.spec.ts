import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { UpstreamError } from './problem.filter';
import { alertsFrom, PAYMENT_REQUIRED_RATE, PrometheusReader, seriesFrom } from './prometheus-reader';

it("reads Prometheus' range answer as one series per deciding hop and decline code", () => {
  const series = seriesFrom({
    status: 'success',
    data: {
      result: [
        { metric: { payment_required_origin: 'payment-processor', payment_decline_code: 'insufficient_funds' }, values: [[100, '0.5'], [115, 'NaN'], [130, '1']] },
        { metric: { payment_required_origin: 'billing' }, values: [[100, '0']] },
      ],
    },
  });
  expect(series).toEqual([
    { key: 'billing', origin: 'billing', declineCode: '', points: [[100, 0]] },
    { key: 'payment-processor/insufficient_funds', origin: 'payment-processor', declineCode: 'insufficient_funds', points: [[100, 0.5], [130, 1]] },
  ]);
});

it('reads alerts with their state and summary', () => {
  expect(alertsFrom({ status: 'success', data: { alerts: [{ labels: { alertname: 'BillingRefusingCustomers' }, annotations: { summary: 'billing refuses' }, state: 'firing', activeAt: 'now' }] } })).toEqual([
    { name: 'BillingRefusingCustomers', state: 'firing', summary: 'billing refuses', activeAt: 'now' },
  ]);
});

describe('against an HTTP server', () => {
  let server: Server;
  let url: string;
  const asked: string[] = [];

  beforeAll(async () => {
    server = createServer((request, response) => {
      asked.push(request.url ?? '');
      if (request.url?.startsWith('/api/v1/alerts')) {
        response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 'success', data: { alerts: [] } }));
        return;
      }
      response.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 'error', error: 'bad_data: parse error' }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it("asks for the README's 402 rate over the window, and names Prometheus when it refuses", async () => {
    const error = await new PrometheusReader(url).live(600, 15, 1_000_000_000).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UpstreamError);
    expect((error as UpstreamError).message).toContain('bad_data: parse error');
    const range = new URL(asked.find((path) => path.startsWith('/api/v1/query_range'))!, url);
    expect(Object.fromEntries(range.searchParams)).toEqual({ query: PAYMENT_REQUIRED_RATE, start: String(1_000_000 - 600), end: '1000000', step: '15' });
  });

  it('names Prometheus when nothing answers', async () => {
    const closed = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as AddressInfo;
        probe.close(() => resolve(port));
      });
    });
    await expect(new PrometheusReader(`http://127.0.0.1:${closed}`).live(60, 5)).rejects.toThrow(/^Prometheus at http:\/\/127\.0\.0\.1:\d+ did not answer/);
  });
});
