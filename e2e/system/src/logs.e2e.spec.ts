import { SERVICE_APPS, waitFor, type ServiceApp } from '@hoptrace/testing';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { useSystem } from '@hoptrace/testing/jest';

/**
 * Logs that meet the traces, checked on the four real processes: every line each service writes is
 * one JSON object, a line written while handling a request (HTTP or queue job) names the trace that
 * Jaeger shows for it, and nothing secret sent with a request reaches any log.
 */
const API_KEY = 'sk_test_demo';
/** Secrets sent with every request besides the API key; none may be logged. */
const COOKIE = 'session=cookie-s3cr3t';
const HEADER_KEY = 'sk_test_header_only_0000';
const SECRETS = ['Bearer', 'sk_test_', 's3cr3t'];

type Line = Record<string, unknown> & { service?: string; msg?: string; trace_id?: string };

interface Answer {
  status: number;
  body: Record<string, unknown>;
  traceId: string;
}


const sut = useSystem('logs');
let succeeded: Answer;
let declined: Answer;

/** What the service wrote to stdout and stderr, without the harness' own `--- starting …` markers. */
const rawLines = (app: ServiceApp): string[] =>
  readFileSync(join(sut.dir, `${app}.log`), 'utf8')
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('--- '));
const linesOf = (app: ServiceApp): Line[] => rawLines(app).map((line) => JSON.parse(line) as Line);

/** The gateway's pino-http line for the request of a trace, once the response has finished. */
const requestLine = (traceId: string): Line | undefined =>
  linesOf('gateway').find((line) => line.trace_id === traceId && 'responseTime' in line);

async function charge(paymentMethod: string): Promise<Answer> {
  const response = await fetch(`${sut.system.gatewayUrl}/v1/charges`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${API_KEY}`,
      cookie: COOKIE,
      'x-api-key': HEADER_KEY,
    },
    body: JSON.stringify({ amount: 1999, currency: 'usd', customer: 'cus_demo', payment_method: paymentMethod }),
  });
  const body = (await response.json()) as Record<string, unknown>;
  return { status: response.status, body, traceId: body.trace_id as string };
}

beforeAll(async () => {
  succeeded = await charge('pm_card_visa');
  declined = await charge('pm_card_visa_chargeDeclinedInsufficientFunds');
  // pino-http writes its line when the response has finished, which can come after the client has it.
  await waitFor(async () => [succeeded, declined].every((answer) => requestLine(answer.traceId) !== undefined), {
    what: 'the gateway’s request lines',
    timeoutMs: 10_000,
    logFile: join(sut.dir, 'gateway.log'),
  });
}, 120_000);


it('answers the two charges: 201 and a 402 decline, each naming its trace', () => {
  expect(succeeded).toMatchObject({ status: 201, body: { status: 'succeeded' } });
  expect(declined).toMatchObject({ status: 402, body: { code: 'card_declined', decline_code: 'insufficient_funds' } });
  for (const answer of [succeeded, declined]) expect(answer.traceId).toMatch(/^[0-9a-f]{32}$/);
  expect(succeeded.traceId).not.toBe(declined.traceId);
});

it.each(SERVICE_APPS)('%s writes only JSON lines, each naming the service, a level, a time and a message', (app) => {
  const raw = rawLines(app);
  expect(raw.length).toBeGreaterThan(0);
  const unparsable = raw.filter((line) => {
    try {
      const parsed: unknown = JSON.parse(line);
      return typeof parsed !== 'object' || parsed === null || Array.isArray(parsed);
    } catch {
      return true;
    }
  });
  expect(unparsable).toEqual([]);
  for (const line of linesOf(app)) {
    expect(line).toMatchObject({ service: app, level: expect.any(Number), time: expect.any(Number), msg: expect.any(String) });
  }
});

it.each([
  ['succeeding', () => succeeded, 201],
  ['declined', () => declined, 402],
])('the gateway logs the %s charge’s request once: method, path, status, time, and its trace', (_name, answer, status) => {
  const { traceId } = answer();
  const lines = linesOf('gateway').filter((line) => line.trace_id === traceId && 'responseTime' in line);
  expect(lines).toEqual([
    {
      level: 30,
      time: expect.any(Number),
      service: 'gateway',
      trace_id: traceId,
      span_id: expect.stringMatching(/^[0-9a-f]{16}$/),
      trace_flags: '01',
      req: { method: 'POST', url: '/v1/charges' },
      res: { statusCode: status },
      responseTime: expect.any(Number),
      msg: 'request completed',
    },
  ]);
});

it('billing logs each charge’s outcome while handling its job, in the same trace as the request', () => {
  const billing = linesOf('billing');
  expect(billing.filter((line) => line.trace_id === succeeded.traceId)).toEqual([
    expect.objectContaining({
      msg: 'charge succeeded',
      charge_id: succeeded.body.id,
      customer: 'cus_demo',
      span_id: expect.stringMatching(/^[0-9a-f]{16}$/),
      context: 'ChargeHandler',
    }),
  ]);
  expect(billing.filter((line) => line.trace_id === declined.traceId)).toEqual([
    expect.objectContaining({
      msg: 'charge declined',
      charge_id: expect.stringMatching(/^ch_/),
      code: 'card_declined',
      decline_code: 'insufficient_funds',
      origin: 'payment-processor',
      context: 'ChargeHandler',
    }),
  ]);
});

it('logs no health probe, though the harness probed every service until it was up', () => {
  for (const app of SERVICE_APPS) {
    const probes = linesOf(app).filter((line) => (line.req as { url?: string } | undefined)?.url?.startsWith('/healthz'));
    expect(probes).toEqual([]);
  }
});

it.each(SERVICE_APPS)('%s logs no secret: no bearer token, API key or cookie', (app) => {
  const raw = rawLines(app).join('\n');
  for (const secret of SECRETS) expect(raw).not.toContain(secret);
});
