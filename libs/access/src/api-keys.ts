import { hash, timingSafeEqual } from 'node:crypto';

/** What a key may do. Named by resource and verb, as scoped keys are on payment platforms. */
export type Permission = 'charges:write' | 'credits:write' | 'reports:read' | 'webhook_endpoints:write';

/** A stored API key: never the key itself, only its SHA-256 and what it grants. */
export interface ApiKeyRecord {
  id: string;
  name: string;
  /** SHA-256 of the secret key, hex. */
  secret_hash: string;
  permissions: Permission[];
  /** The billing customer the key acts for: who pays for credit top-ups. */
  customer: string;
  /** Payment requests a minute this key may make, where its plan sets one below the gateway's limit. */
  rate_limit_per_minute?: number;
}

/**
 * Keys are random and long, so one fast hash suffices (no password-style stretching). The first 16
 * hex digits of the hash index the record; the whole hash is then compared in constant time. Node's
 * one-shot `crypto.hash` skips building a Hash object, which cost more than the hashing itself on
 * every request (twice: to find the record, then to compare).
 */
export const hashApiKey = (key: string): string => hash('sha256', key, 'hex');
export const apiKeyIndex = (hash: string): string => hash.slice(0, 16);

export function secretMatches(presented: string, record: ApiKeyRecord): boolean {
  const presentedHash = Buffer.from(hashApiKey(presented), 'hex');
  const storedHash = Buffer.from(record.secret_hash, 'hex');
  return presentedHash.length === storedHash.length && timingSafeEqual(presentedHash, storedHash);
}

/** The bearer token of an Authorization header (RFC 6750), or undefined when there is none. */
export function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer +([\x21-\x7e]{1,256}) *$/i.exec(header ?? '');
  return match?.[1];
}

/** Shown in errors and logs instead of a key: its kind and last four characters, as Stripe does. */
export const redactApiKey = (key: string): string =>
  key.length <= 12 ? '****' : `${key.slice(0, key.indexOf('_', 3) + 1 || 3)}****${key.slice(-4)}`;

/** The demo keys a non-production system starts with. Their secrets are public: see the README. */
export const DEMO_API_KEYS: ReadonlyArray<Omit<ApiKeyRecord, 'secret_hash'> & { key: string; credits: number }> = [
  {
    key: 'sk_test_demo',
    id: 'key_demo',
    name: 'Demo key',
    customer: 'cus_demo',
    permissions: ['charges:write', 'credits:write', 'reports:read', 'webhook_endpoints:write'],
    credits: 25,
  },
  {
    // A key on a small plan: three payment requests a minute, so a fourth shows the 429.
    key: 'sk_test_limited',
    id: 'key_limited',
    name: 'Rate-limited demo key',
    customer: 'cus_demo',
    permissions: ['charges:write'],
    credits: 0,
    rate_limit_per_minute: 3,
  },
  {
    key: 'sk_test_readonly',
    id: 'key_readonly',
    name: 'Read-only demo key',
    customer: 'cus_demo',
    permissions: ['reports:read'],
    credits: 0,
  },
];
