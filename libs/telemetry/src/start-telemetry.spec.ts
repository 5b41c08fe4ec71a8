import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';

const ROOT = join(__dirname, '../../..');

/**
 * What a service sends to its OTLP endpoint, observed by a real HTTP server standing in for Jaeger:
 * a process starts the SDK exactly as the services do and shuts it down, which flushes every signal.
 */
describe('startTelemetry', () => {
  const received: string[] = [];
  let server: Server;

  beforeAll(async () => {
    server = createServer((request, response) => {
      received.push(`${request.method} ${request.url}`);
      request.resume();
      request.on('end', () => response.writeHead(200, { 'content-type': 'application/json' }).end('{}'));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });

  afterAll(() => new Promise((resolve) => server.close(resolve)));

  beforeEach(() => received.splice(0));

  /** Runs the fixture service (one span, one metric) in a process of its own, with `extraEnv`. */
  const runService = async (extraEnv: Record<string, string> = {}) => {
    const env = { ...process.env };
    for (const name of ['OTEL_METRICS_EXPORTER', 'OTEL_LOGS_EXPORTER', 'OTEL_SDK_DISABLED', 'OTEL_TRACES_SAMPLER', 'OTEL_TRACES_SAMPLER_ARG']) {
      delete env[name];
    }
    await promisify(execFile)(
      process.execPath,
      [require.resolve('tsx/cli'), '--tsconfig', join(ROOT, 'tsconfig.base.json'), join(__dirname, 'fixtures/one-span-one-metric.ts')],
      { env: { ...env, OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, ...extraEnv }, cwd: ROOT },
    );
  };

  it('exports traces and nothing else: Jaeger takes no metrics, and every metric recorded would cost each request', async () => {
    await runService();
    expect(received).toEqual(['POST /v1/traces']);
  }, 30_000);

  it('samples as OTEL_TRACES_SAMPLER says: with always_off the span is never exported', async () => {
    await runService({ OTEL_TRACES_SAMPLER: 'always_off' });
    expect(received).toEqual([]);
  }, 30_000);
});
