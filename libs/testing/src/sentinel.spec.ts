import { createRedis } from '@hoptrace/queue-transport';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pingRedis, startSentinel, waitFor, type SentinelHandle } from './index';

describe('Redis Sentinel harness with real redis-server and redis-sentinel', () => {
  let dir: string;
  let sentinel: SentinelHandle;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hoptrace-sentinel-'));
    sentinel = await startSentinel({ dir });
  }, 60_000);

  afterAll(async () => {
    await sentinel?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('starts a primary, its replica and three sentinels on loopback, configured as a service reads them', async () => {
    const [primary, replica] = sentinel.servers;
    expect(await sentinel.primary()).toEqual({ host: '127.0.0.1', port: primary.port });
    expect(sentinel.sentinels).toHaveLength(3);
    expect(sentinel.env).toEqual({
      REDIS_URL: undefined,
      REDIS_SENTINELS: sentinel.target.redisSentinel.sentinels.map(({ port }) => `127.0.0.1:${port}`).join(','),
      REDIS_SENTINEL_NAME: 'mymaster',
    });
    expect(await pingRedis(replica.port)).toBe(true);
  });

  it('fails over when the primary is killed, and a createRedis connection follows by itself', async () => {
    const redis = createRedis(sentinel.target, 'blocking');
    redis.on('error', () => undefined);
    try {
      await redis.set('before-failover', 'kept');
      // Replicated before the primary goes: what a replica has is what survives the failover.
      expect(await redis.wait(1, 5000)).toBe(1);
      const killed = await sentinel.kill9Primary();
      expect(killed.process.hasExited).toBe(true);
      const promoted = await sentinel.waitForFailover(killed.port);
      expect(promoted.port).toBe(sentinel.servers[1].port);

      // The same connection, never recreated: it asked the sentinels again and found the new primary.
      await waitFor(async () => (await redis.set('after-failover', 'written')) === 'OK', { what: 'a write on the promoted primary', timeoutMs: 30_000 });
      expect(await redis.get('before-failover')).toBe('kept');
      expect(await redis.get('after-failover')).toBe('written');
    } finally {
      redis.disconnect();
    }
  });

  it('stops everything it started', async () => {
    await sentinel.stop();
    expect([...sentinel.servers.map((server) => server.process), ...sentinel.sentinels].every((proc) => proc.hasExited)).toBe(true);
    for (const { port } of sentinel.target.redisSentinel.sentinels) expect(await pingRedis(port)).toBe(false);
  });
});
