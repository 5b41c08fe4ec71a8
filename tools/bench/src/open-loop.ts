import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';

export interface OpenLoopOptions {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: string;
  /** Requests a second, evenly spaced. */
  rate: number;
  seconds: number;
  timeoutMs: number;
}

export interface OpenLoopResult {
  durationS: number;
  /** Latency of each 2xx answer in ms, from when its request was due (not when it was sent). */
  latencies: number[];
  answered: number;
  non2xx: number;
  /** Requests without an HTTP answer: socket errors and timeouts. */
  errors: number;
}

/** When the i-th request is due, in ms after the start: evenly spaced at `rate` a second. */
export const dueAt = (index: number, rate: number): number => (index * 1000) / rate;

/**
 * A fixed-rate load that does not wait for answers (open loop), as wrk2 does: request i is sent at
 * start + i/rate whatever happened to the ones before, and its latency counts from that moment, so a
 * stall shows in the percentiles instead of silently lowering the rate (coordinated omission).
 *
 * autocannon's own rate limit is not used for this: it lets each connection send its quota for the
 * second back to back at the start of every second (lib/httpClient.js), a burst each second rather
 * than a rate, which measures the burst's queueing instead of the system at that rate.
 */
export async function openLoop(options: OpenLoopOptions): Promise<OpenLoopResult> {
  const target = new URL(options.url);
  const agent = new Agent({ keepAlive: true, maxSockets: 1024 });
  const total = Math.round(options.rate * options.seconds);
  const result: OpenLoopResult = { durationS: 0, latencies: [], answered: 0, non2xx: 0, errors: 0 };
  const inFlight: Promise<void>[] = [];
  const start = performance.now();

  const send = (due: number) =>
    new Promise<void>((resolve) => {
      const req = request(
        { agent, hostname: target.hostname, port: target.port, path: target.pathname, method: options.method, headers: options.headers },
        (res) => {
          res.resume();
          res.on('end', () => {
            result.answered += 1;
            const status = res.statusCode ?? 0;
            if (status >= 200 && status < 300) result.latencies.push(performance.now() - due);
            else result.non2xx += 1;
            resolve();
          });
        },
      );
      req.setTimeout(options.timeoutMs, () => req.destroy(new Error('timeout')));
      req.on('error', () => {
        result.errors += 1;
        resolve();
      });
      req.end(options.body);
    });

  try {
    for (let i = 0; i < total; i++) {
      const due = start + dueAt(i, options.rate);
      const wait = due - performance.now();
      if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
      inFlight.push(send(due));
    }
    await Promise.all(inFlight);
  } finally {
    agent.destroy();
  }
  result.durationS = (performance.now() - start) / 1000;
  return result;
}
