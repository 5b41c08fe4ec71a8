import { CARD_VAULT_KEY, consumerSettings, custom, defineSettings, secretKey, serviceSettings, type SettingsOf } from '@hoptrace/runtime';

/** What the payment processor reads from its environment: in production, without CARD_VAULT_KEY, it does not start. */
export const processorSettings = defineSettings({
  ...serviceSettings(3002),
  ...consumerSettings,
  cardVaultKey: custom(CARD_VAULT_KEY.name, (env) => secretKey(CARD_VAULT_KEY, env)),
});

export type ProcessorSettings = SettingsOf<typeof processorSettings.schema>;
