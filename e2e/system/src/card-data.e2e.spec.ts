import { chargeIdFor } from '@hoptrace/idempotency';
import { waitFor, type TraceSpan } from '@hoptrace/testing';
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { FaultStore } from '@hoptrace/faults';
import { GatewayClient, runScenario, SCENARIOS, WebhookReceiver } from '@hoptrace/scenarios';
import { dumpRedis, jaegerTracesOf, logFiles, scanText, type CardSecrets, type Finding } from './support/card-data-scan';
import { useSystem } from '@hoptrace/testing/jest';
import { DEFAULT_QUEUE_PREFIX } from '@hoptrace/runtime';
import { BILLING_REPLY_TIMEOUT_MS, scenarioContext } from './support/scenario-context';

/**
 * Raw cards through the whole system, every test card outcome, then a search for the card numbers
 * and CVCs in everything the system keeps or emits: every span Jaeger holds, of every service; every
 * service's log; every key and value in Redis (job payloads and return values included); every
 * webhook a merchant received; every answer. None may be there.
 */
// Short timeouts and retries, so that every scenario of the catalogue runs here in seconds.
const sut = useSystem('card-data', {
  env: { BILLING_REPLY_TIMEOUT_MS: String(BILLING_REPLY_TIMEOUT_MS), GATEWAY_REPLY_TIMEOUT_MS: '4000', WEBHOOK_RETRY_SCHEDULE_MS: '500,1000,2000' },
});
const API_KEY = 'sk_test_demo';
const API_KEY_ID = 'key_demo';

interface CardCase {
  name: string;
  number: string;
  cvc: string;
  exp_year?: number;
  status: number;
  code?: string;
  decline_code?: string;
}

// CVCs from 900 up: they are looked for as whole JSON strings too, and no job id of this test gets that high (checked below).
const CASES: CardCase[] = [
  { name: 'visa', number: '4242424242424242', cvc: '913', status: 201 },
  { name: 'visa debit', number: '4000056655665556', cvc: '924', status: 201 },
  { name: 'mastercard', number: '5555555555554444', cvc: '935', status: 201 },
  { name: 'amex', number: '371449635398431', cvc: '9461', status: 201 },
  { name: 'generic decline', number: '4000000000000002', cvc: '957', status: 402, code: 'card_declined', decline_code: 'generic_decline' },
  { name: 'insufficient funds', number: '4000000000009995', cvc: '968', status: 402, code: 'card_declined', decline_code: 'insufficient_funds' },
  { name: 'expired card', number: '4000000000000069', cvc: '979', status: 402, code: 'expired_card', decline_code: 'expired_card' },
  { name: 'incorrect cvc', number: '4000000000000127', cvc: '981', status: 402, code: 'incorrect_cvc', decline_code: 'incorrect_cvc' },
  { name: 'processing error', number: '4000000000000119', cvc: '992', status: 402, code: 'processing_error', decline_code: 'processing_error' },
  { name: 'fraudulent', number: '4100000000000019', cvc: '903', status: 402, code: 'card_declined', decline_code: 'fraudulent' },
  { name: 'lost card', number: '4000000000009987', cvc: '915', status: 402, code: 'card_declined', decline_code: 'lost_card' },
  { name: 'stolen card', number: '4000000000009979', cvc: '926', status: 402, code: 'card_declined', decline_code: 'stolen_card' },
  { name: 'past expiry', number: '4242424242424242', cvc: '937', exp_year: 2020, status: 402, code: 'expired_card', decline_code: 'expired_card' },
  { name: 'a real card in test mode', number: '4111111111111111', cvc: '948', status: 402, code: 'card_declined', decline_code: 'test_mode_live_card' },
];

/** Numbers and CVCs of bad requests, which must not come back in the error either. */
const BAD_NUMBER = '4242424242424241';
const BAD_CVC_CARD = '5105105105105100';

/** The CVC of every raw card the scenarios pay with. */
const SCENARIO_CVC = '984';

const SECRETS: CardSecrets = {
  numbers: [...new Set([...CASES.map((card) => card.number), BAD_NUMBER, BAD_CVC_CARD])],
  cvcs: [...new Set([...CASES.map((card) => card.cvc), '959', '971', SCENARIO_CVC])],
};

const EXP_YEAR = new Date().getUTCFullYear() + 3;

interface Answer {
  status: number;
  text: string;
  body: Record<string, any>;
  headers: Headers;
}

/** Every answer the gateway gave in this test: they are scanned too. */
const answers: Answer[] = [];

async function api(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  const response = await fetch(`${sut.system.gatewayUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  const answer = { status: response.status, text, body: JSON.parse(text) as Record<string, any>, headers: response.headers };
  answers.push(answer);
  return answer;
}

const card = (number: string, cvc: string, exp_year = EXP_YEAR, exp_month = 12) => ({ card: { number, exp_month, exp_year, cvc } });

const chargeWith = (payment_method: unknown, key: string, customer = 'cus_demo') =>
  api('POST', '/v1/charges', { amount: 1999, currency: 'usd', customer, payment_method }, { 'idempotency-key': key });

// ---------------------------------------------------------------------------------------------
// A merchant's webhook receiver: every body it gets is scanned.

const received: { body: string; chargeId?: string }[] = [];
let receiver: Server;

beforeAll(async () => {
  receiver = createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (body += chunk));
    request.on('end', () => {
      received.push({ body, chargeId: (JSON.parse(body) as { data?: { id?: string } }).data?.id });
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
});

afterAll(() => new Promise<void>((resolve) => receiver.close(() => resolve())));

// ---------------------------------------------------------------------------------------------

/** Charges whose trace and webhook are waited for before the scan: id, trace, whether an event is expected. */
const traced: { chargeId: string; traceId: string; event: boolean }[] = [];

describe('raw cards', () => {
  beforeAll(async () => {
    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks/cards`;
    const endpoint = await api('POST', '/v1/webhook_endpoints', { url, enabled_events: ['*'] });
    expect(endpoint.status).toBe(201);
  });

  it.each(CASES)('$name: $number is answered $status, with a card summary and never the number', async (given) => {
    const key = randomUUID();
    const answer = await chargeWith(card(given.number, given.cvc, given.exp_year), key);
    expect(answer.status).toBe(given.status);
    const chargeId = chargeIdFor(API_KEY_ID, key);
    traced.push({ chargeId, traceId: answer.body.trace_id, event: true });
    if (given.status === 201) {
      expect(answer.body).toMatchObject({
        id: chargeId,
        object: 'charge',
        status: 'succeeded',
        payment_method: expect.stringMatching(/^pm_[0-9A-Za-z]{24}$/),
        payment_method_details: {
          type: 'card',
          card: { last4: given.number.slice(-4), exp_month: 12, exp_year: EXP_YEAR, brand: expect.any(String) },
        },
      });
    } else {
      expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(answer.body).toMatchObject({ code: given.code, decline_code: given.decline_code, origin: 'payment-processor' });
    }
    expect(answer.text).not.toContain(given.number);
  });

  it('has the brands right', async () => {
    const brands = await Promise.all(
      [
        ['4242424242424242', 'visa'],
        ['5555555555554444', 'mastercard'],
        ['371449635398431', 'amex'],
      ].map(async ([number, brand]) => {
        const answer = await chargeWith(card(number, '959'), randomUUID());
        traced.push({ chargeId: answer.body.id, traceId: answer.body.trace_id, event: true });
        return [answer.body.payment_method_details?.card?.brand, brand];
      }),
    );
    for (const [got, expected] of brands) expect(got).toBe(expected);
  });

  it('replays an idempotent charge with a raw card from the stored answer, which holds only the summary', async () => {
    const key = randomUUID();
    const first = await chargeWith(card('4242424242424242', '913'), key);
    const replay = await chargeWith(card('4242424242424242', '913'), key);
    expect(replay.status).toBe(201);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.body.id).toBe(first.body.id);
    traced.push({ chargeId: first.body.id, traceId: first.body.trace_id, event: true });
    // Another card under the same key is another request.
    expect((await chargeWith(card('5555555555554444', '913'), key)).status).toBe(422);
  });

  it('buys credits with a raw card, and a declined one buys none', async () => {
    const bought = await api('POST', '/v1/credits', { credits: 60, payment_method: card('4242424242424242', '971') }, { 'idempotency-key': randomUUID() });
    expect(bought.status).toBe(201);
    expect(bought.body.charge.payment_method_details.card).toMatchObject({ brand: 'visa', last4: '4242' });
    traced.push({ chargeId: bought.body.charge.id, traceId: bought.body.charge.trace_id, event: true });
    const key = randomUUID();
    const declined = await api('POST', '/v1/credits', { credits: 60, payment_method: card('4000000000009995', '968') }, { 'idempotency-key': key });
    expect(declined.status).toBe(402);
    expect(declined.body).toMatchObject({ decline_code: 'insufficient_funds', origin: 'payment-processor' });
    traced.push({ chargeId: chargeIdFor(API_KEY_ID, key), traceId: declined.body.trace_id, event: true });
  });

  it('refuses a past-due customer in billing: the sealed card went that far and no further', async () => {
    const answer = await chargeWith(card('4242424242424242', '913'), randomUUID(), 'cus_past_due');
    expect(answer.status).toBe(402);
    expect(answer.body).toMatchObject({ code: 'invoice_past_due', origin: 'billing' });
    traced.push({ chargeId: '', traceId: answer.body.trace_id, event: false });
  });

  it.each([
    ['a number failing the Luhn check', card(BAD_NUMBER, '959'), 'parameter_invalid', 'payment_method[card][number]'],
    ['a number with letters', card('4242x42424242424', '959'), 'parameter_invalid', 'payment_method[card][number]'],
    ['a number given as a number', { card: { number: 4242424242424242, exp_month: 12, exp_year: EXP_YEAR, cvc: '959' } }, 'parameter_invalid', 'payment_method[card][number]'],
    ['month 13', card('4242424242424242', '959', EXP_YEAR, 13), 'parameter_invalid', 'payment_method[card][exp_month]'],
    ['month 0', card('4242424242424242', '959', EXP_YEAR, 0), 'parameter_invalid', 'payment_method[card][exp_month]'],
    ['a two-digit year', card('4242424242424242', '959', 29), 'parameter_invalid', 'payment_method[card][exp_year]'],
    ['a two-digit CVC', card(BAD_CVC_CARD, '97'), 'parameter_invalid', 'payment_method[card][cvc]'],
    ['a five-digit CVC', card(BAD_CVC_CARD, '97111'), 'parameter_invalid', 'payment_method[card][cvc]'],
    ['a CVC with letters', card(BAD_CVC_CARD, '9a1'), 'parameter_invalid', 'payment_method[card][cvc]'],
    ['no CVC', { card: { number: BAD_CVC_CARD, exp_month: 12, exp_year: EXP_YEAR } }, 'parameter_missing', 'payment_method[card][cvc]'],
    ['no card', {}, 'parameter_missing', 'payment_method[card]'],
    ['a card that is a string', { card: BAD_CVC_CARD }, 'parameter_invalid', 'payment_method[card]'],
    ['an unknown card field', { card: { ...card(BAD_CVC_CARD, '959').card, name: 'x' } }, 'parameter_unknown', 'payment_method[card][name]'],
    ['an unknown field beside the card', { ...card(BAD_CVC_CARD, '959'), cvc: '959' }, 'parameter_unknown', 'payment_method[cvc]'],
    ['a number instead of a payment method', 4242424242424242, 'parameter_invalid', 'payment_method'],
    ['a list', [card(BAD_CVC_CARD, '959')], 'parameter_invalid', 'payment_method'],
  ])('refuses %s with a 400 problem naming the field, never quoting the card', async (_case, paymentMethod, code, param) => {
    const answer = await chargeWith(paymentMethod, randomUUID());
    expect(answer.status).toBe(400);
    expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(answer.body).toMatchObject({ code, param, origin: 'gateway' });
    expect(answer.text).not.toMatch(/4242424242424242|4242424242424241|5105105105105100|4242x/);
    expect(answer.text).not.toMatch(/"(959|97|97111|9a1)"/);
  });

  it('does not echo a card number a client puts in a URL, in the answer, the span or the log', async () => {
    const answer = await api('GET', '/v1/charges/4000000000009995?number=4000-0000-0000-9995');
    expect(answer.status).toBe(404);
    expect(answer.body).toMatchObject({ code: 'route_not_found' });
    expect(answer.text).not.toMatch(/4000000000009995|4000-0000-0000-9995/);
    expect(answer.body.instance).toContain('[REDACTED:card]');
    traced.push({ chargeId: '', traceId: answer.body.trace_id, event: false });
  });
});

describe('every scenario of the catalogue, paying with raw cards', () => {
  let receiver: WebhookReceiver;
  let faults: FaultStore;

  beforeAll(async () => {
    faults = new FaultStore(sut.redis, DEFAULT_QUEUE_PREFIX);
    receiver = new WebhookReceiver({ faults });
    await receiver.start();
  });

  afterAll(() => receiver?.stop());

  it.each(SCENARIOS.map((scenario) => [scenario.name, scenario]))('%s ends as it does with pm_ ids', async (_name, scenario) => {
    const context = scenarioContext(sut, {
      gateway: new GatewayClient(sut.system.gatewayUrl),
      faults,
      receiver,
      options: { rawCardCvc: SCENARIO_CVC },
      jaegerUiUrl: sut.system.jaeger.queryUrl,
    });
    const result = await runScenario(scenario, context);
    expect({ scenario: scenario.name, differences: result.differences }).toEqual({ scenario: scenario.name, differences: [] });
  });
});

describe('the scan', () => {
  const findings: Finding[] = [];
  /** How much was read, for the figures of docs/reliability.md. */
  const scanned = { redisKeys: 0, jaegerTraces: 0, logBytes: 0, webhooks: 0, answers: 0 };
  const CONTROL = '4000000000009995';
  const CONTROL_SERVICE = 'card-scan-control';

  beforeAll(async () => {
    // Wait until every trace is complete in Jaeger, webhook attempts included, and every charge event was delivered.
    const withEvents = traced.filter((charge) => charge.event);
    await waitFor(async () => withEvents.every((charge) => received.some((hook) => hook.chargeId === charge.chargeId)), {
      what: `webhooks for ${withEvents.length} charges`,
      timeoutMs: 30_000,
      logFile: sut.system.services.notifier.process.logFile,
    });
    for (const { traceId, event } of traced) {
      await sut.jaeger.waitForTrace(traceId, (spans: TraceSpan[]) =>
        event ? spans.some((span) => span.service === 'notifier' && span.kind === 'client') : spans.some((span) => span.service === 'gateway'),
      );
    }

    // Controls: the same number and a CVC planted where the scan must find them, so a scan that
    // reads nothing cannot pass. Redis gets one key of each type, Jaeger a span of a service of its own.
    const planted = `{"number":"${CONTROL}","cvc":"968"}`;
    await sut.redis
      .multi()
      .set('card-scan-control:string', planted)
      .hset('card-scan-control:hash', 'data', planted)
      .rpush('card-scan-control:list', planted)
      .sadd('card-scan-control:set', planted)
      .zadd('card-scan-control:zset', 1, planted)
      .xadd('card-scan-control:stream', '*', 'data', planted)
      .exec();
    const now = BigInt(Date.now()) * 1_000_000n;
    const otlp = await fetch(`${sut.system.jaeger.otlpHttpEndpoint}/v1/traces`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        resourceSpans: [{
          resource: { attributes: [{ key: 'service.name', value: { stringValue: CONTROL_SERVICE } }] },
          scopeSpans: [{
            spans: [{
              traceId: randomUUID().replace(/-/g, ''),
              spanId: randomUUID().replace(/-/g, '').slice(0, 16),
              name: 'planted',
              kind: 1,
              startTimeUnixNano: String(now),
              endTimeUnixNano: String(now + 1_000_000n),
              attributes: [{ key: 'planted.card', value: { stringValue: planted } }],
            }],
          }],
        }],
      }),
    });
    expect(otlp.ok).toBe(true);
    await waitFor(async () => (await jaegerTracesOf(sut.system.jaeger.queryUrl, CONTROL_SERVICE)).traces > 0, {
      what: 'the planted span in Jaeger',
      timeoutMs: 20_000,
    });
    writeFileSync(join(sut.dir, `${CONTROL_SERVICE}.log`), `${planted}\n`);
  }, 120_000);

  it('reads every Redis key, and no job id of this test reaches the CVCs (so a whole-string CVC match means a CVC)', async () => {
    const entries = await dumpRedis(sut.redis);
    const jobCounters = entries.filter((entry) => entry.type === 'string' && /:id$/.test(entry.key));
    expect(jobCounters.length).toBeGreaterThanOrEqual(3);
    for (const counter of jobCounters) expect(Number(JSON.parse(counter.text.split('\n')[1]))).toBeLessThan(900);
    // Job payloads are there to scan: the sealed cards went through the billing and processor queues.
    expect(entries.some((entry) => entry.type === 'hash' && entry.text.includes('sealed'))).toBe(true);
    for (const entry of entries) findings.push(...scanText(`redis ${entry.key} (${entry.type})`, entry.text, SECRETS));
    scanned.redisKeys = entries.length;
  });

  it('reads every trace of every service in Jaeger', async () => {
    const services = await sut.jaeger.services();
    expect(services).toEqual(expect.arrayContaining(['gateway', 'billing', 'payment-processor', 'notifier', CONTROL_SERVICE]));
    for (const service of services) {
      const { text, traces } = await jaegerTracesOf(sut.system.jaeger.queryUrl, service);
      if (['gateway', 'billing', 'payment-processor', 'notifier'].includes(service)) expect(traces).toBeGreaterThan(0);
      findings.push(...scanText(`jaeger service ${service}`, text, SECRETS));
      scanned.jaegerTraces += traces;
    }
  });

  it('reads every log', () => {
    const logs = logFiles(sut.dir);
    expect(logs.map((log) => log.name)).toEqual(
      expect.arrayContaining(['gateway.log', 'billing.log', 'payment-processor.log', 'notifier.log']),
    );
    for (const { name, text } of logs) findings.push(...scanText(`log ${name}`, text, SECRETS));
    scanned.logBytes = logs.reduce((bytes, log) => bytes + Buffer.byteLength(log.text), 0);
    // Nor an API key (sent on every request here) or a webhook signing secret (made in this test).
    for (const { name, text } of logs.filter((log) => !log.name.startsWith(CONTROL_SERVICE))) {
      expect({ name, apiKey: text.includes(API_KEY), signingSecret: text.includes('whsec_') }).toEqual({ name, apiKey: false, signingSecret: false });
    }
  });

  it('reads every webhook and every answer', () => {
    expect(received.length).toBeGreaterThanOrEqual(CASES.length);
    received.forEach((hook, index) => findings.push(...scanText(`webhook ${index}`, hook.body, SECRETS)));
    answers.forEach((answer, index) => findings.push(...scanText(`answer ${index}`, answer.text, SECRETS)));
    Object.assign(scanned, { webhooks: received.length, answers: answers.length });
  });

  it('finds the planted controls, and no card number or CVC anywhere else', () => {
    const isControl = (finding: Finding) => finding.where.includes(CONTROL_SERVICE);
    const controls = findings.filter(isControl);
    expect([...new Set(controls.map((finding) => finding.where))].sort()).toEqual(
      [
        'jaeger service card-scan-control',
        `log ${CONTROL_SERVICE}.log`,
        ...['hash', 'list', 'set', 'stream', 'string', 'zset'].map((type) => `redis ${CONTROL_SERVICE}:${type} (${type})`),
      ].sort(),
    );
    expect(controls.some((finding) => finding.what === `card number ${CONTROL}`)).toBe(true);
    expect(controls.some((finding) => finding.what.startsWith('CVC 968'))).toBe(true);
    const leaks = findings.filter((finding) => !isControl(finding));
    // One line of figures: what was searched, and what was found.
    process.stdout.write(
      `card data scan: ${SECRETS.numbers.length} card numbers and ${SECRETS.cvcs.length} CVCs searched in ${scanned.redisKeys} Redis keys, ` +
        `${scanned.jaegerTraces} traces (per service), ${scanned.logBytes} bytes of logs, ${scanned.webhooks} webhooks and ` +
        `${scanned.answers} answers; found ${leaks.length} (and ${controls.length} planted)\n`,
    );
    expect(leaks).toEqual([]);
  });
});
