import { ERROR_CODES, errorCodeInfo, isErrorCode } from './error-codes';
import type { PaymentError, PaymentErrorType } from './payment-error';
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
 * The status Stripe gives each error type, for a code the catalogue does not hold (a newer hop's,
 * say). Every catalogue code has its own status in ERROR_CODES, and that one wins.
 */
const STATUS_OF_TYPE: Readonly<Record<PaymentErrorType, number>> = {
  card_error: 402,
  invalid_request_error: 400,
  authentication_error: 401,
  permission_error: 403,
  rate_limit_error: 429,
  idempotency_error: 422,
  api_error: 500,
};

/**
 * Which HTTP status a payment error is: the catalogue's status for its code, when the error has the
 * type the catalogue gives that code; otherwise the status of its type (a card error is always 402).
 */
export function statusOf(error: Pick<PaymentError, 'type' | 'code'>): number {
  const info = errorCodeInfo(error.code);
  return info && info.type === error.type ? info.status : STATUS_OF_TYPE[error.type];
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
