import { applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiResponse, getSchemaPath } from '@nestjs/swagger';
import { PROBLEM_CONTENT_TYPE } from '@hoptrace/contracts';
import { ProblemDocument } from './schemas';

const WHEN: Readonly<Record<number, string>> = {
  400: 'Malformed JSON, or a missing, unknown or invalid parameter (`param` names it).',
  401: 'No API key, or an unknown one. Comes with `WWW-Authenticate: Bearer`.',
  402: 'Payment required. `origin` names the hop that decided: the processor (card declines), billing (a past-due invoice) or the gateway (credit exhausted).',
  403: 'The API key lacks the permission this endpoint needs.',
  404: 'No such page or route.',
  409: 'A request with the same Idempotency-Key is still in flight.',
  413: 'The body is larger than 64 kB.',
  415: 'The body is not JSON.',
  422: 'The Idempotency-Key was used with different parameters.',
  429: 'Too many payment requests with this API key. Comes with `Retry-After`.',
  500: 'An internal error. The trace_id leads to what failed.',
  502: 'The payment processor failed on its side; nothing was charged. Not a decline: retry later.',
  503: 'A queue cannot be reached, or nothing consumes it; nothing was done. Comes with `Retry-After`.',
  504: 'The next hop did not answer in time; the outcome is unknown. Retry with the same Idempotency-Key.',
};

const HEADERS: Readonly<Record<number, Record<string, { description: string; schema: { type: 'string' } }>>> = {
  402: {
    'PAYMENT-REQUIRED': {
      description: 'Metered endpoints only: base64 JSON of an x402 v2 PaymentRequired object (x402Version, resource, accepts).',
      schema: { type: 'string' },
    },
  },
  401: { 'WWW-Authenticate': { description: 'Bearer realm="hoptrace"', schema: { type: 'string' } } },
  429: { 'Retry-After': { description: 'Seconds to wait.', schema: { type: 'string' } } },
  503: { 'Retry-After': { description: 'Seconds to wait.', schema: { type: 'string' } } },
};

/** Documents the problem+json answers an operation can give, each with its status and meaning. */
export function ApiProblems(...statuses: number[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ApiExtraModels(ProblemDocument),
    ...statuses.map((status) =>
      ApiResponse({
        status,
        description: WHEN[status] ?? 'An error.',
        headers: HEADERS[status],
        content: { [PROBLEM_CONTENT_TYPE]: { schema: { $ref: getSchemaPath(ProblemDocument) } } },
      }),
    ),
  );
}

/** The problems every endpoint can answer with, whatever it does. */
export const COMMON_PROBLEMS = [500] as const;
/** The problems of every endpoint that takes an API key. */
export const AUTHENTICATED_PROBLEMS = [401, 403] as const;
/** The problems of every endpoint that takes a payment: a charge, or a credit top-up. */
export const PAYMENT_PROBLEMS = [400, 402, 409, 413, 415, 422, 429, 502, 503, 504] as const;
