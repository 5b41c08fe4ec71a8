import { createHash } from 'node:crypto';
import { LOG_LEVELS } from './logging';
import { parseTransport, type TransportKind } from './transport';

export type LogLevel = (typeof LOG_LEVELS)[number];

/** Everything a service reads from its environment, read in one place with its default. */
export interface RuntimeConfig {
  redisUrl: string;
  queuePrefix: string;
  /** HTTP port: the API for the gateway, health probes for the others. */
  port: number;
  host: string;
  /** How long the gateway waits for billing's answer. */
  gatewayReplyTimeoutMs: number;
  /** How long billing waits for the processor; shorter than the gateway's, so billing can still answer. */
  billingReplyTimeoutMs: number;
  /**
   * A consumer's hold on a job without renewal, and how often consumers look for jobs whose worker
   * died: together they bound how long a crashed worker's jobs wait before another worker takes them.
   */
  queueLockDurationMs: number;
  queueStalledIntervalMs: number;
  /** Payment requests (charges, credit top-ups) one API key may make per minute, across all gateways. */
  paymentRateLimitPerMinute: number;
  /** Pay-per-call credit: its price in USD cents, and how x402 clients may pay on chain instead. */
  credits: { priceInCents: number; x402Network: `eip155:${number}`; x402Asset: string; x402PayTo: string; x402UnitsPerCredit: number };
  /** The x402 facilitator that verifies and settles payments of metered calls, and how long it may take. */
  facilitator: { url: string; timeoutMs: number };
  /** Seed the public demo API keys. Always in development; in production only when asked to. */
  seedDemoApiKeys: boolean;
  /** The least severe level written to the log: LOG_LEVEL, `info` by default. */
  logLevel: LogLevel;
  /**
   * How the payment flow's request/reply hops (gateway→billing, billing→payment-processor) travel:
   * HOPTRACE_TRANSPORT, `bullmq` by default. `redis` and `http` exist for the benchmark's comparison.
   */
  transport: TransportKind;
  /** Base URLs of the services the `http` transport calls, by their queue name. */
  serviceUrls: Record<string, string>;
}

const integer = (name: string, fallback: number): number => {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive integer, got "${raw}"`);
  return value;
};

/** A CAIP-2 id of an EVM chain, the only kind x402's `exact` EVM scheme pays on. */
const evmNetwork = (name: string, fallback: `eip155:${number}`): `eip155:${number}` => {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^eip155:[1-9][0-9]*$/.test(raw)) throw new Error(`${name} must be a CAIP-2 EVM network id such as eip155:84532, got "${raw}"`);
  return raw as `eip155:${number}`;
};

const logLevel = (): LogLevel => {
  const raw = process.env.LOG_LEVEL;
  if (raw === undefined || raw === '') return 'info';
  const level = LOG_LEVELS.find((known) => known === raw.trim().toLowerCase());
  if (!level) throw new Error(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${raw}"`);
  return level;
};

export function loadConfig(defaultPort: number): RuntimeConfig {
  const config: RuntimeConfig = {
    redisUrl: process.env.REDIS_URL ?? 'redis://localhost:6379',
    queuePrefix: process.env.QUEUE_PREFIX ?? 'hoptrace',
    port: integer('PORT', defaultPort),
    host: process.env.HOST ?? '0.0.0.0',
    gatewayReplyTimeoutMs: integer('GATEWAY_REPLY_TIMEOUT_MS', 10_000),
    billingReplyTimeoutMs: integer('BILLING_REPLY_TIMEOUT_MS', 5_000),
    queueLockDurationMs: integer('QUEUE_LOCK_DURATION_MS', 30_000),
    queueStalledIntervalMs: integer('QUEUE_STALLED_INTERVAL_MS', 30_000),
    paymentRateLimitPerMinute: integer('PAYMENT_RATE_LIMIT_PER_MINUTE', 600),
    credits: {
      priceInCents: integer('CREDIT_PRICE_CENTS', 1),
      // Base Sepolia and its test USDC: a demo never asks for real money.
      x402Network: evmNetwork('X402_NETWORK', 'eip155:84532'),
      x402Asset: process.env.X402_ASSET ?? '0x036CbD53842c5426634e7929541eC2318f3dCF7e',
      x402PayTo: process.env.X402_PAY_TO ?? '0x000000000000000000000000000000000000dEaD',
      x402UnitsPerCredit: integer('X402_UNITS_PER_CREDIT', 10_000),
    },
    facilitator: { url: process.env.FACILITATOR_URL || 'http://localhost:3004', timeoutMs: integer('FACILITATOR_TIMEOUT_MS', 5_000) },
    seedDemoApiKeys: process.env.NODE_ENV !== 'production' || process.env.DEMO_API_KEYS === 'true',
    logLevel: logLevel(),
    transport: parseTransport(process.env.HOPTRACE_TRANSPORT),
    serviceUrls: {
      billing: process.env.BILLING_URL || 'http://localhost:3001',
      'payment-processor': process.env.PAYMENT_PROCESSOR_URL || 'http://localhost:3002',
    },
  };
  if (config.billingReplyTimeoutMs >= config.gatewayReplyTimeoutMs) {
    throw new Error('BILLING_REPLY_TIMEOUT_MS must be shorter than GATEWAY_REPLY_TIMEOUT_MS');
  }
  return config;
}

type Env = Readonly<Record<string, string | undefined>>;

/** A 32-byte key a service reads from its environment, with the public stand-in development uses. */
export interface SecretKeySpec {
  /** The environment variable. */
  name: string;
  /** Hashed into the development key: fixed, so a development Redis stays readable after a restart. */
  developmentSeed: string;
  /** What the key does, completing "It ...", for the error that stops a production start without it. */
  purpose: string;
}

export interface SecretKey {
  key: Buffer;
  /** True when the variable was unset and the public development key stands in for it. */
  development: boolean;
}

export const isProduction = (env: Env = process.env): boolean => env.NODE_ENV === 'production';

const developmentKey = (spec: SecretKeySpec): Buffer => createHash('sha256').update(spec.developmentSeed).digest();

/**
 * A symmetric key: 32 bytes written as 64 hex digits or as base64 (standard or URL-safe). Unset,
 * outside production, the public development key (`development: true`, for the caller to warn
 * about). With NODE_ENV=production an unset key, or the development key given explicitly, throws:
 * the service refuses to start rather than protect anything with a key everyone knows. The value is
 * never part of a message.
 */
export function secretKey(spec: SecretKeySpec, env: Env = process.env): SecretKey {
  const raw = env[spec.name]?.trim();
  if (!raw) {
    if (isProduction(env)) {
      throw new Error(
        `${spec.name} is required in production: 32 random bytes as hex or base64 (openssl rand -hex 32). ` +
          `It ${spec.purpose}; this service will not start without it.`,
      );
    }
    return { key: developmentKey(spec), development: true };
  }
  let key: Buffer | undefined;
  if (/^[0-9a-fA-F]{64}$/.test(raw)) key = Buffer.from(raw, 'hex');
  else if (/^[A-Za-z0-9+/_-]{43}={0,1}$/.test(raw)) key = Buffer.from(raw, /[-_]/.test(raw) ? 'base64url' : 'base64');
  if (!key || key.length !== 32) {
    throw new Error(`${spec.name} must be 32 bytes, written as 64 hex digits or as base64 (openssl rand -hex 32)`);
  }
  if (isProduction(env) && key.equals(developmentKey(spec))) {
    throw new Error(`${spec.name} is the public development key, which is refused in production: set your own (openssl rand -hex 32)`);
  }
  return { key, development: false };
}

/**
 * The key the gateway seals raw card numbers and CVCs with for the processor (AES-256-GCM), held by
 * those two services only.
 */
export const CARD_VAULT_KEY: SecretKeySpec = {
  name: 'CARD_VAULT_KEY',
  developmentSeed: 'hoptrace development card vault key (public, never for production)',
  purpose: 'seals card numbers and CVCs between the gateway and the payment processor',
};
