import { LOG_LEVELS } from './logging';

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
  credits: { priceInCents: number; x402Network: string; x402Asset: string; x402PayTo: string; x402UnitsPerCredit: number };
  /** Seed the public demo API keys. Always in development; in production only when asked to. */
  seedDemoApiKeys: boolean;
  /** The least severe level written to the log: LOG_LEVEL, `info` by default. */
  logLevel: LogLevel;
}

const integer = (name: string, fallback: number): number => {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive integer, got "${raw}"`);
  return value;
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
      x402Network: process.env.X402_NETWORK ?? 'eip155:84532',
      x402Asset: process.env.X402_ASSET ?? '0x036CbD53842c5426634e7929541eC2318f3dCF7e',
      x402PayTo: process.env.X402_PAY_TO ?? '0x000000000000000000000000000000000000dEaD',
      x402UnitsPerCredit: integer('X402_UNITS_PER_CREDIT', 10_000),
    },
    seedDemoApiKeys: process.env.NODE_ENV !== 'production' || process.env.DEMO_API_KEYS === 'true',
    logLevel: logLevel(),
  };
  if (config.billingReplyTimeoutMs >= config.gatewayReplyTimeoutMs) {
    throw new Error('BILLING_REPLY_TIMEOUT_MS must be shorter than GATEWAY_REPLY_TIMEOUT_MS');
  }
  return config;
}
