import { custom, defineSettings, positiveInteger, secretKey, type Env, type SecretKey, type SecretKeySpec, type SettingsOf } from '@hoptrace/runtime';

/** Retries after a failed attempt, in order: 5 s, 30 s, 2 min, 10 min, 1 h (six attempts in all). */
export const DEFAULT_RETRY_SCHEDULE_MS: readonly number[] = [5_000, 30_000, 120_000, 600_000, 3_600_000];
/** How long one attempt may take, connection to last byte of the status line. */
export const DEFAULT_DELIVERY_TIMEOUT_MS = 5_000;

/** The key that encrypts webhook signing secrets at rest: WEBHOOK_SECRETS_KEY, read as every secret key is. */
export const WEBHOOK_SECRETS_KEY: SecretKeySpec = {
  name: 'WEBHOOK_SECRETS_KEY',
  // The seed of the development key since webhooks exist: a development Redis stays readable.
  developmentSeed: 'hoptrace development webhook secrets key (public, never for production)',
  purpose: 'encrypts webhook signing secrets at rest',
};

export const webhookSecretsKey = (env: Env): SecretKey => secretKey(WEBHOOK_SECRETS_KEY, env);

/**
 * WEBHOOK_RETRY_SCHEDULE_MS: the waits before each retry, in milliseconds, comma-separated
 * ("5000,30000"); the default schedule when unset. Each is a positive integer; there is at least one.
 */
export function retrySchedule(raw: string | undefined): readonly number[] {
  if (raw === undefined || raw.trim() === '') return DEFAULT_RETRY_SCHEDULE_MS;
  const delays = raw.split(',').map((part) => part.trim());
  if (delays.some((delay) => !/^[1-9][0-9]{0,9}$/.test(delay))) {
    throw new Error(`WEBHOOK_RETRY_SCHEDULE_MS must be a comma-separated list of positive integers (milliseconds), got "${raw}"`);
  }
  return delays.map(Number);
}

/**
 * What the notifier reads for webhooks: the key of the signing secrets at rest (in production,
 * without WEBHOOK_SECRETS_KEY, the notifier does not start), the retry schedule, and how long one
 * attempt may take.
 */
export const webhookSettingsSchema = {
  /** AES-256 key of the signing secrets at rest. */
  secretsKey: custom(WEBHOOK_SECRETS_KEY.name, (env) => webhookSecretsKey(env).key),
  /** True when no WEBHOOK_SECRETS_KEY was given and the development key stands in for it. */
  developmentKey: custom(WEBHOOK_SECRETS_KEY.name, (env) => webhookSecretsKey(env).development),
  retryScheduleMs: custom('WEBHOOK_RETRY_SCHEDULE_MS', (env) => retrySchedule(env.WEBHOOK_RETRY_SCHEDULE_MS)),
  timeoutMs: positiveInteger('WEBHOOK_TIMEOUT_MS', DEFAULT_DELIVERY_TIMEOUT_MS),
};

export type WebhookSettings = SettingsOf<typeof webhookSettingsSchema>;

const webhookSettings = defineSettings(webhookSettingsSchema);

export const loadWebhookSettings = (env: Env = process.env): WebhookSettings => webhookSettings.read(env);
