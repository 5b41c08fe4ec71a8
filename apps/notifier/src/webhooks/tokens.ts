/** The WebhookSettings read at start-up (webhook-settings.ts). */
export const WEBHOOK_SETTINGS = Symbol('WEBHOOK_SETTINGS');
