import type { RedisSentinel } from '@hoptrace/queue-transport';
import { LOG_LEVELS } from './logging';
import { custom, oneOf, positiveInteger, text, type Env, type SettingsOf } from './settings';

export type LogLevel = (typeof LOG_LEVELS)[number];

/** Where the queues and data live, shared with the CLI and the fault store: each default once. */
export const REDIS_URL = text('REDIS_URL', 'redis://localhost:6379');

/** Redis Sentinel's own default port, for a sentinel named without one. */
const SENTINEL_PORT = 26379;

/**
 * `host:port,host:port` (a port may be left out: 26379; an IPv6 host in brackets, `[::1]:26379`),
 * the form of a sentinel list in most deployments' settings, as ioredis' `sentinels` option.
 */
export function parseSentinelAddresses(raw: string, variable = 'REDIS_SENTINELS'): RedisSentinel['sentinels'] {
  return raw.split(',').map((entry) => {
    const address = entry.trim();
    const match = /^(?:\[([0-9a-fA-F:.]+)\]|([^\s:[\]/@]+))(?::([0-9]+))?$/.exec(address);
    if (!match) throw new Error(`${variable} must be host:port entries separated by commas, got "${entry}" in "${raw}"`);
    const port = match[3] === undefined ? SENTINEL_PORT : Number(match[3]);
    if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`${variable}: port ${match[3]} of "${address}" is not a TCP port`);
    return { host: match[1] ?? match[2], port };
  });
}

const given = (env: Env, variable: string): string | undefined => {
  const raw = env[variable];
  return raw === undefined || raw.trim() === '' ? undefined : raw;
};

/**
 * Redis behind Redis Sentinel, read from REDIS_SENTINELS (the sentinels, `host:port,...`),
 * REDIS_SENTINEL_NAME (the primary's name in their configuration), and, when they are protected,
 * REDIS_SENTINEL_PASSWORD (the sentinels') and REDIS_PASSWORD (the primary's and replicas'). The
 * names are ioredis' options (`sentinels`, `name`, `sentinelPassword`, `password`). Undefined
 * without REDIS_SENTINELS: REDIS_URL then names the one Redis, as before. Both at once name two
 * Redis, and which one was meant would be a guess: refused.
 */
export function readRedisSentinel(env: Env): RedisSentinel | undefined {
  const sentinels = given(env, 'REDIS_SENTINELS');
  const name = given(env, 'REDIS_SENTINEL_NAME');
  const sentinelPassword = given(env, 'REDIS_SENTINEL_PASSWORD');
  const password = given(env, 'REDIS_PASSWORD');
  if (sentinels === undefined) {
    const stray = [name && 'REDIS_SENTINEL_NAME', sentinelPassword && 'REDIS_SENTINEL_PASSWORD', password && 'REDIS_PASSWORD'].filter(Boolean);
    if (stray.length > 0) {
      throw new Error(`${stray.join(', ')} apply only with REDIS_SENTINELS (a password for REDIS_URL goes in the URL: redis://:password@host:port)`);
    }
    return undefined;
  }
  if (given(env, 'REDIS_URL') !== undefined) throw new Error('REDIS_URL and REDIS_SENTINELS both name a Redis: set one of them');
  if (name === undefined) throw new Error('REDIS_SENTINELS needs REDIS_SENTINEL_NAME, the name the sentinels monitor the primary under (sentinel monitor <name> ...)');
  return {
    sentinels: parseSentinelAddresses(sentinels),
    name: name.trim(),
    ...(sentinelPassword !== undefined ? { sentinelPassword } : {}),
    ...(password !== undefined ? { password } : {}),
  };
}

/** Redis Sentinel, when REDIS_SENTINELS is set (see readRedisSentinel). */
export const REDIS_SENTINEL = custom('REDIS_SENTINELS', readRedisSentinel);
/** The key prefix of every queue, so several systems can share one Redis. */
export const QUEUE_PREFIX = text('QUEUE_PREFIX', 'hoptrace');
/** The prefix a service uses when QUEUE_PREFIX is unset (the test systems', say). */
export const DEFAULT_QUEUE_PREFIX = QUEUE_PREFIX.read({});

/** What every service reads: where Redis is, its HTTP port (the service's own default), its log level. */
export const serviceSettings = (defaultPort: number) => ({
  redisUrl: REDIS_URL,
  /** When set, Redis is whichever server these sentinels name as primary, and redisUrl is not used. */
  redisSentinel: REDIS_SENTINEL,
  queuePrefix: QUEUE_PREFIX,
  /** HTTP port: the API for the gateway, health probes and /metrics for the others. */
  port: positiveInteger('PORT', defaultPort),
  host: text('HOST', '0.0.0.0'),
  /** The least severe level written to the log. */
  logLevel: oneOf('LOG_LEVEL', LOG_LEVELS, 'info'),
});

export type ServiceSettings = SettingsOf<ReturnType<typeof serviceSettings>>;

/**
 * What a service consuming a queue reads besides: a consumer's hold on a job without renewal, and
 * how often consumers look for jobs whose worker died. Together they bound how long a crashed
 * worker's jobs wait before another worker takes them.
 */
export const consumerSettings = {
  queueLockDurationMs: positiveInteger('QUEUE_LOCK_DURATION_MS', 30_000),
  queueStalledIntervalMs: positiveInteger('QUEUE_STALLED_INTERVAL_MS', 30_000),
};

export type ConsumerSettings = ServiceSettings & SettingsOf<typeof consumerSettings>;

/** How long the gateway waits for billing's answer. */
export const GATEWAY_REPLY_TIMEOUT_MS = positiveInteger('GATEWAY_REPLY_TIMEOUT_MS', 10_000);
/** How long billing waits for the processor; shorter than the gateway's, so billing can still answer. */
export const BILLING_REPLY_TIMEOUT_MS = positiveInteger('BILLING_REPLY_TIMEOUT_MS', 5_000);

/** The rule between the two: a billing that outlasted the gateway would have nobody left to answer. */
export function checkReplyTimeouts({ billingReplyTimeoutMs, gatewayReplyTimeoutMs }: { billingReplyTimeoutMs: number; gatewayReplyTimeoutMs: number }): void {
  if (billingReplyTimeoutMs >= gatewayReplyTimeoutMs) {
    throw new Error('BILLING_REPLY_TIMEOUT_MS must be shorter than GATEWAY_REPLY_TIMEOUT_MS');
  }
}

/**
 * The chain and token x402 payments are made in: what the gateway asks to be paid and the
 * facilitator's ledger holds. Base Sepolia and its test USDC: a demo never asks for real money.
 * x402's `exact` EVM scheme pays on EVM chains only, named by CAIP-2 id.
 */
export const X402_NETWORK = custom('X402_NETWORK', (env): `eip155:${number}` => {
  const raw = env.X402_NETWORK;
  if (raw === undefined || raw.trim() === '') return 'eip155:84532';
  if (!/^eip155:[1-9][0-9]*$/.test(raw)) throw new Error(`X402_NETWORK must be a CAIP-2 EVM network id such as eip155:84532, got "${raw}"`);
  return raw as `eip155:${number}`;
});
export const X402_ASSET = text('X402_ASSET', '0x036CbD53842c5426634e7929541eC2318f3dCF7e');

/** Seed the public demo data (API keys, wallets). Always in development; in production only when asked to. */
export const SEED_DEMO_DATA = custom('DEMO_API_KEYS', (env) => env.NODE_ENV !== 'production' || env.DEMO_API_KEYS === 'true');
