import type { PaymentErrorType } from './payment-error';
import { SERVICES, type ServiceName } from './services';

/** What the API promises about one error code. */
export interface ErrorCodeInfo {
  /** The problem's `title`: short, the same for every occurrence of the code. */
  readonly title: string;
  /** The Stripe error type the code is sent with. */
  readonly type: PaymentErrorType;
  /** The HTTP status of a response with this code: the only place it is written (`statusOf` reads it). */
  readonly status: number;
  /** The hops that decide it: the problem's `origin`, and where to look in a trace. */
  readonly origins: readonly ServiceName[];
}

const { gateway, billing, processor, notifier, facilitator } = SERVICES;

/**
 * Every error code hoptrace answers with, single-sourced. Each one is a page of docs/errors
 * (`docs/errors/<code>.md`), served by the gateway at the problem's `type`, `/errors/<code>`.
 * A code that is not here has no page: add the code and its page together.
 */
export const ERROR_CODES = {
  // Card errors: the payment processor's answer for the card. Always 402.
  card_declined: { title: 'Card declined', type: 'card_error', status: 402, origins: [processor] },
  expired_card: { title: 'Card expired', type: 'card_error', status: 402, origins: [processor] },
  incorrect_cvc: { title: 'Incorrect CVC', type: 'card_error', status: 402, origins: [processor] },
  processing_error: { title: 'Card processing error', type: 'card_error', status: 402, origins: [processor] },

  // Refusals to serve until someone pays: 402, decided by billing before any card is tried.
  invoice_past_due: { title: 'Invoice past due', type: 'invalid_request_error', status: 402, origins: [billing] },
  insufficient_credit: { title: 'Insufficient credit', type: 'invalid_request_error', status: 402, origins: [gateway] },
  // An x402 payment the facilitator would not settle; its reason (x402's own) is the decline code.
  payment_refused: { title: 'Payment refused', type: 'invalid_request_error', status: 402, origins: [facilitator] },

  // Invalid requests: the client's to fix.
  resource_missing: { title: 'No such resource', type: 'invalid_request_error', status: 400, origins: [gateway, billing, processor] },
  parameter_invalid: { title: 'Invalid parameter', type: 'invalid_request_error', status: 400, origins: [gateway, processor] },
  parameter_missing: { title: 'Missing parameter', type: 'invalid_request_error', status: 400, origins: [gateway] },
  parameter_unknown: { title: 'Unknown parameter', type: 'invalid_request_error', status: 400, origins: [gateway] },
  amount_too_small: { title: 'Amount too small', type: 'invalid_request_error', status: 400, origins: [processor] },
  amount_too_large: { title: 'Amount too large', type: 'invalid_request_error', status: 400, origins: [processor] },
  invalid_json: { title: 'Malformed JSON', type: 'invalid_request_error', status: 400, origins: [gateway] },
  invalid_body_encoding: { title: 'Undecodable body', type: 'invalid_request_error', status: 400, origins: [gateway] },
  malformed_request: { title: 'Malformed HTTP request', type: 'invalid_request_error', status: 400, origins: [gateway] },
  route_not_found: { title: 'Not found', type: 'invalid_request_error', status: 404, origins: [gateway] },
  resource_not_found: { title: 'No such object', type: 'invalid_request_error', status: 404, origins: [gateway, notifier] },
  method_not_allowed: { title: 'Method not allowed', type: 'invalid_request_error', status: 405, origins: [gateway] },
  request_too_large: { title: 'Request too large', type: 'invalid_request_error', status: 413, origins: [gateway] },
  unsupported_media_type: { title: 'Unsupported media type', type: 'invalid_request_error', status: 415, origins: [gateway] },
  request_header_too_large: { title: 'Request headers too large', type: 'invalid_request_error', status: 431, origins: [gateway] },

  // Who may call, and how often: decided by the gateway before anything is sent on.
  authentication_required: { title: 'Authentication required', type: 'authentication_error', status: 401, origins: [gateway] },
  permission_denied: { title: 'Permission denied', type: 'permission_error', status: 403, origins: [gateway] },
  rate_limited: { title: 'Too many requests', type: 'rate_limit_error', status: 429, origins: [gateway] },
  idempotency_key_in_use: { title: 'Idempotency key in use', type: 'idempotency_error', status: 409, origins: [gateway] },
  idempotency_key_reused: { title: 'Idempotency key reused', type: 'idempotency_error', status: 422, origins: [gateway] },

  // The system's own failures: nobody decided anything about the payment.
  upstream_timeout: { title: 'Upstream timeout', type: 'api_error', status: 504, origins: [gateway, billing] },
  service_unavailable: { title: 'Service unavailable', type: 'api_error', status: 503, origins: [gateway, billing, processor, notifier] },
  internal_error: { title: 'Internal error', type: 'api_error', status: 500, origins: [gateway, billing] },
  processor_error: { title: 'Payment processor error', type: 'api_error', status: 502, origins: [processor] },
} as const satisfies Readonly<Record<string, ErrorCodeInfo>>;

export type ErrorCode = keyof typeof ERROR_CODES;

/** Whether `code` is one of hoptrace's error codes. Own properties only: `constructor` is no code. */
export const isErrorCode = (code: string): code is ErrorCode => Object.hasOwn(ERROR_CODES, code);

/** The catalogue's entry for `code`, if it is one. */
export const errorCodeInfo = (code: string): ErrorCodeInfo | undefined =>
  isErrorCode(code) ? ERROR_CODES[code] : undefined;
