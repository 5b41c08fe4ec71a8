import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { DEMO_API_KEYS } from '@hoptrace/access';
import { execOrThrow, REDIS, SETTINGS } from '@hoptrace/runtime';
import type { GatewaySettings } from '../gateway.settings';
import IORedis from 'ioredis';

const balanceKey = (apiKeyId: string) => `gateway:credits:${apiKeyId}`;
const usageKey = (apiKeyId: string) => `gateway:credit_usage:${apiKeyId}`;
const KEEP_USAGE = 100;

/**
 * Spends `cost` only if the balance covers it, in one step: two gateway replicas can never both
 * spend the last credit. Returns the new balance, or -1 - balance when it did not cover the cost.
 */
const SPEND = `
local balance = tonumber(redis.call('GET', KEYS[1]) or '0')
local cost = tonumber(ARGV[1])
if balance < cost then return -1 - balance end
return redis.call('DECRBY', KEYS[1], cost)
`;

export interface CreditUsage {
  resource: string;
  credits: number;
  at: number;
}

export type SpendResult = { spent: true; balance: number } | { spent: false; balance: number };

/** Prepaid credit per API key, in Redis so that every gateway replica spends from one balance. */
@Injectable()
export class CreditLedger implements OnApplicationBootstrap {
  constructor(
    @Inject(REDIS) private readonly redis: IORedis,
    @Inject(SETTINGS) private readonly config: GatewaySettings,
  ) {}

  /** Gives the demo keys their starting balance once; a restart never refills a spent balance. */
  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.seedDemoApiKeys) return;
    const pipeline = this.redis.pipeline();
    for (const { id, credits } of DEMO_API_KEYS) pipeline.set(balanceKey(id), credits, 'NX');
    await execOrThrow(pipeline);
  }

  async spend(apiKeyId: string, resource: string, cost: number): Promise<SpendResult> {
    const result = Number(await this.redis.eval(SPEND, 1, balanceKey(apiKeyId), cost));
    if (result < 0) return { spent: false, balance: -1 - result };
    const usage: CreditUsage = { resource, credits: cost, at: Math.floor(Date.now() / 1000) };
    await execOrThrow(
      this.redis.multi().lpush(usageKey(apiKeyId), JSON.stringify(usage)).ltrim(usageKey(apiKeyId), 0, KEEP_USAGE - 1),
    );
    return { spent: true, balance: result };
  }

  async balance(apiKeyId: string): Promise<number> {
    return Number((await this.redis.get(balanceKey(apiKeyId))) ?? 0);
  }

  async topUp(apiKeyId: string, credits: number): Promise<number> {
    return this.redis.incrby(balanceKey(apiKeyId), credits);
  }

  async usage(apiKeyId: string): Promise<CreditUsage[]> {
    return (await this.redis.lrange(usageKey(apiKeyId), 0, KEEP_USAGE - 1)).map((raw) => JSON.parse(raw) as CreditUsage);
  }
}
