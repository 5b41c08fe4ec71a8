import { Controller, Module, type INestMicroservice } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { EventPattern, Payload } from '@nestjs/microservices';
import { context, SpanKind, trace } from '@opentelemetry/api';
import { startRedis, type RedisHandle } from '@hoptrace/testing';
import { useInMemoryTracing } from '@hoptrace/testing/jest';
import { Queue, type Job } from 'bullmq';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { firstValueFrom, lastValueFrom, filter, type Observable } from 'rxjs';
import { BullMqClient, BullMqRecord } from './bullmq.client';
import { BullMqServer } from './bullmq.server';
import { HandlerFailedError, NotConsumedError, ReplyTimeoutError } from './errors';
import { BullMqStatus } from './status';
import { RequestHandlers } from '@hoptrace/testing/transport-fixtures';

const QUEUE = 'transport-spec';
const PREFIX = `spec-${process.pid}`;
const received: unknown[] = [];
let resolveEvent: () => void = () => undefined;

@Controller()
class EventHandlers {
  @EventPattern('happened')
  happened(@Payload() data: unknown) {
    received.push(data);
    resolveEvent();
  }
}

@Module({ controllers: [RequestHandlers, EventHandlers] })
class SpecModule {}

describe('BullMQ transport against a real Redis', () => {
  const exporter = useInMemoryTracing();
  let dir: string;
  let redis: RedisHandle;
  let server: INestMicroservice;
  let client: BullMqClient;
  /** What the listeners given before `listen` and `connect` heard. */
  const completedEarly: string[] = [];
  const waitingEarly: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hoptrace-transport-'));
    redis = await startRedis({ dir });
    const strategy = new BullMqServer({
        queue: QUEUE,
        redisUrl: redis.url,
        prefix: PREFIX,
        concurrency: 4,
        // Only `echo` has a contract here: a value that is a number.
        validate: (pattern, data) =>
          pattern === 'echo' && typeof (data as { value?: unknown })?.value !== 'number' ? 'value is missing' : undefined,
    });
    strategy.on('completed', (job: Job) => completedEarly.push(job.name));
    server = await NestFactory.createMicroservice(SpecModule, { strategy, logger: false });
    await server.listen();
    client = new BullMqClient({ queue: QUEUE, redisUrl: redis.url, prefix: PREFIX, replyTimeoutMs: 500 });
    client.on('waiting', (job: Job) => waitingEarly.push(job.name));
    await client.connect();
  });

  afterAll(async () => {
    await client?.close();
    await server?.close();
    await redis?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers a request with the handler return value', async () => {
    const reply = await lastValueFrom(client.send<{ value: number }>('echo', { value: 21 }));
    expect(reply.value).toBe(42);
  });

  it('answers many requests at once without tripping Node’s listener-leak warning', async () => {
    // Each request in flight holds a 'closing' listener on the queue; past the emitter's limit Node
    // prints a MaxListenersExceededWarning (jest's sandbox cannot catch the warning itself).
    const queue = client.unwrap<Queue>();
    let mostInFlight = 0;
    const sampler = setInterval(() => (mostInFlight = Math.max(mostInFlight, queue.listenerCount('closing'))), 1);
    try {
      const replies = await Promise.all(
        Array.from({ length: 40 }, (_, value) => lastValueFrom(client.send<{ value: number }>('echo', { value }))),
      );
      expect(replies.map((reply) => reply.value)).toEqual(Array.from({ length: 40 }, (_, value) => value * 2));
    } finally {
      clearInterval(sampler);
    }
    expect(mostInFlight).toBeGreaterThan(10);
    const limit = queue.getMaxListeners();
    expect(limit === 0 || limit >= mostInFlight).toBe(true);
  });

  it('delivers an event to its handler without waiting for a reply', async () => {
    const delivered = new Promise<void>((resolve) => (resolveEvent = resolve));
    await lastValueFrom(client.emit('happened', { id: 'evt_1' }), { defaultValue: undefined });
    await delivered;
    expect(received).toContainEqual({ id: 'evt_1' });
  });

  it('gives up on a reply after the timeout with a ReplyTimeoutError', async () => {
    await expect(lastValueFrom(client.send('slow', {}))).rejects.toBeInstanceOf(ReplyTimeoutError);
  });

  it('withdraws a request that no worker takes, and says nothing was done (NotConsumedError)', async () => {
    const queue = new Queue(QUEUE, { connection: { url: redis.url }, prefix: PREFIX });
    await queue.pause();
    try {
      const error = await lastValueFrom(client.send('echo', { value: 1 })).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(NotConsumedError);
      expect(error).toMatchObject({ queue: QUEUE, pattern: 'echo', paused: true });
      // Withdrawn: resuming the queue runs nothing.
      expect(await queue.getWaitingCount()).toBe(0);
    } finally {
      await queue.resume();
      await queue.close();
    }
  });

  it('withdraws a request sent to a queue without workers, without calling the queue paused', async () => {
    const lonely = new BullMqClient({ queue: `${QUEUE}-unconsumed`, redisUrl: redis.url, prefix: PREFIX, replyTimeoutMs: 300 });
    await lonely.connect();
    try {
      const error = await lastValueFrom(lonely.send('echo', { value: 1 })).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(NotConsumedError);
      expect(error).toMatchObject({ paused: false });
      const queue = new Queue(`${QUEUE}-unconsumed`, { connection: { url: redis.url }, prefix: PREFIX });
      expect(await queue.getJobCounts('waiting', 'active', 'completed')).toEqual({ waiting: 0, active: 0, completed: 0 });
      await queue.close();
    } finally {
      await lonely.close();
    }
  });

  it('fails a job whose handler throws, once, without retrying it', async () => {
    await expect(lastValueFrom(client.send('explode', {}))).rejects.toBeInstanceOf(HandlerFailedError);
    const queue = new Queue(QUEUE, { connection: { url: redis.url }, prefix: PREFIX });
    const [failed] = await queue.getFailed(0, 0);
    await queue.close();
    expect(failed.name).toBe('explode');
    expect(failed.attemptsMade).toBe(1);
  });

  it('rejects a malformed payload once, before its handler sees it, even when attempts are left', async () => {
    const queue = new Queue(QUEUE, { connection: { url: redis.url }, prefix: PREFIX });
    try {
      const job = await queue.add('echo', { wrong: true }, { attempts: 5, backoff: { type: 'fixed', delay: 50 } });
      let state = await job.getState();
      for (let tries = 0; state !== 'failed' && tries < 100; tries++) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        state = await job.getState();
      }
      const failed = (await queue.getJob(job.id!))!;
      expect(state).toBe('failed');
      expect(failed.attemptsMade).toBe(1);
      expect(failed.failedReason).toBe('malformed payload: value is missing');
    } finally {
      await queue.close();
    }
    // The worker still serves well-formed messages.
    expect((await lastValueFrom(client.send<{ value: number }>('echo', { value: 2 }))).value).toBe(4);
  });

  it('fails a job whose pattern has no handler', async () => {
    await expect(lastValueFrom(client.send('no-such-pattern', {}))).rejects.toBeInstanceOf(HandlerFailedError);
  });

  it('carries the W3C trace context through Redis: producer and consumer spans join the caller trace', async () => {
    const tracer = trace.getTracer('spec');
    const caller = tracer.startSpan('caller');
    const reply = await context.with(trace.setSpan(context.active(), caller), () =>
      lastValueFrom(client.send<{ traceId: string }>('echo', { value: 1 })),
    );
    caller.end();
    const callerContext = caller.spanContext();
    expect(reply.traceId).toBe(callerContext.traceId);

    // The reply can overtake the end of the consumer span: the worker ends it after the job completes.
    const consumerOf = () =>
      exporter
        .getFinishedSpans()
        .find((span) => span.kind === SpanKind.CONSUMER && span.attributes['bullmq.job.name'] === 'echo');
    for (let tries = 0; !consumerOf() && tries < 50; tries++) await new Promise((resolve) => setTimeout(resolve, 20));
    const spans = exporter.getFinishedSpans();
    const producer = spans.find((span) => span.kind === SpanKind.PRODUCER && span.name === `add ${QUEUE}.echo`);
    // Other tests' jobs (the slow one outlives its timeout) may finish meanwhile: pick this job's span.
    const consumer = consumerOf();
    expect(producer?.spanContext().traceId).toBe(callerContext.traceId);
    expect(producer?.parentSpanContext?.spanId).toBe(callerContext.spanId);
    expect(consumer?.spanContext().traceId).toBe(callerContext.traceId);
    expect(consumer?.parentSpanContext?.spanId).toBe(producer?.spanContext().spanId);
    expect(producer?.attributes).toMatchObject({
      'messaging.system': 'bullmq',
      'messaging.destination.name': QUEUE,
      'messaging.operation.type': 'send',
    });
    expect(consumer?.attributes).toMatchObject({
      'messaging.system': 'bullmq',
      'messaging.destination.name': QUEUE,
      'messaging.operation.type': 'process',
    });
    expect(consumer?.attributes['messaging.message.id']).toEqual(expect.any(String));
  });

  it('starts a trace of its own for an event added without the producer\'s context, with its own job options', async () => {
    const delivered = new Promise<void>((resolve) => (resolveEvent = resolve));
    const caller = trace.getTracer('spec').startSpan('caller');
    await context.with(trace.setSpan(context.active(), caller), () =>
      lastValueFrom(client.emit('happened', new BullMqRecord({ id: 'evt_own' }, { jobId: 'own-trace', telemetry: { omitContext: true } })), {
        defaultValue: undefined,
      }),
    );
    caller.end();
    await delivered;
    expect(received).toContainEqual({ id: 'evt_own' });
    const consumerOf = () =>
      exporter.getFinishedSpans().find((span) => span.kind === SpanKind.CONSUMER && span.attributes['bullmq.job.id'] === 'own-trace');
    for (let tries = 0; !consumerOf() && tries < 50; tries++) await new Promise((resolve) => setTimeout(resolve, 20));
    const consumer = consumerOf();
    expect(consumer).toBeDefined();
    expect(consumer?.spanContext().traceId).not.toBe(caller.spanContext().traceId);
    expect(consumer?.parentSpanContext).toBeUndefined();
  });

  it('keeps the listeners given before listen and connect, on the worker and on the queue', async () => {
    await lastValueFrom(client.send('echo', { value: 3 }));
    for (let tries = 0; !completedEarly.includes('echo') && tries < 50; tries++) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(completedEarly).toContain('echo');
    expect(waitingEarly).toContain('echo');
  });

  it('listens with on() after connect too', async () => {
    const waiting: string[] = [];
    client.on('waiting', (job: Job) => waiting.push(job.name));
    await lastValueFrom(client.send('echo', { value: 4 }));
    expect(waiting).toEqual(['echo']);
  });
});

describe('BullMQ transport connection status, against a Redis that goes away and comes back', () => {
  let dir: string;
  let redis: RedisHandle;
  let strategy: BullMqServer;
  let server: INestMicroservice;
  let client: BullMqClient;

  const next = (status$: Observable<string>, wanted: string) => firstValueFrom(status$.pipe(filter((status) => status === wanted)));

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hoptrace-transport-status-'));
    redis = await startRedis({ dir });
    strategy = new BullMqServer({ queue: `${QUEUE}-status`, redisUrl: redis.url, prefix: PREFIX });
    server = await NestFactory.createMicroservice(SpecModule, { strategy, logger: false });
    client = new BullMqClient({ queue: `${QUEUE}-status`, redisUrl: redis.url, prefix: PREFIX, replyTimeoutMs: 2_000 });
  });

  afterAll(async () => {
    await client?.close();
    await server?.close();
    await redis?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('pushes connected, reconnecting and connected again through status, as Nest transports do', async () => {
    const clientSeen: string[] = [];
    const serverSeen: string[] = [];
    client.status.subscribe((status) => clientSeen.push(status));
    strategy.status.subscribe((status) => serverSeen.push(status));
    const connected = Promise.all([next(client.status, BullMqStatus.CONNECTED), next(strategy.status, BullMqStatus.CONNECTED)]);
    await Promise.all([server.listen(), client.connect()]);
    await connected;

    const reconnecting = Promise.all([next(client.status, BullMqStatus.RECONNECTING), next(strategy.status, BullMqStatus.RECONNECTING)]);
    await redis.stop();
    await reconnecting;

    await redis.start();
    // A ReplaySubject replays the last status: wait for a `connected` after the `reconnecting`.
    const again = (seen: string[]) => seen.lastIndexOf(BullMqStatus.CONNECTED) > seen.indexOf(BullMqStatus.RECONNECTING);
    for (let tries = 0; !(again(clientSeen) && again(serverSeen)) && tries < 200; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(clientSeen[0]).toBe(BullMqStatus.CONNECTED);
    expect(serverSeen[0]).toBe(BullMqStatus.CONNECTED);
    expect(clientSeen).toContain(BullMqStatus.RECONNECTING);
    expect(serverSeen).toContain(BullMqStatus.RECONNECTING);
    expect(again(clientSeen)).toBe(true);
    expect(again(serverSeen)).toBe(true);
    // And the transport works again.
    expect((await lastValueFrom(client.send<{ value: number }>('echo', { value: 5 }))).value).toBe(10);
  });

  it('reports nothing for a close it was asked for', async () => {
    const seen: string[] = [];
    const subscription = client.status.subscribe((status) => seen.push(status));
    await client.close();
    await new Promise((resolve) => setTimeout(resolve, 200));
    subscription.unsubscribe();
    expect(seen.filter((status) => status !== BullMqStatus.CONNECTED)).toEqual([]);
  });
});
