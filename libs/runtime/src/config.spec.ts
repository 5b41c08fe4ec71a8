import { loadConfig } from './config';

describe('loadConfig', () => {
  const saved = { ...process.env };
  const VARIABLES = [
    'REDIS_URL',
    'QUEUE_PREFIX',
    'PORT',
    'HOST',
    'GATEWAY_REPLY_TIMEOUT_MS',
    'BILLING_REPLY_TIMEOUT_MS',
    'QUEUE_LOCK_DURATION_MS',
    'QUEUE_STALLED_INTERVAL_MS',
    'PAYMENT_RATE_LIMIT_PER_MINUTE',
    'NODE_ENV',
    'DEMO_API_KEYS',
    'CREDIT_PRICE_CENTS',
    'X402_NETWORK',
    'X402_ASSET',
    'X402_PAY_TO',
    'X402_UNITS_PER_CREDIT',
    'LOG_LEVEL',
  ];

  beforeEach(() => {
    for (const name of VARIABLES) delete process.env[name];
  });

  afterAll(() => {
    process.env = saved;
  });

  it('falls back to local defaults and the service port it is given', () => {
    expect(loadConfig(3002)).toEqual({
      redisUrl: 'redis://localhost:6379',
      queuePrefix: 'hoptrace',
      port: 3002,
      host: '0.0.0.0',
      gatewayReplyTimeoutMs: 10_000,
      billingReplyTimeoutMs: 5_000,
      queueLockDurationMs: 30_000,
      queueStalledIntervalMs: 30_000,
      paymentRateLimitPerMinute: 600,
      seedDemoApiKeys: true,
      logLevel: 'info',
      credits: {
        priceInCents: 1,
        x402Network: 'eip155:84532',
        x402Asset: '0x036CbD53842c5426634e7929541eC2318f3dCF7e',
        x402PayTo: '0x000000000000000000000000000000000000dEaD',
        x402UnitsPerCredit: 10_000,
      },
    });
  });

  it('reads every setting from the environment', () => {
    Object.assign(process.env, {
      REDIS_URL: 'redis://redis:6379/2',
      QUEUE_PREFIX: 'staging',
      PORT: '8080',
      HOST: '127.0.0.1',
      GATEWAY_REPLY_TIMEOUT_MS: '3000',
      BILLING_REPLY_TIMEOUT_MS: '2000',
      QUEUE_LOCK_DURATION_MS: '5000',
      QUEUE_STALLED_INTERVAL_MS: '2500',
      PAYMENT_RATE_LIMIT_PER_MINUTE: '5',
      LOG_LEVEL: 'debug',
      CREDIT_PRICE_CENTS: '5',
      X402_NETWORK: 'eip155:8453',
      X402_ASSET: '0xasset',
      X402_PAY_TO: '0xmerchant',
      X402_UNITS_PER_CREDIT: '50000',
    });
    expect(loadConfig(3000)).toEqual({
      redisUrl: 'redis://redis:6379/2',
      queuePrefix: 'staging',
      port: 8080,
      host: '127.0.0.1',
      gatewayReplyTimeoutMs: 3000,
      billingReplyTimeoutMs: 2000,
      queueLockDurationMs: 5000,
      queueStalledIntervalMs: 2500,
      paymentRateLimitPerMinute: 5,
      seedDemoApiKeys: true,
      logLevel: 'debug',
      credits: {
        priceInCents: 5,
        x402Network: 'eip155:8453',
        x402Asset: '0xasset',
        x402PayTo: '0xmerchant',
        x402UnitsPerCredit: 50_000,
      },
    });
  });

  it('seeds the public demo API keys in production only when explicitly asked to', () => {
    process.env.NODE_ENV = 'production';
    expect(loadConfig(3000).seedDemoApiKeys).toBe(false);
    process.env.DEMO_API_KEYS = 'true';
    expect(loadConfig(3000).seedDemoApiKeys).toBe(true);
  });

  it.each(['verbose', 'loud', '30'])('refuses LOG_LEVEL=%p, which pino would refuse at start-up', (value) => {
    process.env.LOG_LEVEL = value;
    expect(() => loadConfig(3000)).toThrow(/LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent/);
  });

  it('reads LOG_LEVEL case-insensitively', () => {
    process.env.LOG_LEVEL = ' WARN ';
    expect(loadConfig(3000).logLevel).toBe('warn');
  });

  it.each(['abc', '-1', '0', '1.5'])('refuses PORT=%p rather than guessing', (value) => {
    process.env.PORT = value;
    expect(() => loadConfig(3000)).toThrow(/PORT must be a positive integer/);
  });

  it('refuses a billing timeout that would outlast the gateway, which would then answer first', () => {
    process.env.GATEWAY_REPLY_TIMEOUT_MS = '5000';
    process.env.BILLING_REPLY_TIMEOUT_MS = '5000';
    expect(() => loadConfig(3000)).toThrow(/BILLING_REPLY_TIMEOUT_MS must be shorter/);
  });
});
