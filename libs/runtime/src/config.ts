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
}

const integer = (name: string, fallback: number): number => {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive integer, got "${raw}"`);
  return value;
};

export function loadConfig(defaultPort: number): RuntimeConfig {
  const config: RuntimeConfig = {
    redisUrl: process.env.REDIS_URL ?? 'redis://localhost:6379',
    queuePrefix: process.env.QUEUE_PREFIX ?? 'hoptrace',
    port: integer('PORT', defaultPort),
    host: process.env.HOST ?? '0.0.0.0',
    gatewayReplyTimeoutMs: integer('GATEWAY_REPLY_TIMEOUT_MS', 10_000),
    billingReplyTimeoutMs: integer('BILLING_REPLY_TIMEOUT_MS', 5_000),
  };
  if (config.billingReplyTimeoutMs >= config.gatewayReplyTimeoutMs) {
    throw new Error('BILLING_REPLY_TIMEOUT_MS must be shorter than GATEWAY_REPLY_TIMEOUT_MS');
  }
  return config;
}
