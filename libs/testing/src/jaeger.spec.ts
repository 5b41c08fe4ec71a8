import { createRedis } from '@hoptrace/queue-transport';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { postSpans as postOtlpSpans } from './otlp';
import { JaegerClient, pingRedis, startJaeger, startRedis, type JaegerHandle, type RedisHandle } from './index';

const hex = (bytes: number) => randomBytes(bytes).toString('hex');

/** Posts one resource's spans as OTLP/HTTP JSON. */
async function postSpans(otlpHttpEndpoint: string, service: string, spans: object[]): Promise<void> {
  const res = await postOtlpSpans(otlpHttpEndpoint, service, spans);
  expect(res.status).toBe(200);
}

describe('test harness against real redis-server and Jaeger v2', () => {
  let dir: string;
  let redis: RedisHandle;
  let jaeger: JaegerHandle;
  let client: JaegerClient;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hoptrace-testing-'));
    [redis, jaeger] = await Promise.all([startRedis({ dir }), startJaeger({ dir })]);
    client = new JaegerClient(jaeger.queryUrl);
  });

  afterAll(async () => {
    await Promise.all([redis?.stop(), jaeger?.stop()]);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('avoids the default ports', () => {
    const defaults = [4317, 4318, 16685, 16686, 13133, 8888, 8889, 6379];
    for (const port of [redis.port, ...Object.values(jaeger.ports)]) expect(defaults).not.toContain(port);
    expect(redis.url).toBe(`redis://127.0.0.1:${redis.port}`);
  });

  it('restarts redis on the same port', async () => {
    expect(await pingRedis(redis.port)).toBe(true);
    const before = redis.process.pid;
    await redis.restart();
    expect(redis.process.pid).not.toBe(before);
    expect(await pingRedis(redis.port)).toBe(true);
  });

  it('round-trips an OTLP/HTTP trace through Jaeger', async () => {
    const service = `harness-spec-${hex(3)}`;
    const runId = hex(8);
    const traceId = hex(16);
    const rootId = hex(8);
    const childId = hex(8);
    const startNs = BigInt(Date.now()) * 1_000_000n;

    await postSpans(jaeger.otlpHttpEndpoint, service, [
      {
        traceId,
        spanId: rootId,
        name: 'POST /checkout',
        kind: 2, // SERVER
        startTimeUnixNano: String(startNs),
        endTimeUnixNano: String(startNs + 5_000_000n),
        attributes: [
          { key: 'test.run', value: { stringValue: runId } },
          { key: 'http.response.status_code', value: { intValue: '402' } },
          { key: 'retry', value: { boolValue: false } },
        ],
        status: { code: 2, message: 'payment required' }, // ERROR
      },
      {
        traceId,
        spanId: childId,
        parentSpanId: rootId,
        name: 'payments publish',
        kind: 4, // PRODUCER
        startTimeUnixNano: String(startNs + 1_000_000n),
        endTimeUnixNano: String(startNs + 2_000_000n),
        attributes: [{ key: 'test.run', value: { stringValue: runId } }],
        events: [{ name: 'enqueued', timeUnixNano: String(startNs + 1_500_000n) }],
      },
    ]);

    const spans = await client.waitForTrace(traceId, (s) => s.length === 2, { timeoutMs: 15_000 });
    const root = spans.find((s) => s.spanId === rootId)!;
    const child = spans.find((s) => s.spanId === childId)!;

    expect(root).toMatchObject({
      traceId,
      operationName: 'POST /checkout',
      service,
      kind: 'server',
      startTime: Number(startNs / 1000n),
      duration: 5000,
      hasError: true,
      tags: { 'test.run': runId, 'http.response.status_code': 402, retry: false, 'otel.status_code': 'ERROR' },
    });
    expect(root.parentSpanId).toBeUndefined();
    expect(child).toMatchObject({ traceId, parentSpanId: rootId, kind: 'producer', hasError: false, service });
    expect(child.events).toEqual([{ timestamp: Number((startNs + 1_500_000n) / 1000n), fields: { event: 'enqueued' } }]);

    expect(await client.findTraces({ service, tags: { 'test.run': runId } })).toEqual([traceId]);
    expect(await client.findTraces({ service, tags: { 'http.response.status_code': 402 } })).toEqual([traceId]);
    expect(await client.findTraces({ service, tags: { 'test.run': 'no-such-run' } })).toEqual([]);
    expect(await client.services()).toContain(service);
    expect(await client.getTrace(hex(16))).toEqual([]);
  });

  it('restarts Jaeger on the same ports and storage, and still finds the traces stored before', async () => {
    const { queryUrl, otlpHttpEndpoint } = jaeger;
    const service = `harness-restart-${hex(3)}`;
    const runId = hex(8);
    const startNs = BigInt(Date.now()) * 1_000_000n;
    const trace = () => {
      const traceId = hex(16);
      const rootId = hex(8);
      return {
        traceId,
        spans: [
          { traceId, spanId: rootId, name: 'POST /v1/charges', kind: 2, startTimeUnixNano: String(startNs), endTimeUnixNano: String(startNs + 3_000_000n),
            attributes: [{ key: 'test.run', value: { stringValue: runId } }] },
          { traceId, spanId: hex(8), parentSpanId: rootId, name: 'op', startTimeUnixNano: String(startNs + 1000n), endTimeUnixNano: String(startNs + 2000n) },
        ],
      };
    };
    const before = [trace(), trace(), trace()];
    for (const { spans } of before) await postSpans(otlpHttpEndpoint, service, spans);
    for (const { traceId } of before) await client.waitForTrace(traceId, (s) => s.length === 2);
    const pid = jaeger.process.pid;

    await jaeger.restart();

    expect(jaeger.process.pid).not.toBe(pid);
    expect(jaeger.queryUrl).toBe(queryUrl);
    expect(fs.readdirSync(path.join(jaeger.storageDir, 'keys')).length).toBeGreaterThan(0);
    // Read back from the Badger files the first process wrote, before anything new is sent.
    for (const { traceId } of before) expect((await client.getTrace(traceId)).map((s) => s.operationName).sort()).toEqual(['POST /v1/charges', 'op']);
    expect((await client.findTraces({ service, tags: { 'test.run': runId } })).sort()).toEqual(before.map((t) => t.traceId).sort());
    expect(await client.services()).toContain(service);

    const after = trace();
    await postSpans(otlpHttpEndpoint, service, after.spans);
    const again = await client.waitForTrace(after.traceId, (s) => s.length === 2);
    expect(again.find((s) => s.operationName === 'op')?.kind).toBeUndefined(); // SPAN_KIND_UNSPECIFIED carries no span.kind tag
  });

  it('starts with empty storage in a storage folder of its own', async () => {
    const other = await startJaeger({ dir: path.join(dir, 'other') });
    try {
      expect(other.storageDir).not.toBe(jaeger.storageDir);
      expect(await new JaegerClient(other.queryUrl).services()).toEqual([]);
    } finally {
      await other.stop();
    }
  });

  it('stops and starts Jaeger on the same ports, and freezes and resumes it', async () => {
    const { queryUrl } = jaeger;
    await jaeger.stop();
    expect(jaeger.process.hasExited).toBe(true);
    await jaeger.start();
    expect(jaeger.queryUrl).toBe(queryUrl);
    expect(await client.services()).toEqual(expect.any(Array));

    jaeger.pause();
    const frozen = await fetch(`${queryUrl}/api/services`, { signal: AbortSignal.timeout(1000) }).then(
      () => 'answered',
      () => 'no answer',
    );
    jaeger.resume();
    expect(frozen).toBe('no answer');
    expect(await client.services()).toEqual(expect.any(Array));
  });
});

describe('redis-server with an append-only file', () => {
  it('keeps its data across a restart on the same port', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hoptrace-testing-aof-'));
    const redis = await startRedis({ dir, appendonly: true });
    const client = createRedis(redis.url, 'blocking');
    client.on('error', () => undefined);
    try {
      await client.set('kept', 'yes');
      await redis.stop();
      expect(await pingRedis(redis.port)).toBe(false);
      await redis.start();
      expect(await client.get('kept')).toBe('yes');
    } finally {
      client.disconnect();
      await redis.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
