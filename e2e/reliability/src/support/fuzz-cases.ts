import fc from 'fast-check';

/** One malformed (or, now and then, accidentally valid) request to the gateway. */
export interface FuzzCase {
  kind: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
}

const VALID_KEY = 'Bearer sk_test_demo';

/** The gateway's routes, and near misses of them. */
const PATHS = [
  '/v1/charges',
  '/v1/credits',
  '/v1/reports/credit_usage',
  '/v1/webhook_endpoints',
  '/v1/webhook_deliveries',
  '/v1/webhook_deliveries?status=dead',
  '/v1/webhook_deliveries?status=dead&limit=5',
  '/errors/card_declined',
  '/docs/openapi.json',
  '/healthz',
];
const nearPaths = fc.oneof(
  fc.constantFrom(...PATHS),
  fc.constantFrom(
    '/v1/charges/',
    '/v1/charges/ch_1',
    '/v1//charges',
    '/V1/CHARGES',
    '/v1/charges?amount=1',
    '/v1/charges?__proto__[polluted]=1',
    '/v1/webhook_deliveries?status=dead&status=dead',
    '/v1/webhook_deliveries?status[]=dead',
    '/v1/webhook_deliveries?status=dead&limit=0',
    '/v1/webhook_deliveries?status=dead&limit=1e3',
    '/v1/webhook_deliveries?limit[__proto__]=1&status=dead',
    '/v1/webhook_deliveries/whdl_000000000000000000000000/replay',
    '/v1/webhook_deliveries/__proto__/replay',
    '/v1/webhook_deliveries/%E0%A4%A/replay',
    '/v1/reports/__proto__',
    '/v1/reports/constructor',
    '/v1/reports/%00',
    '/errors/__proto__',
    '/errors/constructor',
    '/errors/..%2f..%2fpackage.json',
    '/errors/%',
    '/%',
    '/v1/charges%00',
    '/docs/../package.json',
  ),
  fc.string({ maxLength: 40 }).map((segment) => `/v1/${encodeURIComponent(segment)}`),
  fc.string({ unit: 'binary', maxLength: 20 }).map((segment) => `/errors/${encodeURIComponent(segment)}`),
  fc.string({ unit: 'binary', maxLength: 20 }).map((segment) => `/v1/reports/${encodeURIComponent(segment)}`),
);

/** Header values Node can send: Latin-1 without control characters. */
const headerText = (maxLength: number) =>
  fc.string({ unit: fc.integer({ min: 0x20, max: 0xff }).filter((c) => c !== 0x7f).map((c) => String.fromCharCode(c)), maxLength });

const authorization = fc.oneof(
  { weight: 4, arbitrary: fc.constant(VALID_KEY) },
  fc.constant(undefined),
  fc.constantFrom('Bearer', 'Bearer ', 'bearer sk_test_demo', 'Basic c2tfdGVzdF9kZW1vOg==', 'Bearer sk_test_readonly', 'Bearer  sk_test_demo', 'sk_test_demo'),
  headerText(64).map((token) => `Bearer ${token}`),
  fc.integer({ min: 256, max: 8000 }).map((n) => `Bearer ${'k'.repeat(n)}`),
);
const contentType = fc.oneof(
  { weight: 4, arbitrary: fc.constant('application/json') },
  fc.constant(undefined),
  fc.constantFrom(
    'application/json; charset=utf-8',
    'application/json; charset=utf-16',
    'application/json; charset=latin1',
    'application/json; charset=bogus',
    'application/problem+json',
    'text/plain',
    'application/x-www-form-urlencoded',
    'multipart/form-data; boundary=x',
    'application/xml',
    ';;;',
    'application/json; charset=',
  ),
  headerText(40),
);
const idempotencyKey = fc.oneof(
  { weight: 3, arbitrary: fc.constant(undefined) },
  fc.uuid(),
  fc.constant(''),
  headerText(300),
  fc.integer({ min: 256, max: 12_000 }).map((n) => 'i'.repeat(n)),
);
const contentEncoding = fc.oneof(
  { weight: 6, arbitrary: fc.constant(undefined) },
  fc.constantFrom('gzip', 'deflate', 'br', 'identity', 'bogus', 'gzip, gzip'),
);

const VALID_CHARGE = { amount: 1999, currency: 'usd', customer: 'cus_demo', payment_method: 'pm_card_visa' };
/** Webhook URLs only ever point at a closed loopback port, or are no URL at all. */
const webhookUrl = fc.constantFrom('http://127.0.0.1:9/hook', 'http://[::1]:9/hook', 'ftp://127.0.0.1:9/x', 'not a url', 'http://', 42, null, ['x']);

const wrongValue = fc.oneof(
  fc.anything({ maxDepth: 3, withObjectString: true, withNullPrototype: true, withBigInt: false }),
  fc.constantFrom(-1, 0, 1.5, 1e308, -0, Number.MAX_SAFE_INTEGER + 2, '1999', '', ' ', true, null, [], {}, 'pm_card_visa\u0000', 'cus_demo\u202e', '\ud800'),
  fc.string({ unit: 'grapheme', maxLength: 30 }),
);

const json = (value: unknown) => Buffer.from(JSON.stringify(value));
const depth = fc.integer({ min: 50, max: 30_000 });

const body: fc.Arbitrary<{ kind: string; body?: Buffer }> = fc.oneof(
  fc.constant({ kind: 'no body', body: undefined }),
  // A charge with one field of a wrong type, missing, or extra.
  fc
    .tuple(fc.constantFrom(...Object.keys(VALID_CHARGE), 'extra', 'credits', 'url', 'enabled_events'), wrongValue, fc.boolean())
    .map(([field, value, drop]) => {
      const charge: Record<string, unknown> = { ...VALID_CHARGE, credits: 10, url: 'http://127.0.0.1:9/hook', enabled_events: ['*'] };
      if (drop) delete charge[field];
      else charge[field] = value;
      return { kind: 'wrong field', body: json(charge) };
    }),
  fc.record({ url: webhookUrl, enabled_events: fc.oneof(fc.constant(['*']), wrongValue), description: fc.oneof(fc.constant(undefined), wrongValue) }).map((value) => ({
    kind: 'webhook endpoint',
    body: json(value),
  })),
  fc.jsonValue({ maxDepth: 4 }).map((value) => ({ kind: 'random json', body: json(value) })),
  fc.string({ maxLength: 200 }).map((text) => ({ kind: 'not json', body: Buffer.from(text) })),
  fc.integer({ min: 1, max: 60 }).map((cut) => ({ kind: 'truncated json', body: json(VALID_CHARGE).subarray(0, cut) })),
  depth.map((n) => ({ kind: 'deep arrays', body: Buffer.from(`${'['.repeat(n)}${']'.repeat(n)}`) })),
  depth.map((n) => ({ kind: 'deep objects', body: Buffer.from(`${'{"a":'.repeat(Math.min(n, 12_000))}1${'}'.repeat(Math.min(n, 12_000))}`) })),
  fc.integer({ min: 65 * 1024, max: 400 * 1024 }).map((n) => ({ kind: 'huge body', body: Buffer.from(JSON.stringify({ ...VALID_CHARGE, customer: 'x'.repeat(n) })) })),
  fc.integer({ min: 1, max: 5000 }).map((n) => ({ kind: 'many keys', body: json(Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, i]))) })),
  fc.constantFrom(
    '{"__proto__":{"amount":1999,"polluted":true},"currency":"usd","customer":"cus_demo","payment_method":"pm_card_visa"}',
    '{"amount":1999,"currency":"usd","customer":"cus_demo","payment_method":"pm_card_visa","__proto__":{"isAdmin":true}}',
    '{"constructor":{"prototype":{"polluted":true}},"amount":1999}',
    '{"amount":1999,"currency":"usd","customer":"cus_demo","payment_method":"pm_card_visa","constructor":{"name":"x"}}',
    '{"toString":1,"valueOf":2,"hasOwnProperty":3}',
    '{"amount":1999,"amount":"1999"}',
    '\ufeff{"amount":1999,"currency":"usd","customer":"cus_demo","payment_method":"pm_card_visa"}',
    '{"amount":1999,"currency":"usd","customer":"cus_\ud800","payment_method":"pm_card_visa"}',
    '{"amount":1999,"currency":"usd","customer":"cus_demo\\u0000","payment_method":"pm_card_visa"}',
    '{"amount":1e999,"currency":"usd","customer":"cus_demo","payment_method":"pm_card_visa"}',
    '{"amount":-0,"currency":"usd","customer":"cus_demo","payment_method":"pm_card_visa"}',
    '{"credits":1e21,"payment_method":"pm_card_visa"}',
    '{"credits":"__proto__","payment_method":"pm_card_visa"}',
    'null',
    'true',
    '"a string"',
    '12',
    '[]',
    '',
    '{',
    '{"a":}',
    "{'amount':1999}",
    'NaN',
  ).map((text) => ({ kind: 'crafted', body: Buffer.from(text) })),
  fc.uint8Array({ maxLength: 512 }).map((bytes) => ({ kind: 'random bytes', body: Buffer.from(bytes) })),
  fc.string({ unit: 'binary', maxLength: 200 }).map((text) => ({ kind: 'odd unicode', body: json({ ...VALID_CHARGE, customer: text, payment_method: text }) })),
);

export const fuzzCase: fc.Arbitrary<FuzzCase> = fc
  .record({
    method: fc.oneof({ weight: 3, arbitrary: fc.constantFrom('POST', 'GET') }, fc.constantFrom('PUT', 'DELETE', 'PATCH', 'OPTIONS')),
    path: nearPaths,
    authorization,
    contentType,
    idempotencyKey,
    contentEncoding,
    body,
  })
  .map(({ method, path, authorization, contentType, idempotencyKey, contentEncoding, body }) => {
    const headers: Record<string, string> = {};
    if (authorization !== undefined) headers.authorization = authorization;
    if (contentType !== undefined) headers['content-type'] = contentType;
    if (idempotencyKey !== undefined) headers['idempotency-key'] = idempotencyKey;
    if (contentEncoding !== undefined) headers['content-encoding'] = contentEncoding;
    return { kind: body.kind, method, path, headers, body: body.body };
  });
