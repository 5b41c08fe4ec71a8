import { CARD_VAULT_KEY, secretKey } from './secret-key';

describe('secretKey', () => {
  const SPEC = { name: 'CARD_VAULT_KEY', developmentSeed: 'test seed (public)', purpose: 'seals test cards' };
  const KEY = Buffer.alloc(32, 0xab);

  it('reads 32 bytes as hex or base64, in production too', () => {
    for (const written of [KEY.toString('hex'), KEY.toString('base64'), KEY.toString('base64url')]) {
      expect(secretKey(SPEC, { CARD_VAULT_KEY: written, NODE_ENV: 'production' })).toEqual({ key: KEY, development: false });
    }
  });

  it.each([undefined, 'development', 'test'])('stands in the fixed public development key with NODE_ENV=%p, and says so', (nodeEnv) => {
    const first = secretKey(SPEC, { NODE_ENV: nodeEnv });
    expect(first.development).toBe(true);
    expect(first.key).toHaveLength(32);
    expect(secretKey(SPEC, { NODE_ENV: nodeEnv }).key.equals(first.key)).toBe(true);
  });

  it.each(['', '   '])('refuses to start in production without the key (%p), naming it and what it protects', (value) => {
    expect(() => secretKey(SPEC, { NODE_ENV: 'production', CARD_VAULT_KEY: value })).toThrow(
      /^CARD_VAULT_KEY is required in production: .*It seals test cards; this service will not start without it\.$/,
    );
  });

  it('refuses the public development key in production even when it is given explicitly', () => {
    const developmentKey = secretKey(SPEC, {}).key.toString('hex');
    expect(() => secretKey(SPEC, { NODE_ENV: 'production', CARD_VAULT_KEY: developmentKey })).toThrow(/public development key/);
  });

  it.each(['abc', 'a'.repeat(63), Buffer.alloc(16).toString('hex'), Buffer.alloc(31).toString('base64')])(
    'refuses a key that is not 32 bytes, without quoting it',
    (written) => {
      let message = '';
      try {
        secretKey(SPEC, { CARD_VAULT_KEY: written });
      } catch (error) {
        message = (error as Error).message;
      }
      expect(message).toMatch(/CARD_VAULT_KEY must be 32 bytes/);
      expect(message).not.toContain(written);
    },
  );

  it('the card vault key is CARD_VAULT_KEY, with a development key of its own', () => {
    expect(CARD_VAULT_KEY.name).toBe('CARD_VAULT_KEY');
    expect(secretKey(CARD_VAULT_KEY, {}).key.equals(secretKey(SPEC, {}).key)).toBe(false);
  });
});
