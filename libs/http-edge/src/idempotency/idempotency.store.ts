import { Inject, Injectable } from '@nestjs/common';
import {
  IDEMPOTENCY_TTL_SECONDS,
  idempotencyRedisKey,
  IN_FLIGHT_TTL_SECONDS,
  type IdempotencyRecord,
} from '@hoptrace/idempotency';
import { REDIS } from '@hoptrace/runtime';
import IORedis from 'ioredis';

/** Idempotency keys and the answers they keep, shared by every gateway replica through Redis. */
@Injectable()
export class IdempotencyStore {
  constructor(@Inject(REDIS) private readonly redis: IORedis) {}

  /** Claims the key for `claim` atomically; returns what the key already held, or null if claimed. */
  async claim(apiKeyId: string, key: string, claim: IdempotencyRecord): Promise<IdempotencyRecord | null> {
    const redisKey = idempotencyRedisKey(apiKeyId, key);
    const claimed = await this.redis.set(redisKey, JSON.stringify(claim), 'EX', IN_FLIGHT_TTL_SECONDS, 'NX');
    if (claimed === 'OK') return null;
    const existing = await this.redis.get(redisKey);
    // Expired between the two commands: nobody holds it any more, so try once more.
    return existing ? (JSON.parse(existing) as IdempotencyRecord) : this.claim(apiKeyId, key, claim);
  }

  async complete(apiKeyId: string, key: string, record: IdempotencyRecord): Promise<void> {
    await this.redis.set(idempotencyRedisKey(apiKeyId, key), JSON.stringify(record), 'EX', IDEMPOTENCY_TTL_SECONDS);
  }

  async release(apiKeyId: string, key: string): Promise<void> {
    await this.redis.del(idempotencyRedisKey(apiKeyId, key));
  }
}
