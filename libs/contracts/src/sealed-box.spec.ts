import { generateKeyPairSync } from 'node:crypto';
import { newReplyKeyPair, openSealed, seal, type SealedBox } from './sealed-box';

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

describe('sealed boxes (one-time replies through Redis)', () => {
  it('opens with the recipient private key to exactly what was sealed', () => {
    const recipient = newReplyKeyPair();
    const box = seal(SECRET, recipient.publicKey);
    expect(openSealed(box, recipient.privateKey)).toBe(SECRET);
  });

  it('shows nothing of the plaintext, and two seals of the same text differ', () => {
    const recipient = newReplyKeyPair();
    const [first, second] = [seal(SECRET, recipient.publicKey), seal(SECRET, recipient.publicKey)];
    const serialized = JSON.stringify(first);
    expect(serialized).not.toContain('whsec_');
    expect(serialized).not.toContain(SECRET.slice('whsec_'.length));
    expect(first.epk).not.toBe(second.epk);
    expect(first.ciphertext).not.toBe(second.ciphertext);
  });

  it('does not open with another private key', () => {
    const box = seal(SECRET, newReplyKeyPair().publicKey);
    expect(() => openSealed(box, newReplyKeyPair().privateKey)).toThrow();
  });

  it.each<[string, (box: SealedBox) => SealedBox]>([
    ['ciphertext', (box) => ({ ...box, ciphertext: flip(box.ciphertext) })],
    ['tag', (box) => ({ ...box, tag: flip(box.tag) })],
    ['iv', (box) => ({ ...box, iv: flip(box.iv) })],
    ['sender key', (box) => ({ ...box, epk: newReplyKeyPair().publicKey })],
  ])('refuses a box whose %s was altered', (_part, alter) => {
    const recipient = newReplyKeyPair();
    expect(() => openSealed(alter(seal(SECRET, recipient.publicKey)), recipient.privateKey)).toThrow();
  });

  it('refuses to seal to a key that is not X25519', () => {
    const { publicKey } = generateKeyPairSync('ed25519');
    expect(() => seal(SECRET, publicKey.export({ type: 'spki', format: 'der' }).toString('base64'))).toThrow(/X25519/);
  });
});

function flip(base64: string): string {
  const bytes = Buffer.from(base64, 'base64');
  bytes[0] ^= 0x01;
  return bytes.toString('base64');
}
