import { DEMO_API_KEYS } from '@hoptrace/access';
import { useSystem } from '@hoptrace/testing/jest';

/**
 * The statuses a payment API answers before any payment is considered: who is calling (401), may
 * they (403), and how often (429). None of them reaches a queue.
 */
const RATE_LIMIT = 3;
const CHARGE = { amount: 1999, currency: 'usd', customer: 'cus_demo', payment_method: 'pm_card_visa' };

// Two replicas of the gateway on the same Redis: the rate limit must count across both.
const sut = useSystem('access', { env: { PAYMENT_RATE_LIMIT_PER_MINUTE: String(RATE_LIMIT) }, replicas: { gateway: 2 } });
const secondGateway = () => sut.system.gatewayUrls[1];

async function charge(headers: Record<string, string>, baseUrl = sut.system.gatewayUrl) {
  const response = await fetch(`${baseUrl}/v1/charges`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(CHARGE),
  });
  return { status: response.status, headers: response.headers, body: (await response.json()) as Record<string, unknown> };
}

const billingJobs = async () => (await sut.redis.keys('hoptrace:billing:*')).filter((key) => /:billing:[^:]+$/.test(key) && /\d+$/.test(key)).length;

describe('API keys', () => {
  it('answers a request without a key with 401 and WWW-Authenticate: Bearer, before any queue is touched', async () => {
    const before = await billingJobs();
    const answer = await charge({});
    expect(answer.status).toBe(401);
    expect(answer.headers.get('www-authenticate')).toBe('Bearer realm="hoptrace"');
    expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(answer.body).toMatchObject({ status: 401, code: 'authentication_required', origin: 'gateway' });
    expect(answer.body.trace_id).toMatch(/^[0-9a-f]{32}$/);
    expect(await billingJobs()).toBe(before);
  });

  it('answers an unknown key with 401 invalid_token and never echoes the key back', async () => {
    const answer = await charge({ authorization: 'Bearer sk_test_not_a_real_key_1234' });
    expect(answer.status).toBe(401);
    expect(answer.headers.get('www-authenticate')).toBe('Bearer realm="hoptrace", error="invalid_token"');
    expect(JSON.stringify(answer.body)).not.toContain('sk_test_not_a_real_key_1234');
    expect(answer.body.detail).toContain('1234');
  });

  it('answers a known key without the permission with 403', async () => {
    const answer = await charge({ authorization: 'Bearer sk_test_readonly' });
    expect(answer.status).toBe(403);
    expect(answer.body).toMatchObject({ status: 403, code: 'permission_denied', origin: 'gateway' });
  });

  it('stores keys only as hashes: no Redis key or value holds a secret', async () => {
    const keys = await sut.redis.keys('gateway:api_key:*');
    expect(keys).toHaveLength(DEMO_API_KEYS.length);
    const values = await Promise.all(keys.map((key) => sut.redis.get(key)));
    const everything = [...keys, ...values].join('\n');
    for (const { key } of DEMO_API_KEYS) expect(everything).not.toContain(key);
  });
});

describe('the payment rate limit', () => {
  it(`lets ${RATE_LIMIT} charges a minute through per key, counted across gateway replicas, then answers 429 with Retry-After`, async () => {
    const auth = { authorization: 'Bearer sk_test_demo' };
    const statuses: number[] = [];
    for (let attempt = 0; attempt < RATE_LIMIT; attempt++) {
      statuses.push((await charge(auth, attempt % 2 === 0 ? sut.system.gatewayUrl : secondGateway())).status);
    }
    expect(statuses).toEqual(Array(RATE_LIMIT).fill(201));

    for (const baseUrl of [sut.system.gatewayUrl, secondGateway()]) {
      const limited = await charge(auth, baseUrl);
      expect(limited.status).toBe(429);
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(limited.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(limited.body).toMatchObject({ status: 429, code: 'rate_limited', origin: 'gateway' });
    }
  });

  it('does not limit public endpoints such as health checks', async () => {
    const answers = await Promise.all(Array.from({ length: RATE_LIMIT + 2 }, () => fetch(`${sut.system.gatewayUrl}/healthz`)));
    expect(answers.map((answer) => answer.status)).toEqual(Array(RATE_LIMIT + 2).fill(200));
  });
});
