import { createRedis, type RedisSentinel, type RedisTarget } from '@hoptrace/queue-transport';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { freePort } from './ports';
import { startProcess, waitFor, type ProcessHandle } from './process';
import { pingRedis, startRedis, type RedisHandle } from './redis';

export interface StartSentinelOptions {
  /** Working directory: the servers' files, the sentinels' configurations, the logs. */
  dir: string;
  /** The primary's name in the sentinels' configuration. */
  name?: string;
  /** How many sentinels (3 by default; a quorum of a majority of them). */
  sentinels?: number;
  /**
   * How long a primary answers nothing before a sentinel thinks it down (Sentinel's
   * `down-after-milliseconds`; 30 s in Sentinel's own default, 1 s here so a test waits seconds).
   */
  downAfterMs?: number;
  startTimeoutMs?: number;
}

export interface SentinelHandle {
  /** The primary's name the sentinels monitor. */
  name: string;
  /** What a service is configured with (REDIS_SENTINELS, REDIS_SENTINEL_NAME), REDIS_URL removed. */
  env: Record<string, string | undefined>;
  /** For createRedis: a connection that follows the failover, as the services' do. */
  target: RedisTarget & { redisSentinel: RedisSentinel };
  /** The primary at start, then the replica; a killed one stays in the list, exited. */
  servers: RedisHandle[];
  sentinels: ProcessHandle[];
  /** Where the sentinels say the primary is now. */
  primary(): Promise<{ host: string; port: number }>;
  /** SIGKILL of the current primary, as a machine lost: no shutdown, no last write. */
  kill9Primary(): Promise<RedisHandle>;
  /** Resolves with the new primary once every sentinel names a server other than `formerPort` and it answers as primary. */
  waitForFailover(formerPort: number, timeoutMs?: number): Promise<{ host: string; port: number }>;
  stop(): Promise<void>;
}

/** One command to one server or sentinel, on a connection of its own. */
async function ask(port: number, ...command: [string, ...Array<string | number>]): Promise<unknown> {
  const redis = createRedis(`redis://127.0.0.1:${port}`, 'fail-fast', { lazyConnect: true });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    return await redis.call(...command);
  } finally {
    redis.disconnect();
  }
}

/** A flat [key, value, key, value] reply (SENTINEL MASTER) as an object. */
const fields = (reply: unknown): Record<string, string> => {
  const list = reply as string[];
  const out: Record<string, string> = {};
  for (let i = 0; i + 1 < list.length; i += 2) out[list[i]] = list[i + 1];
  return out;
};

/**
 * Redis Sentinel on free loopback ports, with Debian's binaries (redis-server, redis-sentinel;
 * REDIS_SERVER_BIN and REDIS_SENTINEL_BIN override them): a primary, a replica of it, and three
 * sentinels that agree (quorum 2) before they fail over. Resolves once the replica is in sync and
 * every sentinel knows the replica and the other sentinels, so a failover can happen at once.
 */
export async function startSentinel(opts: StartSentinelOptions): Promise<SentinelHandle> {
  const name = opts.name ?? 'mymaster';
  const count = opts.sentinels ?? 3;
  const quorum = Math.floor(count / 2) + 1;
  const dir = path.resolve(opts.dir);
  const timeoutMs = opts.startTimeoutMs ?? 30_000;
  fs.mkdirSync(dir, { recursive: true });
  const servers: RedisHandle[] = [];
  const sentinels: ProcessHandle[] = [];
  const sentinelPorts: number[] = [];
  const stop = async () => {
    await Promise.all(sentinels.map((sentinel) => sentinel.stop()));
    await Promise.all(servers.map((server) => server.stop()));
  };

  try {
    const primary = await startRedis({ dir });
    servers.push(primary);
    const replica = await startRedis({ dir, args: ['--replicaof', '127.0.0.1', String(primary.port)] });
    servers.push(replica);
    await waitFor(async () => /master_link_status:up/.test(String(await ask(replica.port, 'INFO', 'replication'))), {
      what: `the replica on ${replica.port} to be in sync with the primary on ${primary.port}`,
      timeoutMs,
      process: replica.process,
    });

    const bin = process.env.REDIS_SENTINEL_BIN || 'redis-sentinel';
    for (let i = 0; i < count; i++) {
      const port = await freePort();
      // Sentinel rewrites its configuration file as it learns (the replica, the other sentinels, a
      // new primary): a file of its own, in the test's folder.
      const config = path.join(dir, `sentinel-${port}.conf`);
      fs.writeFileSync(
        config,
        [
          `port ${port}`,
          'bind 127.0.0.1',
          'daemonize no',
          `dir ${dir}`,
          `sentinel monitor ${name} 127.0.0.1 ${primary.port} ${quorum}`,
          `sentinel down-after-milliseconds ${name} ${opts.downAfterMs ?? 1000}`,
          `sentinel failover-timeout ${name} 10000`,
          `sentinel parallel-syncs ${name} 1`,
          '',
        ].join('\n'),
      );
      const sentinel = startProcess({ name: `redis-sentinel:${port}`, command: bin, args: [config], cwd: dir, logFile: path.join(dir, `sentinel-${port}.log`) });
      sentinels.push(sentinel);
      sentinelPorts.push(port);
      await waitFor(() => pingRedis(port), { what: `redis-sentinel (${bin}) on 127.0.0.1:${port} to answer PING`, timeoutMs, process: sentinel });
    }
    // Sentinels find the replica by asking the primary and each other through its hello channel:
    // until each knows them all, a failover could not be agreed.
    await waitFor(
      async () => {
        const views = await Promise.all(sentinelPorts.map(async (port) => fields(await ask(port, 'SENTINEL', 'MASTER', name))));
        return views.every((view) => Number(view['num-slaves']) === 1 && Number(view['num-other-sentinels']) === count - 1);
      },
      { what: `${count} sentinels to know each other and the replica`, timeoutMs },
    );

    const redisSentinel: RedisSentinel = { sentinels: sentinelPorts.map((port) => ({ host: '127.0.0.1', port })), name };
    const primaryNow = async () => {
      const [host, port] = (await ask(sentinelPorts[0], 'SENTINEL', 'GET-MASTER-ADDR-BY-NAME', name)) as [string, string];
      return { host, port: Number(port) };
    };
    return {
      name,
      env: { REDIS_URL: undefined, REDIS_SENTINELS: redisSentinel.sentinels.map(({ host, port }) => `${host}:${port}`).join(','), REDIS_SENTINEL_NAME: name },
      target: { redisUrl: primary.url, redisSentinel },
      servers,
      sentinels,
      primary: primaryNow,
      async kill9Primary() {
        const { port } = await primaryNow();
        const server = servers.find((candidate) => candidate.port === port);
        if (!server) throw new Error(`the sentinels name 127.0.0.1:${port} as primary, which this harness did not start`);
        await server.process.kill9();
        return server;
      },
      async waitForFailover(formerPort, failoverTimeoutMs = 60_000) {
        let found = { host: '', port: 0 };
        await waitFor(
          async () => {
            const named = await Promise.all(
              sentinelPorts.map(async (port) => Number(((await ask(port, 'SENTINEL', 'GET-MASTER-ADDR-BY-NAME', name)) as [string, string])[1])),
            );
            if (!named.every((port) => port !== formerPort && port === named[0])) return false;
            if (!/role:master/.test(String(await ask(named[0], 'INFO', 'replication')))) return false;
            found = { host: '127.0.0.1', port: named[0] };
            return true;
          },
          { what: `the sentinels to promote a new primary in place of 127.0.0.1:${formerPort}`, timeoutMs: failoverTimeoutMs, intervalMs: 100 },
        );
        return found;
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
