import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const VERSION = 'v1';
const SECRET_PREFIX = 'whsec_';

/**
 * A new signing secret in the Standard Webhooks format: `whsec_` and 32 random bytes in base64, which
 * is what the `standardwebhooks` libraries take (`new Webhook(secret)`).
 */
export const newSigningSecret = (): string => `${SECRET_PREFIX}${randomBytes(32).toString('base64')}`;

/**
 * Encrypts a signing secret for storage: AES-256-GCM under `key`, a random 96-bit IV, and the
 * endpoint id as additional authenticated data, so a ciphertext copied onto another endpoint does
 * not decrypt. The result is `v1.<iv>.<tag>.<ciphertext>` (base64url), and holds nothing readable.
 */
export function encryptSecret(secret: string, key: Buffer, endpointId: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: 16 });
  cipher.setAAD(Buffer.from(endpointId, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
  return [VERSION, iv, cipher.getAuthTag(), ciphertext].map((part) => (typeof part === 'string' ? part : part.toString('base64url'))).join('.');
}

/** The secret {@link encryptSecret} stored; throws when the key, the endpoint id or the text differ. */
export function decryptSecret(stored: string, key: Buffer, endpointId: string): string {
  const [version, iv, tag, ciphertext, ...rest] = stored.split('.');
  if (version !== VERSION || !iv || !tag || ciphertext === undefined || rest.length > 0) {
    throw new Error('not an encrypted webhook secret');
  }
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'), { authTagLength: 16 });
  decipher.setAAD(Buffer.from(endpointId, 'utf8'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
}
