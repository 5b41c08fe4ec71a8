import { freePort, startProcess, tailFile, waitFor, type ProcessHandle, type TraceSpan } from '@hoptrace/testing';
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { join } from 'node:path';
import { Webhook } from 'standardwebhooks';
import { useSystem } from '@hoptrace/testing/jest';

/**
 * Signed webhooks, checked from the outside: endpoints registered through the gateway, a real local
 * HTTP receiver that verifies every request with the standardwebhooks library, retries on the
 * schedule below, the dead-letter list and its replay, 410 disabling an endpoint, the attempts in the
 * charge's trace in Jaeger, and no signing secret anywhere in Redis.
 */
const SCHEDULE = [200, 400, 800];
const sut = useSystem('webhooks', { env: { WEBHOOK_RETRY_SCHEDULE_MS: SCHEDULE.join(',') } });

const API_KEY = 'sk_test_demo';
const WAIT = { timeoutMs: 30_000, intervalMs: 50 };

// ---------------------------------------------------------------------------------------------
// The receiver: one node:http server, one path per endpoint, each answering as its test needs.

interface Answer {
  status: number;
  headers?: Record<string, string>;
  /** Milliseconds to hold the request before answering. */
  holdMs?: number;
}

interface Received {
  path: string;
  /** When the request arrived, and when it was answered (ms since the epoch, receiver clock). */
  at: number;
  answeredAt?: number;
  headers: IncomingHttpHeaders;
  body: string;
  verified: boolean;
  verifyError?: string;
  payload?: { type: string; timestamp: string; data: Record<string, unknown> };
  answered: number;
}

interface Route {
  secret?: string;
  /** The answer to the n-th request on this path (0-based). */
  answer: (n: number) => Answer;
}

const routes = new Map<string, Route>();
const received: Received[] = [];
const sockets = new Set<Socket>();
let receiver: Server;
let receiverUrl: string;

function handle(path: string, body: string, headers: IncomingHttpHeaders, response: ServerResponse): void {
  const route = routes.get(path);
  const entry: Received = { path, at: Date.now(), headers, body, verified: false, answered: 404 };
  try {
    if (!route?.secret) throw new Error(`no secret for ${path}`);
    // Every request is verified as a merchant would: the library, the raw body, the endpoint's secret.
    entry.payload = new Webhook(route.secret).verify(body, headers as Record<string, string>) as Received['payload'];
    entry.verified = true;
  } catch (error) {
    entry.verifyError = (error as Error).message;
  }
  const n = received.filter((earlier) => earlier.path === path).length;
  received.push(entry);
  const answer = route ? route.answer(n) : { status: 404 };
  entry.answered = answer.status;
  setTimeout(() => {
    entry.answeredAt = Date.now();
    response.writeHead(answer.status, answer.headers).end();
  }, answer.holdMs ?? 0);
}

beforeAll(async () => {
  receiver = createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (body += chunk));
    request.on('end', () => handle(new URL(request.url ?? '/', 'http://receiver').pathname, body, request.headers, response));
  });
  receiver.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  const port = await freePort();
  await new Promise<void>((resolve) => receiver.listen(port, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
});

afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await new Promise<void>((resolve) => receiver?.close(() => resolve()));
});

// ---------------------------------------------------------------------------------------------
// The API.

interface ApiAnswer {
  status: number;
  headers: Headers;
  text: string;
  body: Record<string, any>;
}

async function api(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown, key = API_KEY): Promise<ApiAnswer> {
  const response = await fetch(`${sut.system.gatewayUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, body: JSON.parse(text) as Record<string, any> };
}

/** Every secret the API handed out: none of them may be found in Redis. */
const secrets: string[] = [];

/** Registers an endpoint for `path` on the receiver, answering with `answer`. */
async function register(path: string, answer: Route['answer'], enabled_events: string[] = ['charge.succeeded']): Promise<Record<string, any>> {
  const route: Route = { answer };
  routes.set(path, route);
  const created = await api('POST', '/v1/webhook_endpoints', { url: `${receiverUrl}${path}`, enabled_events, description: `receiver ${path}` });
  expect(created.status).toBe(201);
  route.secret = created.body.secret;
  secrets.push(created.body.secret);
  return created.body;
}

const charge = (payment_method = 'pm_card_visa') =>
  api('POST', '/v1/charges', { amount: 1999, currency: 'usd', customer: 'cus_demo', payment_method });

/** What `path` received about the charge `chargeId`, in arrival order. */
const deliveriesOf = (path: string, chargeId: string): Received[] =>
  received.filter((entry) => entry.path === path && entry.payload?.data?.id === chargeId);

async function waitForDeliveries(path: string, chargeId: string, count: number): Promise<Received[]> {
  await waitFor(async () => deliveriesOf(path, chargeId).length >= count, {
    what: `${count} webhook request(s) for ${chargeId} at ${path}`,
    ...WAIT,
    logFile: sut.system.services.notifier.process.logFile,
  });
  return deliveriesOf(path, chargeId);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function deadLetters(): Promise<Record<string, any>[]> {
  const answer = await api('GET', '/v1/webhook_deliveries?status=dead&limit=100');
  expect(answer.status).toBe(200);
  expect(answer.body).toMatchObject({ object: 'list', url: '/v1/webhook_deliveries', has_more: false });
  return answer.body.data;
}

/** Attempts arrive in order, each at least the schedule's wait after the one before. */
function expectScheduledGaps(attempts: Received[], waits: number[]): void {
  const times = attempts.map((attempt) => attempt.at);
  expect([...times].sort((a, b) => a - b)).toEqual(times);
  waits.forEach((wait, index) => expect(times[index + 1] - times[index]).toBeGreaterThanOrEqual(wait));
}

// ---------------------------------------------------------------------------------------------

describe('webhook endpoints', () => {
  it('registers one with 201 and shows its whsec_ secret that once; the list never shows it', async () => {
    const created = await register('/hooks/registered', () => ({ status: 204 }), ['charge.succeeded', 'charge.failed']);
    expect(created).toEqual({
      id: expect.stringMatching(/^we_[0-9A-Za-z]{24}$/),
      object: 'webhook_endpoint',
      url: `${receiverUrl}/hooks/registered`,
      enabled_events: ['charge.succeeded', 'charge.failed'],
      status: 'enabled',
      description: 'receiver /hooks/registered',
      secret: expect.stringMatching(/^whsec_[A-Za-z0-9+/]{43}=$/),
      created: expect.any(Number),
    });

    const list = await api('GET', '/v1/webhook_endpoints');
    expect(list.status).toBe(200);
    expect(list.body).toMatchObject({ object: 'list', url: '/v1/webhook_endpoints', has_more: false });
    const { secret: _shownOnce, ...withoutSecret } = created;
    expect(list.body.data).toContainEqual(withoutSecret);
    expect(list.text).not.toContain('whsec_');
    expect(list.body.data.every((endpoint: object) => !('secret' in endpoint))).toBe(true);
  });

  it.each([
    ['an unknown event', { url: 'https://example.com/hooks', enabled_events: ['charge.refunded'] }, 'parameter_invalid', 'enabled_events'],
    ['an ftp URL', { url: 'ftp://example.com/hooks', enabled_events: ['*'] }, 'parameter_invalid', 'url'],
    ['a relative URL', { url: '/hooks', enabled_events: ['*'] }, 'parameter_invalid', 'url'],
    ['no events', { url: 'https://example.com/hooks' }, 'parameter_missing', 'enabled_events'],
    ['a secret of its own', { url: 'https://example.com/hooks', enabled_events: ['*'], secret: 'whsec_x' }, 'parameter_unknown', 'secret'],
  ])('refuses %s with a 400 problem naming the field', async (_case, body, code, param) => {
    const answer = await api('POST', '/v1/webhook_endpoints', body);
    expect(answer.status).toBe(400);
    expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(answer.body).toMatchObject({ status: 400, code, param, origin: 'gateway', instance: '/v1/webhook_endpoints' });
  });

  it('needs an API key with webhook_endpoints:write', async () => {
    const body = { url: 'https://example.com/hooks', enabled_events: ['*'] };
    expect(await api('POST', '/v1/webhook_endpoints', body, 'sk_test_nope')).toMatchObject({ status: 401, body: { code: 'authentication_required' } });
    expect(await api('POST', '/v1/webhook_endpoints', body, 'sk_test_readonly')).toMatchObject({ status: 403, body: { code: 'permission_denied' } });
    expect(await api('GET', '/v1/webhook_endpoints', undefined, 'sk_test_readonly')).toMatchObject({ status: 403 });
    expect(await api('GET', '/v1/webhook_deliveries?status=dead', undefined, 'sk_test_readonly')).toMatchObject({ status: 403 });
    expect(await api('POST', '/v1/webhook_deliveries/whdl_000000000000000000000000/replay', undefined, 'sk_test_readonly')).toMatchObject({
      status: 403,
    });
  });
});

describe('delivery', () => {
  it('(1) sends a charge.succeeded that verifies with the endpoint secret, once', async () => {
    const endpoint = await register('/hooks/ok', () => ({ status: 200 }));
    const answer = await charge();
    expect(answer.status).toBe(201);

    const [delivery] = await waitForDeliveries('/hooks/ok', answer.body.id, 1);
    expect(delivery.verified).toBe(true);
    expect(delivery.headers).toMatchObject({
      'content-type': 'application/json',
      'webhook-id': expect.stringMatching(/^evt_[0-9A-Za-z]{24}$/),
      'webhook-timestamp': expect.stringMatching(/^\d{10}$/),
      'webhook-signature': expect.stringMatching(/^v1,[A-Za-z0-9+/]{43}=$/),
    });
    expect(Math.abs(Number(delivery.headers['webhook-timestamp']) - delivery.at / 1000)).toBeLessThan(60);
    // The merchant is not a hop of ours: no trace context goes to it.
    expect(delivery.headers).not.toHaveProperty('traceparent');
    expect(delivery.headers).not.toHaveProperty('tracestate');
    expect(delivery.payload).toEqual({
      type: 'charge.succeeded',
      timestamp: new Date(answer.body.created * 1000).toISOString(),
      data: {
        id: answer.body.id,
        object: 'charge',
        status: 'succeeded',
        amount: 1999,
        currency: 'usd',
        customer: 'cus_demo',
        payment_method: 'pm_card_visa',
        payment_method_details: { type: 'card', card: { brand: 'visa', last4: '4242', funding: 'credit' } },
        created: answer.body.created,
      },
    });
    // Delivered with a 2xx: nothing more comes, and it is no dead letter.
    await sleep(SCHEDULE[0] * 3);
    expect(deliveriesOf('/hooks/ok', answer.body.id)).toHaveLength(1);
    expect((await deadLetters()).filter((dead) => dead.endpoint === endpoint.id)).toEqual([]);
  });

  it('sends a declined charge as charge.failed to an endpoint that takes every event (*), and not to the others', async () => {
    await register('/hooks/everything', () => ({ status: 202 }), ['*']);
    const declined = await charge('pm_card_visa_chargeDeclinedInsufficientFunds');
    expect(declined.status).toBe(402);
    // The declined charge's id is only in the event: find it by type and payment method.
    await waitFor(async () => received.some((entry) => entry.path === '/hooks/everything' && entry.payload?.type === 'charge.failed'), {
      what: 'a charge.failed at /hooks/everything',
      ...WAIT,
    });
    const failed = received.find((entry) => entry.path === '/hooks/everything' && entry.payload?.type === 'charge.failed');
    expect(failed?.verified).toBe(true);
    expect(failed?.payload?.data).toMatchObject({
      payment_method: 'pm_card_visa_chargeDeclinedInsufficientFunds',
      failure_code: 'card_declined',
      decline_code: 'insufficient_funds',
      failure_origin: 'payment-processor',
    });
    // /hooks/ok takes charge.succeeded only.
    await sleep(500);
    expect(received.filter((entry) => entry.path === '/hooks/ok' && entry.payload?.type === 'charge.failed')).toEqual([]);
  });
});

describe('retries', () => {
  let flakyEndpoint: Record<string, any>;
  let flakyCharge: ApiAnswer;

  it('(2) retries a 500 after the schedule\'s first wait, with the same webhook-id, until a 2xx', async () => {
    flakyEndpoint = await register('/hooks/flaky', (n) => ({ status: n === 0 ? 500 : 200 }));
    flakyCharge = await charge();
    expect(flakyCharge.status).toBe(201);

    const attempts = await waitForDeliveries('/hooks/flaky', flakyCharge.body.id, 2);
    expect(attempts.map((attempt) => [attempt.verified, attempt.answered])).toEqual([
      [true, 500],
      [true, 200],
    ]);
    expect(attempts[1].headers['webhook-id']).toBe(attempts[0].headers['webhook-id']);
    expect(Number(attempts[1].headers['webhook-timestamp'])).toBeGreaterThanOrEqual(Number(attempts[0].headers['webhook-timestamp']));
    expect(attempts[1].body).toBe(attempts[0].body);
    expectScheduledGaps(attempts, [SCHEDULE[0]]);
    await sleep(SCHEDULE[1] * 2);
    expect(deliveriesOf('/hooks/flaky', flakyCharge.body.id)).toHaveLength(2);
  });

  it('(6) keeps the first attempt in the charge\'s trace and starts each retry as a trace of its own, linked back to it', async () => {
    const traceId = flakyCharge.body.trace_id as string;
    const clientSpans = (spans: TraceSpan[]) => spans.filter((span) => span.service === 'notifier' && span.kind === 'client');
    const ofFlaky = (found: TraceSpan[]) => clientSpans(found).filter((span) => span.tags['webhook.endpoint.id'] === flakyEndpoint.id);
    const spans = await sut.jaeger.waitForTrace(traceId, (found) => ofFlaky(found).length >= 1, { timeoutMs: 30_000 });
    // Every endpoint that took the event has its first attempt in the trace, each named by its endpoint.
    expect(clientSpans(spans).every((span) => String(span.tags['webhook.endpoint.id']).startsWith('we_'))).toBe(true);

    const byId = new Map(spans.map((span) => [span.spanId, span]));
    const roots = spans.filter((span) => !span.parentSpanId);
    expect(roots).toEqual([expect.objectContaining({ service: 'gateway', kind: 'server', operationName: 'POST /v1/charges' })]);
    expect(spans.filter((span) => span.parentSpanId && !byId.has(span.parentSpanId))).toEqual([]);
    // The charge's trace ends when the charge does: nothing in it waits for a retry.
    const rootStart = roots[0].startTime;
    expect(spans.filter((span) => span.startTime - rootStart > 2_000_000)).toEqual([]);

    // The retry is found by the event id, in a trace of its own.
    const eventId = ofFlaky(spans)[0].tags['webhook.event.id'] as string;
    expect(eventId).toMatch(/^evt_/);
    let retryTraceIds: string[] = [];
    await waitFor(
      async () => {
        retryTraceIds = (await sut.jaeger.findTraces({ service: 'notifier', tags: { 'webhook.event.id': eventId } })).filter((id) => id !== traceId);
        return retryTraceIds.length >= 1;
      },
      { what: `a retry trace of ${eventId}`, timeoutMs: 30_000 },
    );
    const retry = await sut.jaeger.waitForTrace(retryTraceIds[0], (found) => ofFlaky(found).length >= 1, { timeoutMs: 30_000 });
    const retryRoots = retry.filter((span) => !span.parentSpanId);
    expect(retryRoots).toEqual([expect.objectContaining({ service: 'notifier', kind: 'consumer' })]);

    const attempts = [...ofFlaky(spans), ...ofFlaky(retry)].sort((a, b) => a.startTime - b.startTime);
    const jobOf = (attempt: TraceSpan) => [...spans, ...retry].find((span) => span.spanId === attempt.parentSpanId);
    expect(attempts.map((span) => [span.tags['webhook.attempt'], span.tags['http.response.status_code']])).toEqual([
      [1, 500],
      [2, 200],
    ]);
    for (const attempt of attempts) {
      // A low-cardinality name, per OpenTelemetry's HTTP conventions; the endpoint and event in attributes.
      expect(attempt.operationName).toBe('POST webhook');
      expect(attempt.tags).toMatchObject({
        'webhook.endpoint.id': flakyEndpoint.id,
        'webhook.event.type': 'charge.succeeded',
        'webhook.event.id': eventId,
        'http.request.method': 'POST',
      });
      const job = jobOf(attempt);
      expect(job).toMatchObject({ service: 'notifier', kind: 'consumer' });
      expect(job?.tags).toMatchObject({
        'messaging.destination.name': 'webhook-deliveries',
        'webhook.attempt': attempt.tags['webhook.attempt'],
        'webhook.endpoint.id': flakyEndpoint.id,
        'webhook.event.id': eventId,
      });
    }
    // The retry's root links to the charge's trace (the span that fanned the event out) and to the attempt before.
    const firstJob = jobOf(attempts[0])!;
    const links = retryRoots[0].links ?? [];
    expect(links.some((link) => link.traceId === traceId && link.spanId !== firstJob.spanId)).toBe(true);
    expect(links).toContainEqual({ traceId, spanId: firstJob.spanId });
    expect(attempts[1].startTime - attempts[0].startTime).toBeGreaterThanOrEqual(SCHEDULE[0] * 1000);
    // The first attempt's job decided to retry; the second's that it was delivered.
    expect(attempts.map((span) => jobOf(span)?.tags['webhook.outcome'])).toEqual(['retry', 'delivered']);
  });

  it('waits at least what Retry-After asks on a 503, up to the schedule\'s longest wait', async () => {
    await register('/hooks/busy', (n) => (n === 0 ? { status: 503, headers: { 'retry-after': '30' } } : { status: 200 }));
    const answer = await charge();
    const attempts = await waitForDeliveries('/hooks/busy', answer.body.id, 2);
    expect(attempts.map((attempt) => attempt.answered)).toEqual([503, 200]);
    // 30 s asked, capped at the schedule's longest wait: more than the first wait of the schedule.
    expectScheduledGaps(attempts, [Math.max(...SCHEDULE)]);
  });
});

describe('the dead-letter list', () => {
  let fixed = false;
  let endpoint: Record<string, any>;
  let dead: Record<string, any>;
  let webhookId: string;
  let chargeId: string;

  it('(3) takes a delivery that failed every attempt of the schedule', async () => {
    endpoint = await register('/hooks/down', () => ({ status: fixed ? 200 : 500 }));
    const answer = await charge();
    chargeId = answer.body.id;
    expect(answer.status).toBe(201);

    const attempts = await waitForDeliveries('/hooks/down', chargeId, SCHEDULE.length + 1);
    expect(attempts.every((attempt) => attempt.verified && attempt.answered === 500)).toBe(true);
    webhookId = attempts[0].headers['webhook-id'] as string;
    expect(new Set(attempts.map((attempt) => attempt.headers['webhook-id']))).toEqual(new Set([webhookId]));
    expectScheduledGaps(attempts, SCHEDULE);

    await waitFor(async () => (await deadLetters()).some((letter) => letter.endpoint === endpoint.id), { what: 'the dead letter', ...WAIT });
    const letters = (await deadLetters()).filter((letter) => letter.endpoint === endpoint.id);
    expect(letters).toHaveLength(1);
    dead = letters[0];
    expect(dead).toEqual({
      id: expect.stringMatching(/^whdl_[0-9A-Za-z]{24}$/),
      object: 'webhook_delivery',
      status: 'dead',
      event: webhookId,
      event_type: 'charge.succeeded',
      endpoint: endpoint.id,
      attempts: SCHEDULE.length + 1,
      last_status: 500,
      last_error: 'http_500',
      payload_ref: `notifier:webhook_event:${webhookId}`,
      created: expect.any(Number),
      dead_at: expect.any(Number),
      replays: 0,
    });
    // No attempt after the last one.
    await sleep(Math.max(...SCHEDULE) * 2);
    expect(deliveriesOf('/hooks/down', chargeId)).toHaveLength(SCHEDULE.length + 1);
  });

  it('replays a dead letter: once the receiver is fixed it gets the same event, signed afresh', async () => {
    fixed = true;
    const replay = await api('POST', `/v1/webhook_deliveries/${dead.id}/replay`);
    expect(replay.status).toBe(200);
    expect(replay.body).toMatchObject({ id: dead.id, object: 'webhook_delivery', status: 'pending', replays: 1, event: webhookId });

    const attempts = await waitForDeliveries('/hooks/down', chargeId, SCHEDULE.length + 2);
    const last = attempts[attempts.length - 1];
    expect(last).toMatchObject({ verified: true, answered: 200 });
    expect(last.headers['webhook-id']).toBe(webhookId);
    expect(last.body).toBe(attempts[0].body);
    // Off the dead-letter list for good.
    await sleep(SCHEDULE[0] * 3);
    expect(deliveriesOf('/hooks/down', chargeId)).toHaveLength(SCHEDULE.length + 2);
    expect((await deadLetters()).filter((letter) => letter.id === dead.id)).toEqual([]);
  });

  it('starts the replay\'s attempt as a trace of its own, linked to the charge\'s trace and to the last attempt', async () => {
    const attemptTraces = async () => {
      const ids = await sut.jaeger.findTraces({ service: 'notifier', tags: { 'webhook.event.id': webhookId } });
      return Promise.all(ids.map((id) => sut.jaeger.getTrace(id)));
    };
    const rootOf = (spans: TraceSpan[]) => spans.find((span) => !span.parentSpanId);
    let traces: TraceSpan[][] = [];
    await waitFor(
      async () => {
        traces = await attemptTraces();
        return traces.some((spans) => rootOf(spans)?.tags['webhook.replay'] === 1);
      },
      { what: `the replay's trace of ${webhookId}`, ...WAIT },
    );
    const replayRoot = traces.map(rootOf).find((root) => root?.tags['webhook.replay'] === 1)!;
    expect(replayRoot).toMatchObject({ service: 'notifier', kind: 'consumer' });
    expect(replayRoot.tags).toMatchObject({ 'webhook.attempt': 1, 'webhook.event.id': webhookId });
    // The charge's trace holds the first attempt; the replay links to it and to the last attempt before it.
    const chargeTrace = traces.find((spans) => rootOf(spans)?.service === 'gateway');
    const lastAttempt = traces
      .map(rootOf)
      .find((root) => root?.tags['webhook.replay'] === 0 && root.tags['webhook.attempt'] === SCHEDULE.length + 1);
    expect(chargeTrace).toBeDefined();
    expect(lastAttempt).toBeDefined();
    const linkedTraces = (replayRoot.links ?? []).map((link) => link.traceId);
    expect(linkedTraces).toContain(chargeTrace![0].traceId);
    expect(replayRoot.links).toContainEqual({ traceId: lastAttempt!.traceId, spanId: lastAttempt!.spanId });
  });

  it('answers a replay of an unknown delivery with a 404 problem', async () => {
    const unknown = await api('POST', '/v1/webhook_deliveries/whdl_000000000000000000000000/replay');
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(unknown.body).toMatchObject({
      type: '/errors/resource_not_found',
      status: 404,
      code: 'resource_not_found',
      param: 'id',
      origin: 'notifier',
      detail: "No such webhook delivery: 'whdl_000000000000000000000000'.",
    });
    const malformed = await api('POST', '/v1/webhook_deliveries/not-an-id/replay');
    expect(malformed).toMatchObject({ status: 404, body: { code: 'resource_not_found', origin: 'gateway' } });
  });

  it('is listed only with status=dead', async () => {
    expect(await api('GET', '/v1/webhook_deliveries')).toMatchObject({ status: 400, body: { code: 'parameter_missing', param: 'status' } });
    expect(await api('GET', '/v1/webhook_deliveries?status=delivered')).toMatchObject({ status: 400, body: { param: 'status' } });
    expect(await api('GET', '/v1/webhook_deliveries?status=dead&limit=1000')).toMatchObject({ status: 400, body: { param: 'limit' } });
  });
});

describe('410 Gone', () => {
  it('(4) disables the endpoint: no retry, no later event, no dead letter', async () => {
    const endpoint = await register('/hooks/gone', () => ({ status: 410 }));
    const first = await charge();
    const attempts = await waitForDeliveries('/hooks/gone', first.body.id, 1);
    expect(attempts[0]).toMatchObject({ verified: true, answered: 410 });

    await waitFor(
      async () => (await api('GET', '/v1/webhook_endpoints')).body.data.some((listed: any) => listed.id === endpoint.id && listed.status === 'disabled'),
      { what: 'the endpoint to be disabled', ...WAIT },
    );
    // A later charge reaches the endpoints that are still enabled, and not this one.
    const second = await charge();
    await waitForDeliveries('/hooks/ok', second.body.id, 1);
    await sleep(SCHEDULE.reduce((sum, wait) => sum + wait, 0) + 500);
    expect(received.filter((entry) => entry.path === '/hooks/gone')).toHaveLength(1);
    expect((await deadLetters()).filter((letter) => letter.endpoint === endpoint.id)).toEqual([]);
  });
});

describe('deleting an endpoint', () => {
  it('answers { deleted: true }, drops it from the list, and sends it nothing more', async () => {
    const endpoint = await register('/hooks/deleted', () => ({ status: 204 }));
    const first = await charge();
    await waitForDeliveries('/hooks/deleted', first.body.id, 1);

    const deleted = await api('DELETE', `/v1/webhook_endpoints/${endpoint.id}`);
    expect(deleted.status).toBe(200);
    expect(deleted.body).toEqual({ id: endpoint.id, object: 'webhook_endpoint', deleted: true });
    expect((await api('GET', '/v1/webhook_endpoints')).body.data.map((listed: any) => listed.id)).not.toContain(endpoint.id);

    const second = await charge();
    await waitForDeliveries('/hooks/ok', second.body.id, 1);
    expect(deliveriesOf('/hooks/deleted', second.body.id)).toEqual([]);
  });

  it.each([
    ['an id nobody has', 'we_000000000000000000000000', 'notifier'],
    ['something that is no endpoint id', 'not-an-id', 'gateway'],
  ])('answers %s with a 404 problem', async (_case, id, origin) => {
    const answer = await api('DELETE', `/v1/webhook_endpoints/${id}`);
    expect(answer.status).toBe(404);
    expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(answer.body).toMatchObject({ code: 'resource_not_found', param: 'id', origin });
  });

  it('needs an API key with webhook_endpoints:write', async () => {
    expect(await api('DELETE', '/v1/webhook_endpoints/we_000000000000000000000000', undefined, 'sk_test_readonly')).toMatchObject({ status: 403 });
  });
});

describe('the charge', () => {
  it('(5) is answered as always, whatever the webhook receivers do, and before a slow receiver answers', async () => {
    await register('/hooks/slow', () => ({ status: 200, holdMs: 2_000 }));
    await register('/hooks/broken', () => ({ status: 500 }));
    const nothingListens = await freePort();
    const refused = await api('POST', '/v1/webhook_endpoints', { url: `http://127.0.0.1:${nothingListens}/hooks`, enabled_events: ['*'] });
    expect(refused.status).toBe(201);
    secrets.push(refused.body.secret);

    const succeeded = await charge();
    const answeredAt = Date.now();
    expect(succeeded.status).toBe(201);
    expect(succeeded.body).toMatchObject({ object: 'charge', status: 'succeeded', amount: 1999 });

    const declined = await charge('pm_card_visa_chargeDeclinedInsufficientFunds');
    expect(declined.status).toBe(402);
    expect(declined.body).toMatchObject({ code: 'card_declined', decline_code: 'insufficient_funds', origin: 'payment-processor' });

    // Delivery is asynchronous: the slow receiver answered only after the charge had been answered.
    const [slow] = await waitForDeliveries('/hooks/slow', succeeded.body.id, 1);
    await waitFor(async () => slow.answeredAt !== undefined, { what: 'the slow receiver to answer', ...WAIT });
    expect(slow.answeredAt).toBeGreaterThan(answeredAt);
    expect((await waitForDeliveries('/hooks/broken', succeeded.body.id, 1))[0]).toMatchObject({ verified: true, answered: 500 });
  });
});

describe('signing secrets', () => {
  it('every request every receiver got was signed with its endpoint\'s secret', () => {
    expect(received.length).toBeGreaterThan(10);
    expect(received.filter((entry) => !entry.verified).map((entry) => `${entry.path}: ${entry.verifyError}`)).toEqual([]);
  });

  it('(7) are nowhere in Redis: no key, no value, no BullMQ job', async () => {
    // Let the last retries settle, so their jobs are in Redis too.
    await sleep(SCHEDULE.reduce((sum, wait) => sum + wait, 0));
    const redis = sut.redis;
    const keys = await redis.keys('*');
    const values: string[] = [...keys];
    for (const key of keys) {
      const type = await redis.type(key);
      if (type === 'string') values.push((await redis.getBuffer(key))?.toString('latin1') ?? '');
      else if (type === 'hash') values.push(...Object.entries(await redis.hgetall(key)).flat());
      else if (type === 'list') values.push(...(await redis.lrange(key, 0, -1)));
      else if (type === 'set') values.push(...(await redis.smembers(key)));
      else if (type === 'zset') values.push(...(await redis.zrange(key, 0, -1)));
      else if (type === 'stream') values.push(...(await redis.xrange(key, '-', '+')).flatMap(([id, fields]) => [id, ...fields]));
      else if (type !== 'none') throw new Error(`unexpected Redis type ${type} of ${key}`);
    }
    const everything = values.join('\n');

    // The scan looks at what matters: endpoints, delivery jobs, dead letters, the notifier's replies.
    expect(keys).toContain('notifier:webhook_endpoints');
    expect(keys.some((key) => key.startsWith('notifier:webhook_delivery:'))).toBe(true);
    expect(keys.some((key) => key.startsWith('notifier:webhook_event:'))).toBe(true);
    expect(keys.some((key) => key.startsWith('hoptrace:webhook-deliveries:'))).toBe(true);
    expect(everything).toContain('secret_ciphertext');
    expect(everything).toContain('sealed_secret');
    expect(everything).toContain('"attempt":');

    expect(secrets.length).toBeGreaterThanOrEqual(8);
    for (const secret of secrets) {
      expect(everything).not.toContain(secret);
      expect(everything).not.toContain(secret.slice('whsec_'.length));
    }
    expect(everything).not.toContain('whsec_');
  });
});

describe('the notifier in production', () => {
  let notifier: ProcessHandle | undefined;
  afterEach(async () => notifier?.stop());

  const start = async (env: Record<string, string | undefined>) => {
    notifier = startProcess({
      name: 'notifier (production)',
      command: process.execPath,
      args: ['--enable-source-maps', join(process.cwd(), 'dist/apps/notifier/main.js')],
      env: {
        NODE_ENV: 'production',
        REDIS_URL: sut.system.redis.url,
        // Its own queues: it must not take the running notifier's jobs.
        QUEUE_PREFIX: 'production-check',
        PORT: String(await freePort()),
        HOST: '127.0.0.1',
        OTEL_SDK_DISABLED: 'true',
        WEBHOOK_SECRETS_KEY: undefined,
        ...env,
      },
      logFile: join(sut.dir, 'notifier-production.log'),
    });
    return notifier;
  };

  it('refuses to start without WEBHOOK_SECRETS_KEY', async () => {
    const refusing = await start({});
    const code = await Promise.race([refusing.exited, sleep(20_000).then(() => 'still running')]);
    expect(code).not.toBe('still running');
    expect(code).not.toBe(0);
    expect(tailFile(refusing.logFile)).toContain('WEBHOOK_SECRETS_KEY is required in production');
  });

  it('starts with one', async () => {
    const started = await start({ WEBHOOK_SECRETS_KEY: 'a'.repeat(64) });
    await waitFor(async () => tailFile(started.logFile).includes('notifier ready on port'), {
      what: 'the production notifier to be ready',
      timeoutMs: 30_000,
      process: started,
    });
    expect(started.hasExited).toBe(false);
  });
});
