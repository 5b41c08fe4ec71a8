import {
  createCipheriv,
  createDecipheriv,
  createPublicKey,
  diffieHellman,
  generateKeyPairSync,
  hkdfSync,
  randomBytes,
  type KeyObject,
} from 'node:crypto';

/**
 * A secret sealed to one recipient: X25519 key agreement with a throw-away sender key, HKDF-SHA256,
 * AES-256-GCM. Only the holder of the recipient's private key can open it, so it may travel through
 * (and stay in) Redis, as a queue reply does. All fields base64.
 */
export interface SealedBox {
  /** The sender's one-time X25519 public key, SPKI DER. */
  epk: string;
  iv: string;
  ciphertext: string;
  tag: string;
}

const INFO = Buffer.from('hoptrace sealed-box v1', 'utf8');

export interface ReplyKeyPair {
  /** SPKI DER, base64: what goes into the request. */
  publicKey: string;
  /** Kept in memory by the requester until the reply is opened, never sent or stored. */
  privateKey: KeyObject;
}

/** A one-time key pair for receiving one sealed reply. */
export function newReplyKeyPair(): ReplyKeyPair {
  const { publicKey, privateKey } = generateKeyPairSync('x25519');
  return { publicKey: publicKey.export({ type: 'spki', format: 'der' }).toString('base64'), privateKey };
}

const importPublicKey = (spkiBase64: string): KeyObject => {
  const key = createPublicKey({ key: Buffer.from(spkiBase64, 'base64'), format: 'der', type: 'spki' });
  if (key.asymmetricKeyType !== 'x25519') throw new Error('expected an X25519 public key');
  return key;
};

/** The AES key of a box: HKDF over the shared secret, bound to both public keys. */
const boxKey = (shared: Buffer, senderPublic: Buffer, recipientPublic: Buffer): Buffer =>
  Buffer.from(hkdfSync('sha256', shared, Buffer.concat([senderPublic, recipientPublic]), INFO, 32));

/** Seals `plaintext` to the X25519 public key `recipientPublicKey` (SPKI DER, base64). */
export function seal(plaintext: string, recipientPublicKey: string): SealedBox {
  const recipient = importPublicKey(recipientPublicKey);
  const sender = generateKeyPairSync('x25519');
  const senderPublic = sender.publicKey.export({ type: 'spki', format: 'der' });
  const recipientPublic = recipient.export({ type: 'spki', format: 'der' });
  const key = boxKey(diffieHellman({ privateKey: sender.privateKey, publicKey: recipient }), senderPublic, recipientPublic);
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: 16 });
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return {
    epk: senderPublic.toString('base64'),
    iv: iv.toString('base64'),
    ciphertext: ciphertext.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
  };
}

/** Opens a box sealed to `privateKey`'s public key; throws if it was sealed to another or altered. */
export function openSealed(box: SealedBox, privateKey: KeyObject): string {
  const sender = importPublicKey(box.epk);
  const senderPublic = sender.export({ type: 'spki', format: 'der' });
  const recipientPublic = createPublicKey(privateKey).export({ type: 'spki', format: 'der' });
  const key = boxKey(diffieHellman({ privateKey, publicKey: sender }), senderPublic, recipientPublic);
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(box.iv, 'base64'), { authTagLength: 16 });
  decipher.setAuthTag(Buffer.from(box.tag, 'base64'));
  return Buffer.concat([decipher.update(Buffer.from(box.ciphertext, 'base64')), decipher.final()]).toString('utf8');
}
