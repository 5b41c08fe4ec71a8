import { createHash, randomBytes } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/**
 * Random bytes are drawn from the operating system 4 KiB at a time, as `crypto.randomUUID` does:
 * one `getrandom` call per id was the gateway's single most expensive call under load, and a pool
 * serves some 170 ids per call. The bytes are the same CSPRNG output either way.
 */
const POOL_SIZE = 4096;
let pool = Buffer.alloc(0);
let drawn = 0;

function randomByte(): number {
  if (drawn === pool.length) {
    pool = randomBytes(POOL_SIZE);
    drawn = 0;
  }
  return pool[drawn++];
}

/**
 * Stripe-style object ids: a type prefix and 24 random base62 characters (ch_…, evt_…; we_… for
 * webhook endpoints, whdl_… for webhook deliveries).
 */
export function newId(prefix: 'ch' | 'evt' | 'auth' | 'we' | 'whdl' | 'pm'): string {
  let id = '';
  while (id.length < 24) {
    const byte = randomByte();
    // 248 = 4 × 62: rejecting bytes at or above it keeps every character equally likely.
    if (byte < 248) id += ALPHABET[byte % 62];
  }
  return `${prefix}_${id}`;
}

/**
 * The id of the event that tells of a charge's outcome: the same every time the charge is handled,
 * so a charge handled twice (its job redelivered after a worker crashed, or retried under its
 * Idempotency-Key) announces one event that the notifier and merchants drop duplicates of.
 */
export function chargeEventId(chargeId: string, type: string): string {
  const digest = createHash('sha256').update(`${type}\n${chargeId}`).digest();
  let id = '';
  for (let i = 0; id.length < 24; i++) id += ALPHABET[digest[i] % 62];
  return `evt_${id}`;
}
