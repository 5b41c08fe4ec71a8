import type { PaymentError, PaymentErrorType } from './payment-error';
import { problemType, retryAfterOf, statusOf, titleOf, toProblem } from './problem';

describe('statusOf', () => {
  it.each<[PaymentErrorType, string, number]>([
    // Stripe answers every card error with 402, whatever the code.
    ['card_error', 'card_declined', 402],
    ['card_error', 'expired_card', 402],
    ['card_error', 'incorrect_cvc', 402],
    ['card_error', 'processing_error', 402],
    ['card_error', 'anything_else', 402],
    // Refusals to serve until someone pays are 402 although they are not card errors.
    ['invalid_request_error', 'invoice_past_due', 402],
    ['invalid_request_error', 'insufficient_credit', 402],
    // Invalid requests with a more precise HTTP status.
    ['invalid_request_error', 'route_not_found', 404],
    ['invalid_request_error', 'method_not_allowed', 405],
    ['invalid_request_error', 'request_too_large', 413],
    ['invalid_request_error', 'unsupported_media_type', 415],
    // Every other invalid request is the client's to fix.
    ['invalid_request_error', 'resource_missing', 400],
    ['invalid_request_error', 'parameter_invalid', 400],
    ['invalid_request_error', 'parameter_missing', 400],
    ['invalid_request_error', 'parameter_unknown', 400],
    ['invalid_request_error', 'amount_too_small', 400],
    ['invalid_request_error', 'invalid_json', 400],
    ['authentication_error', 'api_key_invalid', 401],
    ['permission_error', 'secret_key_required', 403],
    ['rate_limit_error', 'rate_limit', 429],
    ['idempotency_error', 'idempotency_key_in_use', 409],
    ['idempotency_error', 'idempotency_key_reused', 422],
    ['idempotency_error', 'anything_else', 422],
    ['api_error', 'upstream_timeout', 504],
    ['api_error', 'service_unavailable', 503],
    ['api_error', 'internal_error', 500],
    ['api_error', 'processor_error', 502],
    ['api_error', 'anything_else', 500],
  ])('%s / %s is %d', (type, code, status) => {
    expect(statusOf({ type, code })).toBe(status);
  });

  it('does not let a 402 code of invalid_request_error leak into other error types', () => {
    expect(statusOf({ type: 'api_error', code: 'invoice_past_due' })).toBe(500);
    expect(statusOf({ type: 'idempotency_error', code: 'invoice_past_due' })).toBe(422);
  });

  it('does not give a card error the status of a request error code', () => {
    expect(statusOf({ type: 'card_error', code: 'route_not_found' })).toBe(402);
  });
});

describe('toProblem', () => {
  const decline: PaymentError = {
    type: 'card_error',
    code: 'card_declined',
    decline_code: 'insufficient_funds',
    advice_code: 'try_again_later',
    message: 'Your card has insufficient funds.',
    param: 'payment_method',
    origin: 'payment-processor',
  };
  const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';

  it('renders the RFC 9457 members and every Stripe field of a full error', () => {
    expect(toProblem(decline, { instance: '/v1/charges', traceId: TRACE_ID })).toEqual({
      type: '/errors/card_declined',
      title: 'Card declined',
      status: 402,
      detail: 'Your card has insufficient funds.',
      instance: '/v1/charges',
      code: 'card_declined',
      decline_code: 'insufficient_funds',
      advice_code: 'try_again_later',
      param: 'payment_method',
      origin: 'payment-processor',
      trace_id: TRACE_ID,
    });
  });

  it('omits absent optional fields rather than carrying undefined keys', () => {
    const error: PaymentError = {
      type: 'invalid_request_error',
      code: 'invoice_past_due',
      message: 'Invoice in_1 is past due.',
      origin: 'billing',
    };
    const problem = toProblem(error, { instance: '/v1/charges' });
    expect(Object.keys(problem).sort()).toEqual(['code', 'detail', 'instance', 'origin', 'status', 'title', 'type']);
    expect(problem).toEqual({
      type: '/errors/invoice_past_due',
      title: 'Invoice past due',
      status: 402,
      detail: 'Invoice in_1 is past due.',
      instance: '/v1/charges',
      code: 'invoice_past_due',
      origin: 'billing',
    });
  });

  it('omits optional fields that are present as undefined', () => {
    const error: PaymentError = {
      ...decline,
      decline_code: undefined,
      advice_code: undefined,
      param: undefined,
    };
    const problem = toProblem(error, { instance: '/v1/charges', traceId: undefined });
    expect(Object.values(problem)).not.toContain(undefined);
    for (const key of ['decline_code', 'advice_code', 'param', 'trace_id']) expect(problem).not.toHaveProperty(key);
  });

  it('survives JSON serialization with exactly the same members', () => {
    const problem = toProblem(decline, { instance: '/v1/charges?x=1', traceId: TRACE_ID });
    expect(JSON.parse(JSON.stringify(problem))).toEqual(problem);
  });

  it.each<{ error: PaymentError; status: number }>([
    {
      error: { type: 'invalid_request_error', code: 'parameter_missing', param: 'amount', message: 'Missing required param: amount.', origin: 'gateway' },
      status: 400,
    },
    {
      error: { type: 'invalid_request_error', code: 'resource_missing', param: 'customer', message: "No such customer: 'cus_x'.", origin: 'billing' },
      status: 400,
    },
    { error: { type: 'api_error', code: 'upstream_timeout', message: 'billing did not answer in time.', origin: 'gateway' }, status: 504 },
    { error: { type: 'api_error', code: 'service_unavailable', message: 'Try again.', origin: 'gateway' }, status: 503 },
  ])('$error.code from $error.origin: status $status, type and detail from the error', ({ error, status }) => {
    const problem = toProblem(error, { instance: '/v1/charges' });
    expect(problem.status).toBe(status);
    expect(problem.status).toBe(statusOf(error));
    expect(problem.type).toBe(`/errors/${error.code}`);
    expect(problem.detail).toBe(error.message);
    expect(problem.origin).toBe(error.origin);
  });

  it('titles an unknown code generically', () => {
    const problem = toProblem(
      { type: 'api_error', code: 'something_new', message: 'x', origin: 'gateway' },
      { instance: '/v1/charges' },
    );
    expect(problem.title).toBe('Request failed');
    expect(problem.type).toBe('/errors/something_new');
  });
});

describe('problemType and titleOf', () => {
  it('points each code at its docs page under /errors/', () => {
    expect(problemType('card_declined')).toBe('/errors/card_declined');
  });

  it.each([
    ['card_declined', 'Card declined'],
    ['expired_card', 'Card expired'],
    ['invoice_past_due', 'Invoice past due'],
    ['parameter_missing', 'Missing parameter'],
    ['internal_error', 'Internal error'],
    ['not_a_known_code', 'Request failed'],
  ])('titles %s as %p', (code, title) => {
    expect(titleOf(code)).toBe(title);
  });
});

describe('retryAfterOf', () => {
  it('asks the client to wait 5 seconds when the service is unavailable (503)', () => {
    expect(retryAfterOf({ type: 'api_error', code: 'service_unavailable' })).toBe(5);
  });

  it.each<[PaymentErrorType, string]>([
    ['api_error', 'upstream_timeout'],
    ['api_error', 'internal_error'],
    ['card_error', 'card_declined'],
    ['invalid_request_error', 'invoice_past_due'],
    ['invalid_request_error', 'parameter_invalid'],
    ['rate_limit_error', 'rate_limit'],
    ['idempotency_error', 'idempotency_key_in_use'],
  ])('gives no Retry-After for %s / %s', (type, code) => {
    expect(retryAfterOf({ type, code })).toBeUndefined();
  });
});
