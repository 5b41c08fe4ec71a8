import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { apiKeyIndex, DEMO_API_KEYS, hashApiKey, type ApiKeyRecord } from '@hoptrace/access';
import { execOrThrow, REDIS, RUNTIME_CONFIG, type RuntimeConfig } from '@hoptrace/runtime';
import IORedis from 'ioredis';

const keyOf = (index: string) => `gateway:api_key:${index}`;

/** API keys, stored by the hash of their secret so that a Redis dump reveals none of them. */
@Injectable()
export class ApiKeyStore implements OnApplicationBootstrap {
  private readonly logger = new Logger(ApiKeyStore.name);

  constructor(
    @Inject(REDIS) private readonly redis: IORedis,
    @Inject(RUNTIME_CONFIG) private readonly config: RuntimeConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.seedDemoApiKeys) return;
    const pipeline = this.redis.pipeline();
    for (const { key, credits: _credits, ...grant } of DEMO_API_KEYS) {
      const record: ApiKeyRecord = { ...grant, secret_hash: hashApiKey(key) };
      pipeline.set(keyOf(apiKeyIndex(record.secret_hash)), JSON.stringify(record));
    }
    await execOrThrow(pipeline);
    this.logger.log(`seeded ${DEMO_API_KEYS.length} demo API keys`);
  }

  async find(presented: string): Promise<ApiKeyRecord | null> {
    const raw = await this.redis.get(keyOf(apiKeyIndex(hashApiKey(presented))));
    return raw ? (JSON.parse(raw) as ApiKeyRecord) : null;
  }
}
