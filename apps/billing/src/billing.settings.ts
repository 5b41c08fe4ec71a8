import {
  BILLING_REPLY_TIMEOUT_MS,
  checkReplyTimeouts,
  consumerSettings,
  defineSettings,
  GATEWAY_REPLY_TIMEOUT_MS,
  serviceSettings,
  type SettingsOf,
} from '@hoptrace/runtime';

/** What billing reads from its environment. The gateway's timeout only to check its own against it. */
export const billingSettings = defineSettings(
  {
    ...serviceSettings(3001),
    ...consumerSettings,
    billingReplyTimeoutMs: BILLING_REPLY_TIMEOUT_MS,
    gatewayReplyTimeoutMs: GATEWAY_REPLY_TIMEOUT_MS,
  },
  checkReplyTimeouts,
);

export type BillingSettings = SettingsOf<typeof billingSettings.schema>;
