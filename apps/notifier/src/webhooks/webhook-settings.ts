import { createHash } from 'node:crypto';

/** Retries after a failed attempt, in order: 5 s, 30 s, 2 min, 10 min, 1 h (six attempts in all). */
export const DEFAULT_RETRY_SCHEDULE_MS: readonly number[] = [5_000, 30_000, 120_000, 600_000, 3_600_000];
/** How long one attempt may take, connection to last byte of the status line. */
export const DEFAULT_DELIVERY_TIMEOUT_MS = 5_000;

/** What the notifier reads from its environment for webhooks, read once at start-up. */
export interface WebhookSettings {
  /** AES-256 key of the signing secrets at rest. */
  secretsKey: Buffer;
  /** True when no WEBHOOK_SECRETS_KEY was given and the development key stands in for it. */
  developmentKey: boolean;
  retryScheduleMs: readonly number[];
  timeoutMs: number;
}

type Env = Readonly<Record<string, string | undefined>>;

/**
 * The development key: fixed and public, derived from a constant so that a development Redis can be
 * read after a restart. Never used in production.
 */
const DEVELOPMENT_KEY_SEED = 'hoptrace development webhook secrets key (public, never for production)';

export interface SecretsKey {
  key: Buffer;
  development: boolean;
}

/**
 * The key that encrypts webhook signing secrets at rest: WEBHOOK_SECRETS_KEY, 32 bytes written as
 * 64 hex digits or as base64 (standard or URL-safe). Without it, outside production, the public
 * development key (`development: true`, for the caller to warn about); with NODE_ENV=production it
 * throws, so the notifier refuses to start rather than keep secrets under a key everyone knows.
 */
export function webhookSecretsKey(env: Env): SecretsKey {
  const raw = env.WEBHOOK_SECRETS_KEY?.trim();
  if (!raw) {
    if (env.NODE_ENV === 'production') {
      throw new Error(
        'WEBHOOK_SECRETS_KEY is required in production: 32 random bytes as hex or base64 (openssl rand -hex 32). ' +
          'The notifier encrypts webhook signing secrets with it and will not start without it.',
      );
    }
    return { key: createHash('sha256').update(DEVELOPMENT_KEY_SEED).digest(), development: true };
  }
  let key: Buffer | undefined;
  if (/^[0-9a-fA-F]{64}$/.test(raw)) key = Buffer.from(raw, 'hex');
  else if (/^[A-Za-z0-9+/_-]{43}={0,1}$/.test(raw)) key = Buffer.from(raw, /[-_]/.test(raw) ? 'base64url' : 'base64');
  if (!key || key.length !== 32) {
    throw new Error('WEBHOOK_SECRETS_KEY must be 32 bytes, written as 64 hex digits or as base64 (openssl rand -hex 32)');
  }
  return { key, development: false };
}

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

export function loadWebhookSettings(env: Env = process.env): WebhookSettings {
  const { key, development } = webhookSecretsKey(env);
  const rawTimeout = env.WEBHOOK_TIMEOUT_MS?.trim();
  const timeoutMs = rawTimeout ? Number(rawTimeout) : DEFAULT_DELIVERY_TIMEOUT_MS;
  if (!Number.isInteger(timeoutMs) || timeoutMs <= 0) {
    throw new Error(`WEBHOOK_TIMEOUT_MS must be a positive integer, got "${rawTimeout}"`);
  }
  return { secretsKey: key, developmentKey: development, retryScheduleMs: retrySchedule(env.WEBHOOK_RETRY_SCHEDULE_MS), timeoutMs };
}
