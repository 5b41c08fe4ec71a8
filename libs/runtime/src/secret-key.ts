import { createHash } from 'node:crypto';
import type { Env } from './settings';

/** A 32-byte key a service reads from its environment, with the public stand-in development uses. */
export interface SecretKeySpec {
  /** The environment variable. */
  name: string;
  /** Hashed into the development key: fixed, so a development Redis stays readable after a restart. */
  developmentSeed: string;
  /** What the key does, completing "It ...", for the error that stops a production start without it. */
  purpose: string;
}

export interface SecretKey {
  key: Buffer;
  /** True when the variable was unset and the public development key stands in for it. */
  development: boolean;
}

export const isProduction = (env: Env = process.env): boolean => env.NODE_ENV === 'production';

const developmentKey = (spec: SecretKeySpec): Buffer => createHash('sha256').update(spec.developmentSeed).digest();

/**
 * A symmetric key: 32 bytes written as 64 hex digits or as base64 (standard or URL-safe). Unset,
 * outside production, the public development key (`development: true`, for the caller to warn
 * about). With NODE_ENV=production an unset key, or the development key given explicitly, throws:
 * the service refuses to start rather than protect anything with a key everyone knows. The value is
 * never part of a message.
 */
export function secretKey(spec: SecretKeySpec, env: Env = process.env): SecretKey {
  const raw = env[spec.name]?.trim();
  if (!raw) {
    if (isProduction(env)) {
      throw new Error(
        `${spec.name} is required in production: 32 random bytes as hex or base64 (openssl rand -hex 32). ` +
          `It ${spec.purpose}; this service will not start without it.`,
      );
    }
    return { key: developmentKey(spec), development: true };
  }
  let key: Buffer | undefined;
  if (/^[0-9a-fA-F]{64}$/.test(raw)) key = Buffer.from(raw, 'hex');
  else if (/^[A-Za-z0-9+/_-]{43}={0,1}$/.test(raw)) key = Buffer.from(raw, /[-_]/.test(raw) ? 'base64url' : 'base64');
  if (!key || key.length !== 32) {
    throw new Error(`${spec.name} must be 32 bytes, written as 64 hex digits or as base64 (openssl rand -hex 32)`);
  }
  if (isProduction(env) && key.equals(developmentKey(spec))) {
    throw new Error(`${spec.name} is the public development key, which is refused in production: set your own (openssl rand -hex 32)`);
  }
  return { key, development: false };
}

/**
 * The key the gateway seals raw card numbers and CVCs with for the processor (AES-256-GCM), held by
 * those two services only.
 */
export const CARD_VAULT_KEY: SecretKeySpec = {
  name: 'CARD_VAULT_KEY',
  developmentSeed: 'hoptrace development card vault key (public, never for production)',
  purpose: 'seals card numbers and CVCs between the gateway and the payment processor',
};
