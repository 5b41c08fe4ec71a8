import { gatewaySettings } from './gateway.settings';

describe('the gateway settings', () => {
  it('falls back to the gateway defaults', () => {
    const { secrets: _secrets, ...settings } = gatewaySettings.read({});
    expect(settings).toEqual({
      redisUrl: 'redis://localhost:6379',
      queuePrefix: 'hoptrace',
      port: 3000,
      host: '0.0.0.0',
      gatewayReplyTimeoutMs: 10_000,
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
      facilitator: { url: 'http://localhost:3004', timeoutMs: 5_000 },
    });
  });

  it('reads every gateway setting from the environment', () => {
    const settings = gatewaySettings.read({
      GATEWAY_REPLY_TIMEOUT_MS: '3000',
      PAYMENT_RATE_LIMIT_PER_MINUTE: '5',
      CREDIT_PRICE_CENTS: '5',
      X402_NETWORK: 'eip155:8453',
      X402_ASSET: '0xasset',
      X402_PAY_TO: '0xmerchant',
      X402_UNITS_PER_CREDIT: '50000',
      FACILITATOR_URL: 'http://facilitator:3004',
      FACILITATOR_TIMEOUT_MS: '2500',
    });
    expect(settings).toMatchObject({
      gatewayReplyTimeoutMs: 3000,
      paymentRateLimitPerMinute: 5,
      seedDemoApiKeys: true,
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
    expect(() => gatewaySettings.read({ X402_NETWORK: value })).toThrow(/X402_NETWORK must be a CAIP-2 EVM network id/);
  });

  it('seeds the public demo API keys in production only when explicitly asked to', () => {
    const apiKeys = [{ id: 'key_orders', key: 'sk_live_0123456789abcdefghijklmn', customer: 'cus_orders', permissions: ['charges:write'] }];
    const production = { NODE_ENV: 'production', CARD_VAULT_KEY: 'ab'.repeat(32), API_KEYS: JSON.stringify(apiKeys) };
    expect(gatewaySettings.read(production).seedDemoApiKeys).toBe(false);
    expect(gatewaySettings.read({ ...production, DEMO_API_KEYS: 'true' }).seedDemoApiKeys).toBe(true);
  });

  it('refuses to start in production without its card vault key, naming it', () => {
    expect(() => gatewaySettings.read({ NODE_ENV: 'production' })).toThrow(/^CARD_VAULT_KEY is required in production/);
  });
});
