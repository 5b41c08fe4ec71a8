import { ERROR_CODES, type ErrorCode } from './error-codes';
import type { ServiceName } from './services';

/** Stripe's error types, plus the two an API gateway adds in front of them. */
export type PaymentErrorType =
  | 'card_error'
  | 'invalid_request_error'
  | 'api_error'
  | 'idempotency_error'
  | 'authentication_error'
  | 'permission_error'
  | 'rate_limit_error';

/**
 * The error model every hop speaks, shaped like Stripe's error object. A hop that decides a
 * request cannot go on returns one of these as its reply, never as a thrown error, so that a
 * decline is an answer and not a failed job that a queue would retry.
 */
export interface PaymentError {
  type: PaymentErrorType;
  /** Stripe's error code: card_declined, expired_card, resource_missing, ... */
  code: string;
  /** Stripe's decline code, for card declines: insufficient_funds, fraudulent, ... */
  decline_code?: string;
  /** Stripe's advice code: try_again_later, do_not_try_again, confirm_card_data. */
  advice_code?: string;
  /** Safe to show to the paying customer. Never names a fraud rule. */
  message: string;
  /** The request parameter the error is about. */
  param?: string;
  /** The service that decided. */
  origin: ServiceName;
}

/** What the hop that builds an error says: its words, who it is, and Stripe's optional fields. */
export interface PaymentErrorDetails {
  message: string;
  origin: ServiceName;
  param?: string;
  decline_code?: string;
  advice_code?: string;
}

/**
 * The one way a PaymentError is made. The code picks everything the API promises about it from
 * ERROR_CODES (its Stripe type, and so its status and title); the caller only says what happened.
 * Optional fields that are not given are left out, not carried as undefined.
 */
export function paymentError(code: ErrorCode, details: PaymentErrorDetails): PaymentError {
  const error: PaymentError = { type: ERROR_CODES[code].type, code, message: details.message, origin: details.origin };
  if (details.decline_code !== undefined) error.decline_code = details.decline_code;
  if (details.advice_code !== undefined) error.advice_code = details.advice_code;
  if (details.param !== undefined) error.param = details.param;
  return error;
}

/** A 503: the hop cannot reach what it needs (Redis, a queue, a worker), and nothing was done. */
export const serviceUnavailable = (origin: ServiceName, message: string): PaymentError =>
  paymentError('service_unavailable', { message, origin });

export type Reply<T> = { ok: true; value: T } | { ok: false; error: PaymentError };

export const ok = <T>(value: T): Reply<T> => ({ ok: true, value });
export const fail = <T = never>(error: PaymentError): Reply<T> => ({ ok: false, error });
