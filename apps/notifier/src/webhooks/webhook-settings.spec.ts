import { randomBytes } from 'node:crypto';
import { DEFAULT_DELIVERY_TIMEOUT_MS, DEFAULT_RETRY_SCHEDULE_MS, loadWebhookSettings, retrySchedule, webhookSecretsKey } from './webhook-settings';

const KEY = randomBytes(32);

describe('webhookSecretsKey', () => {
  it.each([
    ['hex', KEY.toString('hex')],
    ['upper-case hex', KEY.toString('hex').toUpperCase()],
    ['base64', KEY.toString('base64')],
    ['base64 without padding', KEY.toString('base64').replace(/=+$/, '')],
    ['base64url', KEY.toString('base64url')],
    ['hex with surrounding whitespace', `  ${KEY.toString('hex')}\n`],
  ])('reads a 32-byte key written as %s', (_form, written) => {
    expect(webhookSecretsKey({ WEBHOOK_SECRETS_KEY: written, NODE_ENV: 'production' })).toEqual({ key: KEY, development: false });
  });

  it.each([
    ['16 bytes of hex', randomBytes(16).toString('hex')],
    ['33 bytes of hex', randomBytes(33).toString('hex')],
    ['24 bytes of base64', randomBytes(24).toString('base64')],
    ['a passphrase', 'correct horse battery staple'],
    ['64 characters that are not hex', 'g'.repeat(64)],
  ])('refuses %s, in development too', (_form, written) => {
    expect(() => webhookSecretsKey({ WEBHOOK_SECRETS_KEY: written })).toThrow(/WEBHOOK_SECRETS_KEY must be 32 bytes/);
  });

  it('refuses to run without a key in production', () => {
    expect(() => webhookSecretsKey({ NODE_ENV: 'production' })).toThrow(/WEBHOOK_SECRETS_KEY is required in production/);
    expect(() => webhookSecretsKey({ NODE_ENV: 'production', WEBHOOK_SECRETS_KEY: '  ' })).toThrow(/required in production/);
  });

  it.each([undefined, 'development', 'test'])('falls back to the fixed development key with NODE_ENV=%p, and says so', (nodeEnv) => {
    const first = webhookSecretsKey({ NODE_ENV: nodeEnv });
    expect(first.development).toBe(true);
    expect(first.key).toHaveLength(32);
    // Fixed: a development Redis stays readable across restarts.
    expect(webhookSecretsKey({}).key.equals(first.key)).toBe(true);
  });
});

describe('retrySchedule', () => {
  it('is 5 s, 30 s, 2 min, 10 min, 1 h by default', () => {
    expect(retrySchedule(undefined)).toEqual([5_000, 30_000, 120_000, 600_000, 3_600_000]);
    expect(retrySchedule('')).toBe(DEFAULT_RETRY_SCHEDULE_MS);
  });

  it('reads a comma-separated list of milliseconds', () => {
    expect(retrySchedule('200,400,800')).toEqual([200, 400, 800]);
    expect(retrySchedule(' 1000 , 2000 ')).toEqual([1000, 2000]);
    expect(retrySchedule('50')).toEqual([50]);
  });

  it.each(['0', '-1,2', '1.5', '200,,400', 'soon', '200;400'])('refuses %p', (raw) => {
    expect(() => retrySchedule(raw)).toThrow(/WEBHOOK_RETRY_SCHEDULE_MS/);
  });
});

describe('loadWebhookSettings', () => {
  it('reads the key, the schedule and the timeout', () => {
    const settings = loadWebhookSettings({
      WEBHOOK_SECRETS_KEY: KEY.toString('hex'),
      WEBHOOK_RETRY_SCHEDULE_MS: '200,400,800',
      WEBHOOK_TIMEOUT_MS: '1500',
    });
    expect(settings).toEqual({ secretsKey: KEY, developmentKey: false, retryScheduleMs: [200, 400, 800], timeoutMs: 1500 });
  });

  it('defaults the timeout to 5 s', () => {
    expect(loadWebhookSettings({}).timeoutMs).toBe(DEFAULT_DELIVERY_TIMEOUT_MS);
    expect(DEFAULT_DELIVERY_TIMEOUT_MS).toBe(5_000);
  });

  it.each(['0', '-5', 'fast'])('refuses WEBHOOK_TIMEOUT_MS=%p', (raw) => {
    expect(() => loadWebhookSettings({ WEBHOOK_TIMEOUT_MS: raw })).toThrow(/WEBHOOK_TIMEOUT_MS/);
  });
});
