import IORedis, { type RedisOptions } from 'ioredis';

/**
 * A Redis run by Redis Sentinel: the sentinels to ask, and the name they monitor the primary
 * under. The fields are ioredis' own options of the same names.
 */
export interface RedisSentinel {
  sentinels: Array<{ host: string; port: number }>;
  /** The primary's name in the sentinels' configuration (`sentinel monitor <name> ...`). */
  name: string;
  /** The sentinels' own password (their `requirepass`), when they have one. */
  sentinelPassword?: string;
  /** The primary's and replicas' password, when they have one. */
  password?: string;
}

/**
 * Where Redis is: one server by URL, or, when `redisSentinel` is set, whichever server the sentinels
 * name as primary (the URL is then not used). A service's settings are one.
 */
export interface RedisTarget {
  /** redis://[user:password@]host:port[/db] */
  redisUrl: string;
  redisSentinel?: RedisSentinel | undefined;
}

export interface QueueConnectionOptions extends RedisTarget {
  /** Key prefix of every queue, so several systems can share one Redis (BullMQ's own default when unset). */
  prefix?: string;
}

/**
 * What a connection is for. `blocking`: workers and QueueEvents, which block on Redis and need
 * `maxRetriesPerRequest: null`. `fail-fast`: everything else (producers, a service's data, a CLI),
 * which fails a command at once while Redis is unreachable, so a caller gets an answer rather than a
 * request parked in ioredis' offline queue.
 */
export type RedisRole = 'blocking' | 'fail-fast';

const ROLE_OPTIONS: Record<RedisRole, RedisOptions> = {
  blocking: { maxRetriesPerRequest: null },
  'fail-fast': { maxRetriesPerRequest: 1, enableOfflineQueue: false },
};

/**
 * A write that reached a primary demoted to replica (a failover that kept the old primary alive, or
 * a sentinel's answer older than the failover) was not applied. Reconnecting asks the sentinels
 * again; a worker's command is sent again on the new primary (2), a fail-fast one fails (1), since
 * its caller answers "retry" at once.
 */
const reconnectOnReadOnly =
  (resend: boolean) =>
  (error: Error): boolean | 1 | 2 =>
    error.message.startsWith('READONLY') ? (resend ? 2 : 1) : false;

/**
 * ioredis' options for a Redis behind `sentinel`, used as `role`; pure, so the tests can read them.
 * A connection that loses its primary asks the sentinels again, and keeps asking while none
 * answers (ioredis' default sentinelRetryStrategy). A primary demoted alive closes its clients'
 * connections itself, as Sentinel's client protocol has it, and a write it refuses (READONLY)
 * reconnects. ioredis' failover detector (subscribing to +switch-master) stays off, as it is by
 * default: announced while a connection was still asking the sentinels after its primary was
 * killed, it cut that attempt short, and ioredis then ended the connection for good ("Connection is
 * closed." for every later command: the gateway answered 503 until restarted).
 */
export function sentinelRedisOptions(sentinel: RedisSentinel, role: RedisRole): RedisOptions {
  return {
    sentinels: sentinel.sentinels.map(({ host, port }) => ({ host, port })),
    name: sentinel.name,
    role: 'master',
    ...(sentinel.sentinelPassword ? { sentinelPassword: sentinel.sentinelPassword } : {}),
    ...(sentinel.password ? { password: sentinel.password } : {}),
    reconnectOnError: reconnectOnReadOnly(role === 'blocking'),
    ...ROLE_OPTIONS[role],
  };
}

/**
 * The one way a Redis connection is made. `lazyConnect` leaves connecting to the caller
 * (`await redis.connect()`), who then knows that the first command will not meet a connection
 * still opening: with the offline queue off, such a command fails rather than waits.
 */
export function createRedis(target: string | RedisTarget, role: RedisRole, { lazyConnect = false }: { lazyConnect?: boolean } = {}): IORedis {
  if (typeof target !== 'string' && target.redisSentinel) {
    return new IORedis({ ...sentinelRedisOptions(target.redisSentinel, role), lazyConnect });
  }
  // ioredis reads the URL itself (rediss://, its query options).
  return new IORedis(typeof target === 'string' ? target : target.redisUrl, { ...ROLE_OPTIONS[role], lazyConnect });
}

/** Where `target` is, for a log line or an error message: no password. */
export function describeRedis(target: string | RedisTarget): string {
  if (typeof target !== 'string' && target.redisSentinel) {
    const { name, sentinels } = target.redisSentinel;
    return `Sentinel primary "${name}" (sentinels ${sentinels.map(({ host, port }) => `${host}:${port}`).join(',')})`;
  }
  const url = new URL(typeof target === 'string' ? target : target.redisUrl);
  url.password = url.password ? '***' : '';
  return url.toString().replace(/\/$/, '');
}

/** ioredis options for a redis://[user:password@]host:port[/db] URL, for clients that take no URL. */
export function redisOptionsFromUrl(url: string): RedisOptions {
  const parsed = new URL(url);
  const db = parsed.pathname.replace(/^\//, '');
  return {
    host: parsed.hostname || 'localhost',
    port: parsed.port ? Number(parsed.port) : 6379,
    ...(parsed.username ? { username: decodeURIComponent(parsed.username) } : {}),
    ...(parsed.password ? { password: decodeURIComponent(parsed.password) } : {}),
    ...(db ? { db: Number(db) } : {}),
  };
}

/** What ioredis says when a command meets a connection that is down, closed or reconnecting. */
const UNAVAILABLE_MESSAGES = [
  /^Stream isn't writeable/,
  /^Connection is closed/,
  /max retries per request limit/i,
  // A server that is not (or not yet, or no longer) the primary: during a Sentinel failover, the
  // demoted primary refuses writes, and a replica still syncing refuses reads.
  /^READONLY /,
  /^LOADING /,
  /^MASTERDOWN /,
];
const UNAVAILABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTCONN']);

/**
 * Whether `error` means Redis could not be reached, rather than that a command was wrong: the
 * difference between "try again shortly" (503) and a bug (500).
 */
export function isRedisUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error.name === 'MaxRetriesPerRequestError') return true;
  const code = (error as NodeJS.ErrnoException).code;
  if (typeof code === 'string' && UNAVAILABLE_CODES.has(code)) return true;
  return UNAVAILABLE_MESSAGES.some((pattern) => pattern.test(error.message));
}

let outagesTolerated = false;

/**
 * What to do with a rejection nobody handled: a Redis outage is logged and survived (the
 * connections heal by themselves); anything else is thrown again, which ends the process as Node
 * would have, since it is a bug nobody anticipated.
 */
export function survivingRedisOutage(reason: unknown, warn: (fields: Record<string, unknown>) => void): void {
  if (!isRedisUnavailable(reason)) throw reason;
  warn({ msg: 'redis unavailable', reason: (reason as Error).message });
}

/**
 * Keeps a process alive when a Redis outage surfaces as a promise nobody awaits. Libraries do leave
 * such promises: BullMQ's `Job.waitUntilFinished` checks the job's state inside an async promise
 * executor, so losing Redis at that moment is an unhandled rejection, which ends a Node process.
 */
export function tolerateRedisOutages(warn: (fields: Record<string, unknown>) => void): void {
  if (outagesTolerated) return;
  outagesTolerated = true;
  process.on('unhandledRejection', (reason) => survivingRedisOutage(reason, warn));
}
