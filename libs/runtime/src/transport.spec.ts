import { startRedis, type RedisHandle } from '@hoptrace/testing';
import { BullMqClient, type BullMqServer } from '@hoptrace/queue-transport';
import type { Worker } from 'bullmq';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bullMqTransport } from './transport';

describe('the BullMQ transport as every service gets it', () => {
  let dir: string;
  let redis: RedisHandle;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hoptrace-runtime-transport-'));
    redis = await startRedis({ dir });
  });

  afterAll(async () => {
    await redis?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const settings = () => ({
    redisUrl: redis.url,
    redisSentinel: undefined,
    queuePrefix: `spec-${process.pid}`,
    port: 3000,
    host: '127.0.0.1',
    logLevel: 'info' as const,
    queueLockDurationMs: 4_321,
    queueStalledIntervalMs: 1_234,
  });

  it('gives every consumer, of whichever queue, the lock and stall settings', async () => {
    const transport = bullMqTransport(settings());
    for (const queue of ['notifier', 'webhook-deliveries']) {
      const server = transport.server(queue, undefined as never, { concurrency: 8 }) as BullMqServer;
      await new Promise<void>((resolve, reject) => void server.listen((error) => (error ? reject(error) : resolve())));
      try {
        const worker = server.unwrap<Worker>();
        expect(worker.opts).toMatchObject({ lockDuration: 4_321, stalledInterval: 1_234, concurrency: 8, prefix: `spec-${process.pid}` });
      } finally {
        await server.close();
      }
    }
  });

  it('registers clients through ClientsModule as a custom class with the connection settings', () => {
    expect(bullMqTransport(settings()).client('billing', { replyTimeoutMs: 2_000 })).toEqual({
      customClass: BullMqClient,
      options: { redisUrl: redis.url, prefix: `spec-${process.pid}`, queue: 'billing', replyTimeoutMs: 2_000 },
    });
  });
});
