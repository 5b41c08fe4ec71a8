import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { context, INVALID_SPAN_CONTEXT, trace, TraceFlags, type Span } from '@opentelemetry/api';
import { AlwaysOffSampler, TracerProvider } from '@opentelemetry/sdk-trace';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino, { type DestinationStream } from 'pino';
import { pinoHttp } from 'pino-http';
import { CARD_NUMBER_REDACTED, SECRET_REDACTED } from '@hoptrace/telemetry';
import { cardScrubbingStream, httpLoggerOptions, loggerOptions, REDACTED, scrubLogLine, traceFields } from './logging';

type Line = Record<string, unknown>;

/** A pino destination in memory: every line written, raw and parsed. */
function memoryStream(): DestinationStream & { raw: string[]; lines: () => Line[] } {
  const raw: string[] = [];
  return { raw, write: (chunk: string) => void raw.push(chunk), lines: () => raw.map((line) => JSON.parse(line) as Line) };
}

describe('structured logs', () => {
  const provider = new TracerProvider();
  const contextManager = new AsyncLocalStorageContextManager();
  const tracer = () => trace.getTracer('logging-spec');

  beforeAll(() => {
    contextManager.enable();
    context.setGlobalContextManager(contextManager);
    trace.setGlobalTracerProvider(provider);
  });

  afterAll(async () => {
    trace.disable();
    context.disable();
    await provider.shutdown();
  });

  const inSpan = <T>(work: (span: Span) => Promise<T> | T): Promise<T> =>
    tracer().startActiveSpan('work', async (span) => {
      try {
        return await work(span);
      } finally {
        span.end();
      }
    });

  describe('trace context (mixin)', () => {
    it('puts the active span’s trace_id, span_id and trace_flags on every line, across awaits', async () => {
      const stream = memoryStream();
      const logger = pino(loggerOptions('billing'), stream);
      const span = await inSpan(async (active) => {
        logger.info('before an await');
        await new Promise((resolve) => setTimeout(resolve, 5));
        logger.warn({ charge_id: 'ch_1' }, 'after an await');
        return active;
      });
      const { traceId, spanId } = span.spanContext();
      expect(stream.lines()).toEqual([
        expect.objectContaining({ msg: 'before an await', trace_id: traceId, span_id: spanId, trace_flags: '01' }),
        expect.objectContaining({ msg: 'after an await', charge_id: 'ch_1', trace_id: traceId, span_id: spanId, trace_flags: '01' }),
      ]);
      expect(traceId).toMatch(/^[0-9a-f]{32}$/);
      expect(spanId).toMatch(/^[0-9a-f]{16}$/);
    });

    it('names the innermost span: a child span’s lines carry its own span_id in the same trace', async () => {
      const stream = memoryStream();
      const logger = pino(loggerOptions('billing'), stream);
      const [parent, child] = await inSpan((outer) =>
        inSpan((inner) => {
          logger.info('inside the child');
          return [outer, inner];
        }),
      );
      expect(stream.lines()[0]).toMatchObject({ trace_id: parent.spanContext().traceId, span_id: child.spanContext().spanId });
      expect(child.spanContext().spanId).not.toBe(parent.spanContext().spanId);
    });

    it('writes no trace fields outside a span', () => {
      const stream = memoryStream();
      pino(loggerOptions('notifier'), stream).info('at start-up');
      const [line] = stream.lines();
      expect(line).toMatchObject({ msg: 'at start-up', service: 'notifier' });
      expect(line).not.toHaveProperty('trace_id');
      expect(line).not.toHaveProperty('span_id');
      expect(line).not.toHaveProperty('trace_flags');
    });

    it('marks a trace that is not sampled with trace_flags 00', async () => {
      const unsampled = new TracerProvider({ sampler: new AlwaysOffSampler() }).getTracer('unsampled');
      const stream = memoryStream();
      const logger = pino(loggerOptions('billing'), stream);
      const span = unsampled.startSpan('dropped');
      context.with(trace.setSpan(context.active(), span), () => logger.info('in a dropped trace'));
      span.end();
      expect(span.spanContext().traceFlags).toBe(TraceFlags.NONE);
      expect(stream.lines()[0]).toMatchObject({ trace_id: span.spanContext().traceId, trace_flags: '00' });
    });

    it('ignores an invalid span context', () => {
      const invalid = trace.wrapSpanContext(INVALID_SPAN_CONTEXT);
      expect(context.with(trace.setSpan(context.active(), invalid), traceFields)).toEqual({});
      expect(traceFields()).toEqual({});
    });

    it('lets a field logged explicitly win over the mixin', async () => {
      const stream = memoryStream();
      const logger = pino(loggerOptions('billing'), stream);
      await inSpan(() => logger.info({ trace_id: 'given' }, 'explicit'));
      expect(stream.lines()[0].trace_id).toBe('given');
    });
  });

  describe('base fields and level', () => {
    it('names the service and nothing of the host', () => {
      const stream = memoryStream();
      pino(loggerOptions('payment-processor'), stream).info('hello');
      const [line] = stream.lines();
      expect(line).toMatchObject({ service: 'payment-processor', level: 30, msg: 'hello' });
      expect(line).not.toHaveProperty('pid');
      expect(line).not.toHaveProperty('hostname');
    });

    it('writes info and above by default, debug only when asked', () => {
      const quiet = memoryStream();
      const quietLogger = pino(loggerOptions('billing'), quiet);
      quietLogger.debug('hidden');
      quietLogger.info('shown');
      expect(quiet.lines().map((line) => line.msg)).toEqual(['shown']);

      const verbose = memoryStream();
      pino(loggerOptions('billing', 'debug'), verbose).debug('shown');
      expect(verbose.lines().map((line) => line.msg)).toEqual(['shown']);
    });
  });

  describe('redaction', () => {
    it('censors credentials in request headers', () => {
      const stream = memoryStream();
      pino(loggerOptions('gateway'), stream).info(
        {
          req: {
            method: 'POST',
            headers: {
              authorization: 'Bearer sk_test_4eC39HqLyjWDarjtT1zdp7dc',
              cookie: 'session=s3cr3t',
              'x-api-key': 'sk_test_abc',
              'content-type': 'application/json',
            },
          },
        },
        'request',
      );
      expect(stream.lines()[0].req).toEqual({
        method: 'POST',
        headers: { authorization: REDACTED, cookie: REDACTED, 'x-api-key': REDACTED, 'content-type': 'application/json' },
      });
      expect(stream.raw.join('')).not.toMatch(/Bearer|sk_test_|s3cr3t/);
    });

    it('censors card data and secrets, at the top level and one level down', () => {
      const stream = memoryStream();
      pino(loggerOptions('payment-processor'), stream).info(
        {
          card: { number: '4242424242424242', cvc: '123' },
          payment: { card: { number: '4000000000009995' }, number: '4000000000000002', cvc: '999', secret: 'whsec_1', amount: 1999 },
          secret: 'sk_test_top',
          charge_id: 'ch_1',
        },
        'authorizing',
      );
      const [line] = stream.lines();
      expect(line).toMatchObject({
        card: REDACTED,
        payment: { card: REDACTED, number: REDACTED, cvc: REDACTED, secret: REDACTED, amount: 1999 },
        secret: REDACTED,
        charge_id: 'ch_1',
      });
      expect(stream.raw.join('')).not.toMatch(/4242|9995|0002|whsec_|sk_test_/);
    });

    it('censors what a child logger binds too', () => {
      const stream = memoryStream();
      pino(loggerOptions('gateway'), stream)
        .child({ req: { headers: { authorization: 'Bearer sk_test_child' } } })
        .info('inside a request');
      expect(stream.lines()[0]).toMatchObject({ req: { headers: { authorization: REDACTED } } });
      expect(stream.raw.join('')).not.toContain('sk_test_');
    });
  });

  describe('card numbers, wherever they are (the second guard)', () => {
    const CARDS = /4242|5555555555554444|4000[ -]?0000[ -]?0000[ -]?9995|4000000000000002|371449635398431/;

    it('are redacted from messages, fields, interpolations, bindings and errors, and every line stays JSON', () => {
      const stream = memoryStream();
      const logger = pino(loggerOptions('gateway'), cardScrubbingStream(stream));
      logger.info('paid with 4242 4242 4242 4242');
      logger.info({ note: 'card 5555555555554444', amount: 1999, raw: 4000000000000002 }, 'fields');
      logger.info('interpolated %s', '4000-0000-0000-9995');
      logger.child({ bound: '371449635398431' }).warn('from a child');
      logger.error(new Error('could not charge 4242424242424242'));
      const lines = stream.lines();
      expect(lines).toHaveLength(5);
      expect(stream.raw.join('')).not.toMatch(CARDS);
      expect(lines[0].msg).toBe(`paid with ${CARD_NUMBER_REDACTED}`);
      expect(lines[1]).toMatchObject({ note: `card ${CARD_NUMBER_REDACTED}`, amount: 1999, raw: CARD_NUMBER_REDACTED });
      expect(lines[2].msg).toBe(`interpolated ${CARD_NUMBER_REDACTED}`);
      expect(lines[3]).toMatchObject({ bound: CARD_NUMBER_REDACTED, msg: 'from a child' });
      expect(lines[4]).toMatchObject({ msg: `could not charge ${CARD_NUMBER_REDACTED}` });
      expect(JSON.stringify(lines[4].err)).toContain(CARD_NUMBER_REDACTED);
    });

    it('take API keys and webhook signing secrets with them', () => {
      const stream = memoryStream();
      pino(loggerOptions('notifier'), cardScrubbingStream(stream)).info({ created: { secret_shown: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw1z3hvQ9pEs4=' } }, 'key sk_test_demo');
      expect(stream.raw.join('')).not.toMatch(/whsec_M|sk_test_demo/);
      expect(stream.lines()[0]).toMatchObject({ msg: `key ${SECRET_REDACTED}`, created: { secret_shown: SECRET_REDACTED } });
    });

    it('leave a line without card numbers byte for byte as pino wrote it, timestamps and ids included', () => {
      const line = '{"level":30,"time":1795590094123,"service":"billing","charge_id":"ch_4242","msg":"charge succeeded"}\n';
      expect(scrubLogLine(line)).toBe(line);
    });

    it('are redacted from a line that is not JSON too', () => {
      expect(scrubLogLine('plain text 4242424242424242\n')).toBe(`plain text ${CARD_NUMBER_REDACTED}\n`);
    });

    it('are redacted from what pino-http writes about a request, its URL included', async () => {
      const stream = memoryStream();
      const middleware = pinoHttp(httpLoggerOptions('gateway'), cardScrubbingStream(stream));
      const server = createServer((request, response) => middleware(request, response, () => response.end('{}')));
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      try {
        const { port } = server.address() as AddressInfo;
        await (await fetch(`http://127.0.0.1:${port}/v1/charges/4242424242424242`)).text();
        for (let tries = 0; tries < 50 && stream.raw.length === 0; tries++) await new Promise((resolve) => setTimeout(resolve, 10));
      } finally {
        await new Promise<void>((resolve) => server.close(() => resolve()));
      }
      expect(stream.lines()[0]).toMatchObject({ req: { url: `/v1/charges/${CARD_NUMBER_REDACTED}` }, res: { statusCode: 200 } });
      expect(stream.raw.join('')).not.toMatch(CARDS);
    });
  });

  describe('HTTP request logs (pino-http)', () => {
    let server: Server;
    let url: string;
    let stream: ReturnType<typeof memoryStream>;

    beforeAll(async () => {
      stream = memoryStream();
      const middleware = pinoHttp(httpLoggerOptions('gateway'), stream);
      server = createServer((request, response) =>
        middleware(request, response, () => {
          const status = Number(new URL(request.url ?? '/', 'http://x').searchParams.get('status') ?? 200);
          request.log.info('handling');
          response.statusCode = status;
          response.setHeader('set-cookie', 'session=s3cr3t');
          response.end(JSON.stringify({ card: { number: '4242424242424242' } }));
        }),
      );
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });

    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
    beforeEach(() => stream.raw.splice(0));

    /** Sends a request and waits for its `request completed`/`request errored` line. */
    async function send(path: string, init: RequestInit = {}): Promise<Line[]> {
      const response = await fetch(`${url}${path}`, init);
      await response.text();
      for (let tries = 0; tries < 50 && !stream.lines().some((line) => 'responseTime' in line); tries++) {
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      return stream.lines();
    }

    it('logs one small line per request: method, path, status, response time; no headers, query or body', async () => {
      const lines = await send('/v1/charges?api_key=sk_test_query&status=402', {
        method: 'POST',
        headers: { authorization: 'Bearer sk_test_header', cookie: 'session=s3cr3t', 'x-api-key': 'sk_test_key' },
        body: JSON.stringify({ card: { number: '4242424242424242', cvc: '123' } }),
      });
      const completed = lines.filter((line) => 'responseTime' in line);
      expect(completed).toEqual([
        {
          level: 30,
          time: expect.any(Number),
          service: 'gateway',
          req: { method: 'POST', url: '/v1/charges' },
          res: { statusCode: 402 },
          responseTime: expect.any(Number),
          msg: 'request completed',
        },
      ]);
      // A line logged while handling the request names the request too.
      expect(lines).toContainEqual(expect.objectContaining({ msg: 'handling', req: { method: 'POST', url: '/v1/charges' } }));
      expect(stream.raw.join('')).not.toMatch(/Bearer|sk_test_|s3cr3t|4242/);
    });

    it('logs a 5xx at error level', async () => {
      const lines = await send('/v1/charges?status=503');
      expect(lines.find((line) => 'responseTime' in line)).toMatchObject({ level: 50, res: { statusCode: 503 }, msg: 'request errored' });
    });

    it('does not log health probes at all', async () => {
      await (await fetch(`${url}/healthz`)).text();
      await (await fetch(`${url}/healthz?probe=1`)).text();
      await (await fetch(`${url}/livez`)).text();
      const lines = await send('/v1/other');
      expect(lines.filter((line) => 'responseTime' in line).map((line) => (line.req as Line).url)).toEqual(['/v1/other']);
    });
  });
});
