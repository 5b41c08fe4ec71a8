import { apiKeysFromEnv, parseApiKeys } from './provisioned-keys';

const KEY = 'sk_live_0123456789abcdefghijklmn';
const entry = { id: 'key_orders', key: KEY, customer: 'cus_orders', permissions: ['charges:write', 'reports:read'] };

/** The message of what `work` throws; '' when it does not throw. */
const thrown = (work: () => unknown): string => {
  try {
    work();
  } catch (error) {
    return (error as Error).message;
  }
  return '';
};

describe('parseApiKeys', () => {
  it('reads a JSON array of keys', () => {
    expect(parseApiKeys(JSON.stringify([entry]))).toEqual([{ ...entry, name: 'key_orders' }]);
  });

  it('reads nothing from an empty or unset variable', () => {
    expect(parseApiKeys(undefined)).toEqual([]);
    expect(parseApiKeys('  ')).toEqual([]);
  });

  it.each([
    ['not JSON', `[${KEY}`, /JSON array/],
    ['an object', JSON.stringify(entry), /JSON array/],
    ['a bad id', JSON.stringify([{ ...entry, id: 'orders' }]), /API_KEYS\[0\]\.id/],
    ['a short key', JSON.stringify([{ ...entry, key: 'sk_live_short' }]), /API_KEYS\[0\]\.key \(key_orders\) must be at least 24/],
    ['a bad customer', JSON.stringify([{ ...entry, customer: 'orders' }]), /customer/],
    ['an unknown permission', JSON.stringify([{ ...entry, permissions: ['charges:refund'] }]), /permissions/],
  ])('refuses %s, never quoting a key', (_case, raw, message) => {
    const error = thrown(() => parseApiKeys(raw));
    expect(error).toMatch(message);
    expect(error).not.toContain(KEY);
    expect(error).not.toContain('sk_live_short');
  });
});

describe('apiKeysFromEnv', () => {
  it('uses the demo keys outside production, and API_KEYS besides', () => {
    expect(apiKeysFromEnv({})).toEqual({ keys: [], demo: true });
    expect(apiKeysFromEnv({ API_KEYS: JSON.stringify([entry]) }).keys).toHaveLength(1);
  });

  it('refuses to start in production with neither API_KEYS nor DEMO_API_KEYS=true', () => {
    expect(thrown(() => apiKeysFromEnv({ NODE_ENV: 'production' }))).toMatch(/^API_KEYS is required in production/);
    expect(thrown(() => apiKeysFromEnv({ NODE_ENV: 'production', DEMO_API_KEYS: 'yes' }))).toMatch(/API_KEYS is required/);
  });

  it('starts in production with API_KEYS, without the demo keys', () => {
    expect(apiKeysFromEnv({ NODE_ENV: 'production', API_KEYS: JSON.stringify([entry]) })).toEqual({
      keys: [{ ...entry, name: 'key_orders' }],
      demo: false,
    });
  });

  it('uses the public demo keys in production only when DEMO_API_KEYS=true says so', () => {
    expect(apiKeysFromEnv({ NODE_ENV: 'production', DEMO_API_KEYS: 'true' })).toEqual({ keys: [], demo: true });
  });

  it('refuses a demo secret in API_KEYS (it is too short), naming the entry and not the secret', () => {
    const error = thrown(() => apiKeysFromEnv({ NODE_ENV: 'production', API_KEYS: JSON.stringify([{ ...entry, id: 'key_copy', key: 'sk_test_demo' }]) }));
    expect(error).toMatch(/key_copy/);
    expect(error).not.toContain('sk_test_demo');
  });
});
