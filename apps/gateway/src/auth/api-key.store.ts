import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { apiKeyIndex, DEMO_API_KEYS, hashApiKey, type ApiKeyRecord } from '@hoptrace/access';
import { execOrThrow, REDIS, SETTINGS } from '@hoptrace/runtime';
import type { GatewaySettings } from '../gateway.settings';
import IORedis from 'ioredis';
import { GATEWAY_SECRETS, type GatewaySecrets } from '../cards/gateway-secrets';

const keyOf = (index: string) => `gateway:api_key:${index}`;

/** API keys, stored by the hash of their secret so that a Redis dump reveals none of them. */
@Injectable()
export class ApiKeyStore implements OnApplicationBootstrap {
  private readonly logger = new Logger(ApiKeyStore.name);

  constructor(
    @Inject(REDIS) private readonly redis: IORedis,
    @Inject(SETTINGS) private readonly config: GatewaySettings,
    @Inject(GATEWAY_SECRETS) private readonly secrets: GatewaySecrets,
  ) {}

  /** Stores the keys of API_KEYS, and the demo keys where they are allowed; only their hashes, and logs only ids. */
  async onApplicationBootstrap(): Promise<void> {
    const keys = [...(this.config.seedDemoApiKeys ? DEMO_API_KEYS : []), ...this.secrets.apiKeys];
    if (keys.length === 0) return;
    const pipeline = this.redis.pipeline();
    for (const { key, id, name, customer, permissions, rate_limit_per_minute } of keys) {
      const record: ApiKeyRecord = {
        id,
        name,
        customer,
        permissions,
        ...(rate_limit_per_minute !== undefined ? { rate_limit_per_minute } : {}),
        secret_hash: hashApiKey(key),
      };
      pipeline.set(keyOf(apiKeyIndex(record.secret_hash)), JSON.stringify(record));
    }
    await execOrThrow(pipeline);
    this.logger.log({ msg: 'stored API keys', key_ids: keys.map((key) => key.id) });
  }

  async find(presented: string): Promise<ApiKeyRecord | null> {
    const raw = await this.redis.get(keyOf(apiKeyIndex(hashApiKey(presented))));
    return raw ? (JSON.parse(raw) as ApiKeyRecord) : null;
  }
}
