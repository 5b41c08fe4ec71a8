import { fingerprintKey, idempotencyRedisKey, requestFingerprint } from '@hoptrace/idempotency';
import { CARD_VAULT_KEY, secretKey } from '@hoptrace/runtime';
import { randomUUID } from 'node:crypto';
import { useSystem } from '@hoptrace/testing/jest';

/** Stripe's idempotency keys, checked against the running system, its ledger and its traces. */
const sut = useSystem('idempotency');

const CHARGE = { amount: 2500, currency: 'usd', customer: 'cus_demo', payment_method: 'pm_card_visa' };



async function charge(body: unknown, idempotencyKey?: string) {
  const headers: Record<string, string> = { 'content-type': 'application/json', authorization: 'Bearer sk_test_demo' };
  if (idempotencyKey !== undefined) headers['idempotency-key'] = idempotencyKey;
  const response = await fetch(`${sut.system.gatewayUrl}/v1/charges`, { method: 'POST', headers, body: JSON.stringify(body) });
  return { status: response.status, headers: response.headers, body: (await response.json()) as Record<string, unknown> };
}

const ledgerSize = () => sut.redis.hlen('processor:ledger');

describe('Idempotency-Key', () => {
  it('replays a success with Idempotent-Replayed: true, without charging again or reaching billing', async () => {
    const key = randomUUID();
    const first = await charge(CHARGE, key);
    expect(first.status).toBe(201);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    const ledgerAfterFirst = await ledgerSize();

    const replay = await charge({ ...CHARGE }, key);
    expect(replay.status).toBe(201);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.body).toEqual(first.body);
    expect(await ledgerSize()).toBe(ledgerAfterFirst);

    // The replay's own trace: the gateway alone, marked as a replay and linked to the original.
    const replayTraceId = (replay.headers.get('traceresponse') ?? '').split('-')[1];
    expect(replayTraceId).not.toBe(first.body.trace_id);
    const spans = await sut.jaeger.waitForTrace(replayTraceId, (found) => found.some((span) => span.kind === 'server'), {
      timeoutMs: 30_000,
    });
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const settled = await sut.jaeger.getTrace(replayTraceId);
    expect(new Set(settled.map((span) => span.service))).toEqual(new Set(['gateway']));
    const server = spans.find((span) => span.kind === 'server');
    expect(server?.tags).toMatchObject({
      'idempotency.replayed': true,
      'idempotency.original_trace_id': first.body.trace_id,
    });
    const raw = (await (await fetch(`${sut.system.jaeger.queryUrl}/api/traces/${replayTraceId}`)).json()) as {
      data: Array<{ spans: Array<{ references: Array<{ refType: string; traceID: string }> }> }>;
    };
    const references = raw.data[0].spans.flatMap((span) => span.references);
    expect(references).toContainEqual(expect.objectContaining({ refType: 'FOLLOWS_FROM', traceID: first.body.trace_id }));
  });

  it('replays a decline as the same 402, so a retry never turns into a second attempt at the card', async () => {
    const key = randomUUID();
    const declined = { ...CHARGE, payment_method: 'pm_card_visa_chargeDeclinedInsufficientFunds' };
    const first = await charge(declined, key);
    expect(first.status).toBe(402);
    const replay = await charge(declined, key);
    expect(replay.status).toBe(402);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(replay.body).toEqual(first.body);
  });

  it('answers the same key with different parameters with 422', async () => {
    const key = randomUUID();
    expect((await charge(CHARGE, key)).status).toBe(201);
    const reused = await charge({ ...CHARGE, amount: 9900 }, key);
    expect(reused.status).toBe(422);
    expect(reused.body).toMatchObject({ code: 'idempotency_key_reused', origin: 'gateway', param: 'Idempotency-Key' });
  });

  it('treats the same parameters in another order as the same request', async () => {
    const key = randomUUID();
    expect((await charge(CHARGE, key)).status).toBe(201);
    const { payment_method, customer, currency, amount } = CHARGE;
    const reordered = await charge({ payment_method, customer, currency, amount }, key);
    expect(reordered.status).toBe(201);
    expect(reordered.headers.get('idempotent-replayed')).toBe('true');
  });

  it('answers 409 while a request under the same key is still in flight, on this replica or another', async () => {
    const key = randomUUID();
    // What another gateway replica writes when it starts processing this request (the system runs with the development keys).
    const claim = { state: 'in_flight', fingerprint: requestFingerprint(fingerprintKey(secretKey(CARD_VAULT_KEY, {}).key), 'POST', '/v1/charges', CHARGE), trace_id: '0'.repeat(32), span_id: '0'.repeat(16) };
    await sut.redis.set(idempotencyRedisKey('key_demo', key), JSON.stringify(claim), 'EX', 60);
    const ledgerBefore = await ledgerSize();
    const concurrent = await charge(CHARGE, key);
    expect(concurrent.status).toBe(409);
    expect(concurrent.body).toMatchObject({ code: 'idempotency_key_in_use', origin: 'gateway' });
    expect(await ledgerSize()).toBe(ledgerBefore);
  });

  it('keeps nothing for a request the gateway rejected as malformed: the key stays usable', async () => {
    const key = randomUUID();
    expect((await charge({ ...CHARGE, amount: 'lots' }, key)).status).toBe(400);
    const retried = await charge(CHARGE, key);
    expect(retried.status).toBe(201);
    expect(retried.headers.get('idempotent-replayed')).toBeNull();
  });

  it('rejects an unusable key with 400 naming the header', async () => {
    const answer = await charge(CHARGE, 'k'.repeat(256));
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ code: 'parameter_invalid', param: 'Idempotency-Key' });
  });
});
