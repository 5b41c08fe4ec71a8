import { defineSettings, SEED_DEMO_DATA, serviceSettings, X402_ASSET, X402_NETWORK, type SettingsOf } from '@hoptrace/runtime';

/** What the facilitator reads from its environment: the token its ledger holds, as the gateway asks for it. */
export const facilitatorSettings = defineSettings({
  ...serviceSettings(3004),
  x402Network: X402_NETWORK,
  x402Asset: X402_ASSET,
  /** Fund the public demo wallets, where the demo API keys are seeded. */
  seedDemoWallets: SEED_DEMO_DATA,
});

export type FacilitatorSettings = SettingsOf<typeof facilitatorSettings.schema>;
