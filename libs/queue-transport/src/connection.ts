import IORedis, { type RedisOptions } from 'ioredis';

export interface QueueConnectionOptions {
  /** redis://[user:password@]host:port[/db] */
  redisUrl: string;
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
 * The one way a Redis connection is made. `lazyConnect` leaves connecting to the caller
 * (`await redis.connect()`), who then knows that the first command will not meet a connection
 * still opening: with the offline queue off, such a command fails rather than waits.
 */
export function createRedis(url: string, role: RedisRole, { lazyConnect = false }: { lazyConnect?: boolean } = {}): IORedis {
  return new IORedis(url, { ...ROLE_OPTIONS[role], lazyConnect });
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
const UNAVAILABLE_MESSAGES = [/^Stream isn't writeable/, /^Connection is closed/, /max retries per request limit/i];
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
