import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { decryptSecret, encryptSecret, newSigningSecret } from './secret-box';

const KEY = randomBytes(32);

describe('newSigningSecret', () => {
  it('is whsec_ and 32 random bytes in base64, which standardwebhooks accepts', () => {
    const secret = newSigningSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(secret.slice('whsec_'.length), 'base64')).toHaveLength(32);
    expect(() => new Webhook(secret)).not.toThrow();
    expect(newSigningSecret()).not.toBe(secret);
  });
});

describe('signing secrets at rest', () => {
  const secret = newSigningSecret();

  it('decrypt to the secret that was encrypted', () => {
    expect(decryptSecret(encryptSecret(secret, KEY, 'we_1'), KEY, 'we_1')).toBe(secret);
  });

  it('hold nothing of the secret, and differ each time (random IV)', () => {
    const [first, second] = [encryptSecret(secret, KEY, 'we_1'), encryptSecret(secret, KEY, 'we_1')];
    for (const stored of [first, second]) {
      expect(stored).toMatch(/^v1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]+$/);
      expect(stored).not.toContain('whsec_');
      expect(stored).not.toContain(secret.slice('whsec_'.length, 20));
    }
    expect(first).not.toBe(second);
  });

  it('do not decrypt under another key', () => {
    expect(() => decryptSecret(encryptSecret(secret, KEY, 'we_1'), randomBytes(32), 'we_1')).toThrow();
  });

  it('do not decrypt for another endpoint: a ciphertext copied across endpoints is useless', () => {
    expect(() => decryptSecret(encryptSecret(secret, KEY, 'we_1'), KEY, 'we_2')).toThrow();
  });

  it('refuse a ciphertext that was altered', () => {
    const [version, iv, tag, ciphertext] = encryptSecret(secret, KEY, 'we_1').split('.');
    const bytes = Buffer.from(ciphertext, 'base64url');
    bytes[0] ^= 0x01;
    expect(() => decryptSecret([version, iv, tag, bytes.toString('base64url')].join('.'), KEY, 'we_1')).toThrow();
    const truncatedTag = tag.slice(0, 8);
    expect(() => decryptSecret([version, iv, truncatedTag, ciphertext].join('.'), KEY, 'we_1')).toThrow();
  });

  it.each(['', 'whsec_plain', 'v2.a.b.c', 'v1.a.b', 'v1.a.b.c.d'])('refuse %p, which is not an encrypted secret', (stored) => {
    expect(() => decryptSecret(stored, KEY, 'we_1')).toThrow();
  });
});
