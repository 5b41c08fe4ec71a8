import type { LiveAlert, LiveSeries, LiveView } from './wire';
import { UpstreamError } from './problem.filter';

/**
 * 402s a second by the hop that decided and the decline code, from the span metrics Jaeger counts
 * before sampling: the README's query, over one minute.
 */
export const PAYMENT_REQUIRED_RATE =
  'sum by (payment_required_origin, payment_decline_code) (rate(traces_span_metrics_calls_total{payment_required_origin!=""}[1m]))';

interface RangeResponse {
  status: string;
  data?: { result: { metric: Record<string, string>; values: [number, string][] }[] };
  error?: string;
}
interface AlertsResponse {
  status: string;
  data?: { alerts: { labels: Record<string, string>; annotations: Record<string, string>; state: string; activeAt?: string }[] };
  error?: string;
}

/** Prometheus' range answer as series, one per deciding hop and decline code, sorted by key. */
export function seriesFrom(response: RangeResponse): LiveSeries[] {
  return (response.data?.result ?? [])
    .map(({ metric, values }) => {
      const origin = metric.payment_required_origin ?? '';
      const declineCode = metric.payment_decline_code ?? '';
      const points = values.map(([time, value]) => [Number(time), Number(value)] as [number, number]).filter(([, value]) => Number.isFinite(value));
      return { key: declineCode ? `${origin}/${declineCode}` : origin, origin, declineCode, points };
    })
    .sort((a, b) => a.key.localeCompare(b.key));
}

export function alertsFrom(response: AlertsResponse): LiveAlert[] {
  return (response.data?.alerts ?? []).map((alert) => ({
    name: alert.labels.alertname ?? 'unnamed',
    state: alert.state,
    summary: alert.annotations.summary ?? alert.annotations.description ?? '',
    ...(alert.activeAt ? { activeAt: alert.activeAt } : {}),
  }));
}

/** Reads the live panel's data from Prometheus' HTTP API. */
export class PrometheusReader {
  constructor(private readonly url: string) {}

  async live(windowSeconds: number, stepSeconds: number, now = Date.now()): Promise<LiveView> {
    const to = Math.floor(now / 1000);
    const from = to - windowSeconds;
    const params = new URLSearchParams({ query: PAYMENT_REQUIRED_RATE, start: String(from), end: String(to), step: String(stepSeconds) });
    const [range, alerts] = await Promise.all([
      this.get<RangeResponse>(`/api/v1/query_range?${params}`),
      this.get<AlertsResponse>('/api/v1/alerts'),
    ]);
    return { query: PAYMENT_REQUIRED_RATE, from, to, series: seriesFrom(range), alerts: alertsFrom(alerts) };
  }

  private async get<T extends { status: string; error?: string }>(path: string): Promise<T> {
    const url = `${this.url.replace(/\/+$/, '')}${path}`;
    let response: Response;
    try {
      response = await fetch(url, { signal: AbortSignal.timeout(5_000) });
    } catch (error) {
      throw new UpstreamError('Prometheus', `Prometheus at ${this.url} did not answer: ${String((error as Error).cause ?? (error as Error).message)}`);
    }
    const text = await response.text();
    let body: T | undefined;
    try {
      body = JSON.parse(text) as T;
    } catch {
      // reported below
    }
    if (!response.ok || !body || body.status !== 'success') {
      throw new UpstreamError('Prometheus', `Prometheus GET ${path} answered ${response.status}: ${body?.error ?? text.slice(0, 300)}`);
    }
    return body;
  }
}
