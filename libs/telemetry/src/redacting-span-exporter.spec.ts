import { SpanStatusCode } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { CARD_NUMBER_REDACTED } from './card-number-redaction';
import { CardRedactingSpanExporter } from './redacting-span-exporter';
import { SECRET_REDACTED } from './sensitive-data';

describe('CardRedactingSpanExporter', () => {
  const exported = new InMemorySpanExporter();
  const provider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter: new CardRedactingSpanExporter(exported) })] });
  const tracer = provider.getTracer('redaction-spec');

  afterEach(() => exported.reset());
  afterAll(() => provider.shutdown());

  it('redacts card numbers in the name, attributes, status, events and links of what it exports', async () => {
    const linked = tracer.startSpan('linked');
    linked.end();
    const span = tracer.startSpan('GET /v1/charges/4242424242424242', {
      attributes: {
        'url.full': 'http://127.0.0.1/v1/x?number=4242-4242-4242-4242',
        'payment.amount': 1999,
        list: ['5555555555554444', 'ok'],
        'http.request.header.authorization': ['Bearer sk_test_demo'],
      },
      links: [{ context: linked.spanContext(), attributes: { note: '4000 0000 0000 9995' } }],
    });
    span.addEvent('exception', { 'exception.message': 'bad card 4000000000000002' });
    span.setStatus({ code: SpanStatusCode.ERROR, message: 'card 4000000000000002 failed' });
    span.end();
    await provider.forceFlush();

    const [out] = exported.getFinishedSpans().filter((finished) => finished.spanContext().spanId === span.spanContext().spanId);
    expect(out.name).toBe(`GET /v1/charges/${CARD_NUMBER_REDACTED}`);
    expect(out.attributes).toEqual({
      'url.full': `http://127.0.0.1/v1/x?number=${CARD_NUMBER_REDACTED}`,
      'payment.amount': 1999,
      list: [CARD_NUMBER_REDACTED, 'ok'],
      'http.request.header.authorization': [`Bearer ${SECRET_REDACTED}`],
    });
    expect(out.events[0].attributes).toEqual({ 'exception.message': `bad card ${CARD_NUMBER_REDACTED}` });
    expect(out.status).toEqual({ code: SpanStatusCode.ERROR, message: `card ${CARD_NUMBER_REDACTED} failed` });
    expect(out.links[0].attributes).toEqual({ note: CARD_NUMBER_REDACTED });
    // Everything else still reads through to the span.
    expect(out.spanContext()).toEqual(span.spanContext());
    expect(out.duration).toEqual((span as unknown as { duration: unknown }).duration);
    expect(out.ended).toBe(true);
    expect(JSON.stringify({ name: out.name, attributes: out.attributes, events: out.events, status: out.status })).not.toMatch(
      /4242|5555555555554444|0000 9995|4000000000000002/,
    );
  });

  it('exports a span without card numbers as it is', async () => {
    const span = tracer.startSpan('payment.authorize', { attributes: { 'payment.charge.id': 'ch_1', at: 1795590094123 } });
    span.end();
    await provider.forceFlush();
    expect(exported.getFinishedSpans()[0]).toBe(span);
  });
});
