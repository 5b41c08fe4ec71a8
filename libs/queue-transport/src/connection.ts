import IORedis, { type RedisOptions } from 'ioredis';

export interface QueueConnectionOptions {
  /** redis://host:port/db */
  redisUrl: string;
  /** Key prefix of every queue, so several systems can share one Redis. */
  prefix?: string;
}

export const DEFAULT_PREFIX = 'hoptrace';

/**
 * A Redis connection for BullMQ. Workers and QueueEvents block on Redis and need
 * `maxRetriesPerRequest: null`; producers instead fail fast while Redis is unreachable, so a caller
 * gets an answer rather than a request parked in ioredis' offline queue.
 */
export function createRedis(url: string, role: 'blocking' | 'producer'): IORedis {
  const options: RedisOptions =
    role === 'blocking'
      ? { maxRetriesPerRequest: null }
      : { maxRetriesPerRequest: 1, enableOfflineQueue: false };
  return new IORedis(url, { ...options, lazyConnect: false });
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
