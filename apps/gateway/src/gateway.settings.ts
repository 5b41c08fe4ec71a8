import {
  custom,
  defineSettings,
  GATEWAY_REPLY_TIMEOUT_MS,
  positiveInteger,
  SEED_DEMO_DATA,
  serviceSettings,
  text,
  X402_ASSET,
  X402_NETWORK,
  type SettingsOf,
} from '@hoptrace/runtime';
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
    x402Network: X402_NETWORK,
    x402Asset: X402_ASSET,
    x402PayTo: text('X402_PAY_TO', '0x000000000000000000000000000000000000dEaD'),
    x402UnitsPerCredit: positiveInteger('X402_UNITS_PER_CREDIT', 10_000),
  },
  /** The x402 facilitator that verifies and settles payments of metered calls, and how long it may take. */
  facilitator: {
    url: text('FACILITATOR_URL', 'http://localhost:3004'),
    timeoutMs: positiveInteger('FACILITATOR_TIMEOUT_MS', 5_000),
  },
  /** Seed the public demo API keys. */
  seedDemoApiKeys: SEED_DEMO_DATA,
  secrets: custom('CARD_VAULT_KEY, API_KEYS', loadGatewaySecrets),
});

export type GatewaySettings = SettingsOf<typeof gatewaySettings.schema>;
