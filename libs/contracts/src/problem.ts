import { ERROR_CODES, isErrorCode } from './error-codes';
import type { PaymentError } from './payment-error';
import type { ServiceName } from './services';

/** RFC 9457 problem details, extended with Stripe's error fields and the trace that explains it. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  code: string;
  decline_code?: string;
  advice_code?: string;
  param?: string;
  origin: ServiceName;
  trace_id?: string;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** Problem types are pages of docs/errors, one per error code, served by the gateway under /errors/. */
export const problemType = (code: string): string => `/errors/${code}`;

/**
 * Invoice and credit shortfalls are refusals to serve until someone pays: 402, though they are not
 * card errors. Every other invalid request is the client's to fix: 400.
 */
const PAYMENT_REQUIRED_CODES: ReadonlySet<string> = new Set(['invoice_past_due', 'insufficient_credit', 'payment_refused']);

/** Invalid requests that HTTP has a more precise status for than 400. */
const REQUEST_ERROR_STATUS: Readonly<Record<string, number>> = {
  route_not_found: 404,
  resource_not_found: 404,
  method_not_allowed: 405,
  request_too_large: 413,
  unsupported_media_type: 415,
  request_header_too_large: 431,
};

/** Which HTTP status a payment error is. Stripe answers every card error with 402. */
export function statusOf(error: Pick<PaymentError, 'type' | 'code'>): number {
  switch (error.type) {
    case 'card_error':
      return 402;
    case 'invalid_request_error':
      if (PAYMENT_REQUIRED_CODES.has(error.code)) return 402;
      return Object.hasOwn(REQUEST_ERROR_STATUS, error.code) ? REQUEST_ERROR_STATUS[error.code] : 400;
    case 'authentication_error':
      return 401;
    case 'permission_error':
      return 403;
    case 'rate_limit_error':
      return 429;
    case 'idempotency_error':
      return error.code === 'idempotency_key_in_use' ? 409 : 422;
    case 'api_error':
      if (error.code === 'upstream_timeout') return 504;
      if (error.code === 'service_unavailable') return 503;
      if (error.code === 'processor_error') return 502;
      return 500;
  }
}

/**
 * The catalogue's title of `code`, or a generic one for a code outside it. `isErrorCode` looks up own
 * properties only (Object.hasOwn), so `constructor` or `__proto__` is no code and titles generically.
 */
export const titleOf = (code: string): string => (isErrorCode(code) ? ERROR_CODES[code].title : 'Request failed');

/** Maps a hop's payment error to the problem document the client receives. */
export function toProblem(error: PaymentError, context: { instance: string; traceId?: string }): ProblemDetails {
  const problem: ProblemDetails = {
    type: problemType(error.code),
    title: titleOf(error.code),
    status: statusOf(error),
    detail: error.message,
    instance: context.instance,
    code: error.code,
    origin: error.origin,
  };
  if (error.decline_code) problem.decline_code = error.decline_code;
  if (error.advice_code) problem.advice_code = error.advice_code;
  if (error.param) problem.param = error.param;
  if (context.traceId) problem.trace_id = context.traceId;
  return problem;
}

/** Seconds a client should wait before retrying, for the statuses where waiting helps. */
export function retryAfterOf(error: Pick<PaymentError, 'type' | 'code'>): number | undefined {
  return statusOf(error) === 503 ? 5 : undefined;
}
