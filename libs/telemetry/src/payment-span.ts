import { SpanStatusCode, type Span } from '@opentelemetry/api';
import type { PaymentError } from '@hoptrace/contracts';
import {
  ATTR_ERROR_TYPE,
  ATTR_PAYMENT_ADVICE_CODE,
  ATTR_PAYMENT_DECLINE_CODE,
  ATTR_PAYMENT_ERROR_CODE,
  ATTR_PAYMENT_ERROR_TYPE,
  ATTR_PAYMENT_OUTCOME,
  ATTR_PAYMENT_REQUIRED_ORIGIN,
} from './semconv';

/**
 * Marks `span` as the one that decided a 402: red in Jaeger and searchable by
 * `payment.required.origin`. Only the deciding hop calls this; hops that pass the answer on
 * record it with `recordPaymentOutcome` and stay green.
 */
export function markPaymentRequired(span: Span, error: PaymentError): void {
  const declineCode = error.decline_code ?? error.code;
  span.setAttributes({
    [ATTR_PAYMENT_REQUIRED_ORIGIN]: error.origin,
    [ATTR_PAYMENT_DECLINE_CODE]: declineCode,
    [ATTR_PAYMENT_ERROR_CODE]: error.code,
    [ATTR_PAYMENT_ERROR_TYPE]: error.type,
    [ATTR_PAYMENT_OUTCOME]: 'payment_required',
    [ATTR_ERROR_TYPE]: error.code,
  });
  if (error.advice_code) span.setAttribute(ATTR_PAYMENT_ADVICE_CODE, error.advice_code);
  span.setStatus({ code: SpanStatusCode.ERROR, message: `${error.code}: ${declineCode}` });
}

/** Records what a hop heard back from the hop after it, without claiming the decision. */
export function recordPaymentOutcome(span: Span, outcome: 'succeeded' | { error: PaymentError }): void {
  if (outcome === 'succeeded') {
    span.setAttribute(ATTR_PAYMENT_OUTCOME, 'succeeded');
    return;
  }
  span.setAttributes({
    [ATTR_PAYMENT_OUTCOME]: 'failed',
    [ATTR_PAYMENT_ERROR_CODE]: outcome.error.code,
  });
}
