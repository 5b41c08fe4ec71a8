import { createHash, createHmac, hkdfSync } from 'node:crypto';
import { paymentError, SERVICES, type PaymentError } from '@hoptrace/contracts';

/** How long a result is kept for replay, as Stripe keeps them. */
export const IDEMPOTENCY_TTL_SECONDS = 24 * 60 * 60;

/** A request in flight holds its key this long at most, so a crashed gateway cannot lock it for a day. */
export const IN_FLIGHT_TTL_SECONDS = 60;

/** What is kept under an idempotency key. */
export type IdempotencyRecord =
  | { state: 'in_flight'; fingerprint: string; trace_id: string; span_id: string }
  | {
      state: 'completed';
      fingerprint: string;
      trace_id: string;
      span_id: string;
      status: number;
      headers: Record<string, string>;
      body: string;
    };

export type IdempotencyDecision =
  | { action: 'execute' }
  | { action: 'replay'; record: Extract<IdempotencyRecord, { state: 'completed' }> }
  | { action: 'reject'; error: PaymentError };

const origin = SERVICES.gateway;

/** The IETF draft's Idempotency-Key: a non-empty string; Stripe caps it at 255 characters. */
export function idempotencyKeyProblem(key: string): PaymentError | undefined {
  if (key.length === 0 || key.length > 255 || !/^[\x21-\x7e]+$/.test(key)) {
    return paymentError('parameter_invalid', {
      param: 'Idempotency-Key',
      message: 'Idempotency-Key must be 1 to 255 printable ASCII characters without spaces.',
      origin,
    });
  }
  return undefined;
}

/** JSON with object keys sorted, so that the same parameters in another order are the same request. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * What makes two requests "the same": method, path and parameters, under a keyed hash (HMAC-SHA256).
 * A body may hold a raw card, and a plain hash of it could be searched offline for the card number;
 * without the key, the fingerprint kept in Redis tells nothing.
 */
export const requestFingerprint = (key: Buffer, method: string, path: string, body: unknown): string =>
  createHmac('sha256', key).update(`${method} ${path}\n${canonicalJson(body)}`).digest('hex');

/** The fingerprint key, derived from the card vault key (CARD_VAULT_KEY) so that no other secret is needed. */
export const fingerprintKey = (cardVaultKey: Buffer): Buffer =>
  Buffer.from(hkdfSync('sha256', cardVaultKey, Buffer.alloc(0), 'hoptrace idempotency fingerprint v1', 32));

/**
 * What to do with a request that carries an idempotency key, given what the key already holds
 * (null when this request claimed it). A different request under the same key is a client bug
 * (422); the same request while the first is still running must wait (409).
 */
export function decideIdempotency(existing: IdempotencyRecord | null, fingerprint: string): IdempotencyDecision {
  if (!existing) return { action: 'execute' };
  if (existing.fingerprint !== fingerprint) {
    return {
      action: 'reject',
      error: paymentError('idempotency_key_reused', {
        param: 'Idempotency-Key',
        message: 'This Idempotency-Key was already used with different parameters. Use a new key for a new request.',
        origin,
      }),
    };
  }
  if (existing.state === 'in_flight') {
    return {
      action: 'reject',
      error: paymentError('idempotency_key_in_use', {
        param: 'Idempotency-Key',
        message: 'A request with this Idempotency-Key is still being processed. Retry once it has finished.',
        origin,
      }),
    };
  }
  return { action: 'replay', record: existing };
}

/**
 * Whether a result is final and is kept for replay. Success and every refusal a hop decided about
 * the payment are; the gateway's own rejections of malformed input are not (nothing ran, as with
 * Stripe), nor are 5xx answers, whose outcome a retry must still be able to learn.
 */
export const isReplayable = (status: number, errorOrigin?: string): boolean =>
  status < 500 && !(status >= 400 && errorOrigin === origin);

/**
 * The charge id for a request with an idempotency key: the same for every retry, so a retry after
 * a timeout reaches the processor with the same id and is authorized at most once.
 */
export const chargeIdFor = (apiKeyId: string, idempotencyKey: string): string =>
  `ch_${createHash('sha256').update(`${apiKeyId}\n${idempotencyKey}`).digest('base64url').replace(/[-_]/g, '').slice(0, 24)}`;

/** Where a key's record lives: per API key, so two merchants' keys never collide; the key itself hashed. */
export const idempotencyRedisKey = (apiKeyId: string, idempotencyKey: string): string =>
  `gateway:idempotency:${apiKeyId}:${createHash('sha256').update(idempotencyKey).digest('hex')}`;
