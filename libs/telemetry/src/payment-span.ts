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

/**
 * A decision as its deciding span records it. Every hop's decision function returns this shape:
 * an outcome, and for a refusal the error it answers with; `paymentRequired` is the decision's own
 * word that the refusal is a 402 (a card declined, an invoice past due, credit spent).
 */
export interface SpanDecision {
  readonly outcome: string;
  readonly error?: PaymentError;
  readonly paymentRequired?: boolean;
}

/**
 * Marks the deciding span with what was decided: a 402 makes it the red span that claims the
 * refusal (markPaymentRequired); any other refusal is an `invalid_request` and stays green, as the
 * client's mistake is no fault of the hop; a decision to go on records its outcome.
 */
export function recordDecision(span: Span, decision: SpanDecision): void {
  if (decision.error && decision.paymentRequired) {
    markPaymentRequired(span, decision.error);
    return;
  }
  span.setAttribute(ATTR_PAYMENT_OUTCOME, decision.error ? 'invalid_request' : decision.outcome);
}

/**
 * Marks a hop that failed on its own side (not a decision about the payment, never a 402): red, with
 * the error's code, so the trace shows where it failed.
 */
export function recordFailure(span: Span, error: PaymentError): void {
  span.setAttributes({ [ATTR_PAYMENT_OUTCOME]: 'failed', [ATTR_ERROR_TYPE]: error.code });
  span.setStatus({ code: SpanStatusCode.ERROR, message: error.code });
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
