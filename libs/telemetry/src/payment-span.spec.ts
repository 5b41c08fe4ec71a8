import { ROOT_CONTEXT, SpanStatusCode, type Span } from '@opentelemetry/api';
import type { PaymentError } from '@hoptrace/contracts';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider, type ReadableSpan } from '@opentelemetry/sdk-trace';
import { markPaymentRequired, recordDecision, recordFailure, recordPaymentOutcome } from './payment-span';

const insufficientFunds: PaymentError = {
  type: 'card_error',
  code: 'card_declined',
  decline_code: 'insufficient_funds',
  advice_code: 'try_again_later',
  message: 'Your card has insufficient funds.',
  origin: 'payment-processor',
};

const invoicePastDue: PaymentError = {
  type: 'invalid_request_error',
  code: 'invoice_past_due',
  message: 'Invoice in_past_due is past due.',
  origin: 'billing',
};

describe('payment span helpers', () => {
  const exporter = new InMemorySpanExporter();
  const provider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] });
  const tracer = provider.getTracer('payment-span-spec');

  /** Runs `mark` on a fresh span, ends it, and returns it as exported. */
  async function exported(mark: (span: Span) => void): Promise<ReadableSpan> {
    const span = tracer.startSpan('payment.authorize', {}, ROOT_CONTEXT);
    mark(span);
    span.end();
    await provider.forceFlush();
    const spans = exporter.getFinishedSpans();
    expect(spans).toHaveLength(1);
    return spans[0];
  }

  afterEach(() => exporter.reset());
  afterAll(() => provider.shutdown());

  describe('markPaymentRequired', () => {
    it('tags a card decline with the deciding hop, the codes and the payment_required outcome', async () => {
      const span = await exported((s) => markPaymentRequired(s, insufficientFunds));
      expect(span.attributes).toEqual({
        'payment.required.origin': 'payment-processor',
        'payment.decline_code': 'insufficient_funds',
        'payment.error.code': 'card_declined',
        'payment.error.type': 'card_error',
        'payment.advice_code': 'try_again_later',
        'payment.outcome': 'payment_required',
        'error.type': 'card_declined',
      });
    });

    it('turns the span red with a message naming the code and decline code', async () => {
      const span = await exported((s) => markPaymentRequired(s, insufficientFunds));
      expect(span.status).toEqual({ code: SpanStatusCode.ERROR, message: 'card_declined: insufficient_funds' });
    });

    it('falls back to the error code as decline code when there is none (invoice_past_due)', async () => {
      const span = await exported((s) => markPaymentRequired(s, invoicePastDue));
      expect(span.attributes).toMatchObject({
        'payment.required.origin': 'billing',
        'payment.decline_code': 'invoice_past_due',
        'payment.error.code': 'invoice_past_due',
        'payment.error.type': 'invalid_request_error',
        'error.type': 'invoice_past_due',
      });
      expect(span.status).toEqual({ code: SpanStatusCode.ERROR, message: 'invoice_past_due: invoice_past_due' });
    });

    it('sets no advice code attribute when the error has none', async () => {
      const span = await exported((s) => markPaymentRequired(s, invoicePastDue));
      expect(span.attributes).not.toHaveProperty(['payment.advice_code']);
    });

    it('does not put the customer-facing message on the span status', async () => {
      const span = await exported((s) => markPaymentRequired(s, insufficientFunds));
      expect(span.status.message).not.toContain(insufficientFunds.message);
    });
  });

  describe('recordPaymentOutcome', () => {
    it('records a success without touching the status', async () => {
      const span = await exported((s) => recordPaymentOutcome(s, 'succeeded'));
      expect(span.attributes).toEqual({ 'payment.outcome': 'succeeded' });
      expect(span.status.code).toBe(SpanStatusCode.UNSET);
    });

    it.each([
      ['a decline passed on from payment-processor', insufficientFunds],
      ['a past-due invoice passed on from billing', invoicePastDue],
    ])('records %s as failed, staying green and claiming no decision', async (_case, error) => {
      const span = await exported((s) => recordPaymentOutcome(s, { error }));
      expect(span.attributes).toEqual({ 'payment.outcome': 'failed', 'payment.error.code': error.code });
      expect(span.status.code).not.toBe(SpanStatusCode.ERROR);
      expect(span.status.code).toBe(SpanStatusCode.UNSET);
      for (const claim of ['payment.required.origin', 'payment.decline_code', 'error.type']) {
        expect(span.attributes).not.toHaveProperty([claim]);
      }
    });
  });

  describe('recordDecision', () => {
    it('makes a 402 decision the red span that claims it', async () => {
      const span = await exported((s) => recordDecision(s, { outcome: 'declined', paymentRequired: true, error: insufficientFunds }));
      expect(span.status).toEqual({ code: SpanStatusCode.ERROR, message: 'card_declined: insufficient_funds' });
      expect(span.attributes).toMatchObject({ 'payment.required.origin': 'payment-processor', 'payment.outcome': 'payment_required' });
    });

    it('records a refusal that is not a 402 as an invalid request, green and claiming nothing', async () => {
      const unknown: PaymentError = { ...invoicePastDue, code: 'resource_missing', param: 'customer' };
      const span = await exported((s) => recordDecision(s, { outcome: 'refused', error: unknown }));
      expect(span.attributes).toEqual({ 'payment.outcome': 'invalid_request' });
      expect(span.status.code).toBe(SpanStatusCode.UNSET);
    });

    it('takes the decision at its word: an error it does not call a 402 claims nothing', async () => {
      const span = await exported((s) => recordDecision(s, { outcome: 'refused', error: invoicePastDue }));
      expect(span.attributes).not.toHaveProperty(['payment.required.origin']);
    });

    it('records a decision to go on by its outcome', async () => {
      const span = await exported((s) => recordDecision(s, { outcome: 'in_good_standing' }));
      expect(span.attributes).toEqual({ 'payment.outcome': 'in_good_standing' });
      expect(span.status.code).toBe(SpanStatusCode.UNSET);
    });
  });

  describe('recordFailure', () => {
    it('marks a hop that failed on its own side red, with the code, and claims no 402', async () => {
      const error: PaymentError = { type: 'api_error', code: 'processor_error', message: 'x', origin: 'payment-processor' };
      const span = await exported((s) => recordFailure(s, error));
      expect(span.status).toEqual({ code: SpanStatusCode.ERROR, message: 'processor_error' });
      expect(span.attributes).toEqual({ 'payment.outcome': 'failed', 'error.type': 'processor_error' });
    });
  });
});
