import { CARD_VAULT_KEY, loadConfig, secretKey } from './config';

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
    'HOPTRACE_TRANSPORT',
    'BILLING_URL',
    'PAYMENT_PROCESSOR_URL',
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
      transport: 'bullmq',
      serviceUrls: { billing: 'http://localhost:3001', 'payment-processor': 'http://localhost:3002' },
      credits: {
        priceInCents: 1,
        x402Network: 'eip155:84532',
        x402Asset: '0x036CbD53842c5426634e7929541eC2318f3dCF7e',
        x402PayTo: '0x000000000000000000000000000000000000dEaD',
        x402UnitsPerCredit: 10_000,
      },
      facilitator: { url: 'http://localhost:3004', timeoutMs: 5_000 },
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
      HOPTRACE_TRANSPORT: 'http',
      BILLING_URL: 'http://billing:3001',
      PAYMENT_PROCESSOR_URL: 'http://payment-processor:3002',
      FACILITATOR_URL: 'http://facilitator:3004',
      FACILITATOR_TIMEOUT_MS: '2500',
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
      transport: 'http',
      serviceUrls: { billing: 'http://billing:3001', 'payment-processor': 'http://payment-processor:3002' },
      credits: {
        priceInCents: 5,
        x402Network: 'eip155:8453',
        x402Asset: '0xasset',
        x402PayTo: '0xmerchant',
        x402UnitsPerCredit: 50_000,
      },
      facilitator: { url: 'http://facilitator:3004', timeoutMs: 2500 },
    });
  });

  it.each(['base-sepolia', 'eip155:', 'solana:5eykt4UsFv8P8NJdTREpY1vzqKqZKvdp'])('refuses X402_NETWORK=%p: x402 pays on EVM chains, named by CAIP-2 id', (value) => {
    process.env.X402_NETWORK = value;
    expect(() => loadConfig(3000)).toThrow(/X402_NETWORK must be a CAIP-2 EVM network id/);
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

describe('secretKey', () => {
  const SPEC = { name: 'CARD_VAULT_KEY', developmentSeed: 'test seed (public)', purpose: 'seals test cards' };
  const KEY = Buffer.alloc(32, 0xab);

  it('reads 32 bytes as hex or base64, in production too', () => {
    for (const written of [KEY.toString('hex'), KEY.toString('base64'), KEY.toString('base64url')]) {
      expect(secretKey(SPEC, { CARD_VAULT_KEY: written, NODE_ENV: 'production' })).toEqual({ key: KEY, development: false });
    }
  });

  it.each([undefined, 'development', 'test'])('stands in the fixed public development key with NODE_ENV=%p, and says so', (nodeEnv) => {
    const first = secretKey(SPEC, { NODE_ENV: nodeEnv });
    expect(first.development).toBe(true);
    expect(first.key).toHaveLength(32);
    expect(secretKey(SPEC, { NODE_ENV: nodeEnv }).key.equals(first.key)).toBe(true);
  });

  it.each(['', '   '])('refuses to start in production without the key (%p), naming it and what it protects', (value) => {
    expect(() => secretKey(SPEC, { NODE_ENV: 'production', CARD_VAULT_KEY: value })).toThrow(
      /^CARD_VAULT_KEY is required in production: .*It seals test cards; this service will not start without it\.$/,
    );
  });

  it('refuses the public development key in production even when it is given explicitly', () => {
    const developmentKey = secretKey(SPEC, {}).key.toString('hex');
    expect(() => secretKey(SPEC, { NODE_ENV: 'production', CARD_VAULT_KEY: developmentKey })).toThrow(/public development key/);
  });

  it.each(['abc', 'a'.repeat(63), Buffer.alloc(16).toString('hex'), Buffer.alloc(31).toString('base64')])(
    'refuses a key that is not 32 bytes, without quoting it',
    (written) => {
      let message = '';
      try {
        secretKey(SPEC, { CARD_VAULT_KEY: written });
      } catch (error) {
        message = (error as Error).message;
      }
      expect(message).toMatch(/CARD_VAULT_KEY must be 32 bytes/);
      expect(message).not.toContain(written);
    },
  );

  it('the card vault key is CARD_VAULT_KEY, with a development key of its own', () => {
    expect(CARD_VAULT_KEY.name).toBe('CARD_VAULT_KEY');
    expect(secretKey(CARD_VAULT_KEY, {}).key.equals(secretKey(SPEC, {}).key)).toBe(false);
  });
});
