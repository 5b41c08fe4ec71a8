import { decideAccess } from './access-decision';
import { bearerToken, hashApiKey, redactApiKey, secretMatches, type ApiKeyRecord } from './api-keys';

const record = (key: string, permissions: ApiKeyRecord['permissions']): ApiKeyRecord => ({
  id: 'key_test',
  name: 'test',
  customer: 'cus_demo',
  secret_hash: hashApiKey(key),
  permissions,
});

describe('bearerToken', () => {
  it.each([
    ['Bearer sk_test_demo', 'sk_test_demo'],
    ['bearer sk_test_demo', 'sk_test_demo'],
    ['Bearer   sk_test_demo  ', 'sk_test_demo'],
  ])('reads the token of %p', (header, token) => {
    expect(bearerToken(header)).toBe(token);
  });

  it.each([undefined, '', 'Basic dXNlcjpwYXNz', 'Bearer', 'Bearer ', 'Bearer two tokens', `Bearer ${'x'.repeat(257)}`, 'Bearer sk_tëst'])(
    'finds no token in %p',
    (header) => {
      expect(bearerToken(header)).toBeUndefined();
    },
  );
});

describe('secretMatches', () => {
  it('matches the key whose hash is stored and nothing else', () => {
    const stored = record('sk_test_demo', ['charges:write']);
    expect(secretMatches('sk_test_demo', stored)).toBe(true);
    expect(secretMatches('sk_test_demO', stored)).toBe(false);
    expect(secretMatches('', stored)).toBe(false);
  });

  it('is false for a malformed stored hash rather than throwing', () => {
    expect(secretMatches('sk_test_demo', { ...record('x', []), secret_hash: 'abc' })).toBe(false);
  });
});

describe('redactApiKey', () => {
  it('keeps the kind and the last four characters only', () => {
    expect(redactApiKey('sk_test_4eC39HqLyjWDarjtT1zdp7dc')).toBe('sk_test_****p7dc');
    expect(redactApiKey('short')).toBe('****');
  });
});

describe('decideAccess', () => {
  const demo = record('sk_test_demo', ['charges:write']);

  it('is 401 authentication_required, without invalid_token, when no key was sent', () => {
    const decision = decideAccess(undefined, null, 'charges:write');
    expect(decision).toMatchObject({
      outcome: 'unauthenticated',
      invalidToken: false,
      error: { type: 'authentication_error', code: 'authentication_required', origin: 'gateway' },
    });
  });

  it('is 401 invalid_token for a key with no record, and the message shows only its tail', () => {
    const decision = decideAccess('sk_test_unknownkey9876', null, 'charges:write');
    expect(decision).toMatchObject({ outcome: 'unauthenticated', invalidToken: true });
    expect(decision.outcome === 'unauthenticated' && decision.error.message).toContain('****9876');
    expect(JSON.stringify(decision)).not.toContain('unknownkey');
  });

  it('is 401 when the record found does not match the key (an index collision)', () => {
    expect(decideAccess('sk_test_other', demo, 'charges:write').outcome).toBe('unauthenticated');
  });

  it('is 403 permission_denied for a known key without the permission', () => {
    const readonly = record('sk_test_readonly', ['reports:read']);
    expect(decideAccess('sk_test_readonly', readonly, 'charges:write')).toMatchObject({
      outcome: 'forbidden',
      error: { type: 'permission_error', code: 'permission_denied', origin: 'gateway' },
    });
  });

  it('grants a known key with the permission', () => {
    expect(decideAccess('sk_test_demo', demo, 'charges:write')).toEqual({ outcome: 'granted', key: demo });
  });
});
