import { createHash } from 'node:crypto';
import {
  canonicalJson,
  chargeIdFor,
  decideIdempotency,
  idempotencyKeyProblem,
  idempotencyRedisKey,
  isReplayable,
  fingerprintKey,
  requestFingerprint,
  type IdempotencyRecord,
} from './idempotency';

const KEY = fingerprintKey(Buffer.alloc(32, 7));
const fingerprint = requestFingerprint(KEY, 'POST', '/v1/charges', { amount: 1999, currency: 'usd' });
const inFlight: IdempotencyRecord = { state: 'in_flight', fingerprint, trace_id: 'a'.repeat(32), span_id: 'b'.repeat(16) };
const completed: IdempotencyRecord = { ...inFlight, state: 'completed', status: 201, headers: {}, body: '{}' };

describe('decideIdempotency', () => {
  it('executes a request whose key was free', () => {
    expect(decideIdempotency(null, fingerprint)).toEqual({ action: 'execute' });
  });

  it('replays a completed request with the same parameters', () => {
    expect(decideIdempotency(completed, fingerprint)).toEqual({ action: 'replay', record: completed });
  });

  it('is 409 idempotency_key_in_use while the same request is in flight', () => {
    expect(decideIdempotency(inFlight, fingerprint)).toMatchObject({
      action: 'reject',
      error: { type: 'idempotency_error', code: 'idempotency_key_in_use', origin: 'gateway' },
    });
  });

  it.each([inFlight, completed])('is 422 idempotency_key_reused for other parameters, whatever state the key is in', (record) => {
    const other = requestFingerprint(KEY, 'POST', '/v1/charges', { amount: 2000, currency: 'usd' });
    expect(decideIdempotency(record, other)).toMatchObject({ action: 'reject', error: { code: 'idempotency_key_reused' } });
  });
});

describe('requestFingerprint', () => {
  it('ignores the order of parameters, at every depth', () => {
    expect(requestFingerprint(KEY, 'POST', '/x', { a: 1, b: { c: 2, d: [1, { e: 3, f: 4 }] } })).toBe(
      requestFingerprint(KEY, 'POST', '/x', { b: { d: [1, { f: 4, e: 3 }], c: 2 }, a: 1 }),
    );
  });

  it('tells apart other values, other paths, other methods and array order', () => {
    const base = requestFingerprint(KEY, 'POST', '/x', { a: [1, 2] });
    expect(requestFingerprint(KEY, 'POST', '/x', { a: [2, 1] })).not.toBe(base);
    expect(requestFingerprint(KEY, 'POST', '/y', { a: [1, 2] })).not.toBe(base);
    expect(requestFingerprint(KEY, 'PUT', '/x', { a: [1, 2] })).not.toBe(base);
    expect(requestFingerprint(KEY, 'POST', '/x', { a: [1, '2'] })).not.toBe(base);
  });

  it('is keyed: another key gives another fingerprint, and no key-less hash of the body matches it', () => {
    const body = { payment_method: { card: { number: '4242424242424242', cvc: '123' } } };
    const keyed = requestFingerprint(KEY, 'POST', '/x', body);
    expect(requestFingerprint(fingerprintKey(Buffer.alloc(32, 8)), 'POST', '/x', body)).not.toBe(keyed);
    expect(createHash('sha256').update(`POST /x\n${canonicalJson(body)}`).digest('hex')).not.toBe(keyed);
    expect(keyed).toMatch(/^[0-9a-f]{64}$/);
  });

  it('copes with bodies that are not objects', () => {
    expect(canonicalJson(undefined)).toBe('null');
    expect(canonicalJson('x')).toBe('"x"');
  });
});

describe('idempotencyKeyProblem', () => {
  it.each(['a', 'k'.repeat(255), '0f8fad5b-d9cb-469f-a165-70867728950e'])('accepts %p', (key) => {
    expect(idempotencyKeyProblem(key)).toBeUndefined();
  });

  it.each(['', 'k'.repeat(256), 'has space', 'ünicode', 'tab\there'])('refuses %p, naming the header', (key) => {
    expect(idempotencyKeyProblem(key)).toMatchObject({ code: 'parameter_invalid', param: 'Idempotency-Key' });
  });
});

describe('isReplayable', () => {
  it.each([
    [201, undefined, true],
    [402, 'payment-processor', true],
    [402, 'billing', true],
    [400, 'payment-processor', true],
    [400, 'gateway', false],
    [503, 'gateway', false],
    [504, 'billing', false],
    [500, 'gateway', false],
  ])('status %p from %p: %p', (status, origin, expected) => {
    expect(isReplayable(status, origin)).toBe(expected);
  });
});

describe('chargeIdFor and idempotencyRedisKey', () => {
  it('names the same charge for every retry of one key, and different charges for other keys or API keys', () => {
    const id = chargeIdFor('key_demo', 'order-42');
    expect(id).toMatch(/^ch_[0-9A-Za-z]{24}$/);
    expect(chargeIdFor('key_demo', 'order-42')).toBe(id);
    expect(chargeIdFor('key_demo', 'order-43')).not.toBe(id);
    expect(chargeIdFor('key_other', 'order-42')).not.toBe(id);
  });

  it('scopes records by API key and never stores the key itself', () => {
    const redisKey = idempotencyRedisKey('key_demo', 'order-42');
    expect(redisKey).toMatch(/^gateway:idempotency:key_demo:[0-9a-f]{64}$/);
    expect(redisKey).not.toContain('order-42');
  });
});
