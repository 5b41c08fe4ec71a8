import { Module, type INestApplication, type INestMicroservice } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { context, SpanKind, trace } from '@opentelemetry/api';
import { freePort, startRedis, type RedisHandle } from '@hoptrace/testing';
import { useInMemoryTracing } from '@hoptrace/testing/jest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lastValueFrom } from 'rxjs';
import { HandlerFailedError, NotConsumedError, QueueUnavailableError, ReplyTimeoutError } from '@hoptrace/queue-transport';
import { RequestHandlers } from '@hoptrace/testing/transport-fixtures';
import { HttpRpcClient } from './http-rpc.client';
import { HttpRpcServer } from './http-rpc.server';
import { RedisPubSubClient } from './redis-pubsub.client';
import { RedisPubSubServer } from './redis-pubsub.server';

@Module({ controllers: [RequestHandlers] })
class SpecModule {}

const TIMEOUT_MS = 500;

describe('the alternative transports of the request/reply hops, against real servers', () => {
  const exporter = useInMemoryTracing();
  let dir: string;
  let redis: RedisHandle;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hoptrace-transports-'));
    redis = await startRedis({ dir });
  });

  afterAll(async () => {
    await redis?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  describe('Redis pub/sub (Transport.REDIS)', () => {
    let server: INestMicroservice;
    let client: RedisPubSubClient;

    beforeAll(async () => {
      server = await NestFactory.createMicroservice(SpecModule, { strategy: new RedisPubSubServer({ redisUrl: redis.url }), logger: false });
      await server.listen();
      client = new RedisPubSubClient({ queue: 'spec', redisUrl: redis.url, replyTimeoutMs: TIMEOUT_MS });
      await client.connect();
    });

    afterAll(async () => {
      await client?.close();
      await server?.close();
    });

    it('answers with the handler return value, in the caller trace: producer span, then consumer span', async () => {
      const caller = trace.getTracer('spec').startSpan('caller');
      const reply = await context.with(trace.setSpan(context.active(), caller), () =>
        lastValueFrom(client.send<{ value: number; traceId: string }>('echo', { value: 21 })),
      );
      caller.end();
      expect(reply).toEqual({ value: 42, traceId: caller.spanContext().traceId });
      const consumerOf = () => exporter.getFinishedSpans().find((span) => span.kind === SpanKind.CONSUMER);
      for (let tries = 0; !consumerOf() && tries < 50; tries++) await new Promise((resolve) => setTimeout(resolve, 20));
      const producer = exporter.getFinishedSpans().find((span) => span.kind === SpanKind.PRODUCER);
      expect(producer).toMatchObject({ name: 'publish echo' });
      expect(producer?.parentSpanContext?.spanId).toBe(caller.spanContext().spanId);
      expect(consumerOf()).toMatchObject({ name: 'process echo' });
      expect(consumerOf()?.parentSpanContext?.spanId).toBe(producer?.spanContext().spanId);
      expect(consumerOf()?.attributes).toMatchObject({ 'messaging.system': 'redis', 'messaging.operation.type': 'process' });
    });

    it('gives up after the reply timeout with a ReplyTimeoutError (504)', async () => {
      await expect(lastValueFrom(client.send('slow', {}))).rejects.toBeInstanceOf(ReplyTimeoutError);
    });

    it('reports a handler that throws as HandlerFailedError, not as a timeout', async () => {
      await expect(lastValueFrom(client.send('explode', {}))).rejects.toBeInstanceOf(HandlerFailedError);
    });

    it('reports a pattern nobody subscribes to as NotConsumedError (503) at once, not as a timeout', async () => {
      await expect(lastValueFrom(client.send('nobody-listens', {}))).rejects.toBeInstanceOf(NotConsumedError);
    });

    it('reports an unreachable Redis as QueueUnavailableError (503): nothing was sent', async () => {
      const nowhere = new RedisPubSubClient({ queue: 'spec', redisUrl: `redis://127.0.0.1:${await freePort()}`, replyTimeoutMs: TIMEOUT_MS });
      try {
        await expect(lastValueFrom(nowhere.send('echo', { value: 1 }))).rejects.toBeInstanceOf(QueueUnavailableError);
      } finally {
        await nowhere.close().catch(() => undefined);
      }
    });
  });

  describe('plain HTTP', () => {
    let app: INestApplication;
    let client: HttpRpcClient;

    beforeAll(async () => {
      app = await NestFactory.create(SpecModule, { logger: false });
      app.connectMicroservice({ strategy: new HttpRpcServer(app.getHttpAdapter()) });
      await app.startAllMicroservices();
      const port = await freePort();
      await app.listen(port, '127.0.0.1');
      client = new HttpRpcClient({ queue: 'spec', url: `http://127.0.0.1:${port}`, replyTimeoutMs: TIMEOUT_MS });
    });

    afterAll(async () => {
      client?.close();
      await app?.close();
    });

    it('answers POST /rpc/<pattern> with the handler return value', async () => {
      await expect(lastValueFrom(client.send('echo', { value: 21 }))).resolves.toMatchObject({ value: 42 });
    });

    it('gives up after the reply timeout with a ReplyTimeoutError (504)', async () => {
      await expect(lastValueFrom(client.send('slow', {}))).rejects.toBeInstanceOf(ReplyTimeoutError);
    });

    it('reports a handler that throws, and an unknown pattern, as HandlerFailedError', async () => {
      await expect(lastValueFrom(client.send('explode', {}))).rejects.toBeInstanceOf(HandlerFailedError);
      await expect(lastValueFrom(client.send('no-such-pattern', {}))).rejects.toBeInstanceOf(HandlerFailedError);
    });

    it('reports a refused connection as QueueUnavailableError (503): nothing was sent', async () => {
      const nowhere = new HttpRpcClient({ queue: 'spec', url: `http://127.0.0.1:${await freePort()}`, replyTimeoutMs: TIMEOUT_MS });
      try {
        await expect(lastValueFrom(nowhere.send('echo', { value: 1 }))).rejects.toBeInstanceOf(QueueUnavailableError);
      } finally {
        nowhere.close();
      }
    });
  });
});
