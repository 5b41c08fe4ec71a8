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
