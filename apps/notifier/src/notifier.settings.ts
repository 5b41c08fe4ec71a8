import { consumerSettings, defineSettings, serviceSettings, type SettingsOf } from '@hoptrace/runtime';
import { webhookSettingsSchema } from './webhooks/webhook-settings';

/** What the notifier reads from its environment. */
export const notifierSettings = defineSettings({
  ...serviceSettings(3003),
  ...consumerSettings,
  webhooks: webhookSettingsSchema,
});

export type NotifierSettings = SettingsOf<typeof notifierSettings.schema>;
