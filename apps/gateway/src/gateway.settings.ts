import { custom, defineSettings, GATEWAY_REPLY_TIMEOUT_MS, positiveInteger, serviceSettings, text, type SettingsOf } from '@hoptrace/runtime';
import { loadGatewaySecrets } from './cards/gateway-secrets';

/**
 * What the gateway reads from its environment. In production a missing secret (CARD_VAULT_KEY,
 * API_KEYS) throws while it is read, and the gateway does not start.
 */
export const gatewaySettings = defineSettings({
  ...serviceSettings(3000),
  gatewayReplyTimeoutMs: GATEWAY_REPLY_TIMEOUT_MS,
  /** Payment requests (charges, credit top-ups) one API key may make per minute, across all gateways. */
  paymentRateLimitPerMinute: positiveInteger('PAYMENT_RATE_LIMIT_PER_MINUTE', 600),
  /** Pay-per-call credit: its price in USD cents, and how x402 clients may pay on chain instead. */
  credits: {
    priceInCents: positiveInteger('CREDIT_PRICE_CENTS', 1),
    // Base Sepolia and its test USDC: a demo never asks for real money.
    x402Network: text('X402_NETWORK', 'eip155:84532'),
    x402Asset: text('X402_ASSET', '0x036CbD53842c5426634e7929541eC2318f3dCF7e'),
    x402PayTo: text('X402_PAY_TO', '0x000000000000000000000000000000000000dEaD'),
    x402UnitsPerCredit: positiveInteger('X402_UNITS_PER_CREDIT', 10_000),
  },
  /** Seed the public demo API keys. Always in development; in production only when asked to. */
  seedDemoApiKeys: custom('DEMO_API_KEYS', (env) => env.NODE_ENV !== 'production' || env.DEMO_API_KEYS === 'true'),
  secrets: custom('CARD_VAULT_KEY, API_KEYS', loadGatewaySecrets),
});

export type GatewaySettings = SettingsOf<typeof gatewaySettings.schema>;
