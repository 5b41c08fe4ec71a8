import { HttpException } from '@nestjs/common';
import { paymentError, serviceUnavailable, SERVICES, type ErrorCode, type PaymentError } from '@hoptrace/contracts';
import { isRedisUnavailable } from '@hoptrace/queue-transport';
import { ProblemException } from './problem.exception';

const origin = SERVICES.gateway;
const invalid = (code: ErrorCode, message: string): PaymentError => paymentError(code, { message, origin });

/** Errors that Express's body parser raises before Nest sees the request, by their `type`. */
const BODY_PARSER_ERRORS: Readonly<Record<string, () => PaymentError>> = {
  'entity.parse.failed': () => invalid('invalid_json', 'The request body is not valid JSON.'),
  'entity.too.large': () => invalid('request_too_large', 'The request body is too large.'),
  'encoding.unsupported': () => invalid('unsupported_media_type', 'The request body encoding is not supported.'),
  'charset.unsupported': () => invalid('unsupported_media_type', 'The request body charset is not supported.'),
};

/**
 * zlib's errors, which the body parser passes on untyped when a body is not the gzip, deflate or
 * brotli data its Content-Encoding claims: `Z_DATA_ERROR`, `Z_BUF_ERROR`, brotli's `ERR__ERROR_…`.
 */
const isDecompressionError = (error: unknown): boolean => {
  const { code, errno } = (error ?? {}) as { code?: unknown; errno?: unknown };
  return typeof errno === 'number' && typeof code === 'string' && /^(Z_|ERR__|ERR_BROTLI)/.test(code);
};

/** The client's mistake behind an error of Express's body parser, if it is one. */
export function bodyParserError(error: unknown): PaymentError | undefined {
  const type = (error as { type?: unknown })?.type;
  if (typeof type === 'string' && Object.hasOwn(BODY_PARSER_ERRORS, type)) return BODY_PARSER_ERRORS[type]();
  if (isDecompressionError(error)) {
    return invalid('invalid_body_encoding', 'The request body is not valid data of the encoding its Content-Encoding names.');
  }
  return undefined;
}

/**
 * What a request that Node's HTTP parser refused was told, by the parser's error code; undefined
 * when there is no one to tell (the client went away, or stopped sending).
 */
export function httpParserError(code: unknown): PaymentError | undefined {
  switch (code) {
    case 'ECONNRESET':
    case 'ERR_HTTP_REQUEST_TIMEOUT':
    case 'HPE_CB_MESSAGE_BEGIN':
      return undefined;
    case 'HPE_HEADER_OVERFLOW':
      return invalid('request_header_too_large', 'The request headers are larger than the 16 KB the gateway reads.');
    case 'HPE_CHUNK_EXTENSIONS_OVERFLOW':
      return BODY_PARSER_ERRORS['entity.too.large']();
    default:
      return invalid('malformed_request', `The request is not valid HTTP/1.1${typeof code === 'string' ? ` (${code})` : ''}.`);
  }
}

/**
 * Whatever was thrown while serving a request, as the error the client is told about. Only an
 * exception nobody anticipated becomes a 500, and its message is not passed on.
 */
export function errorOf(exception: unknown, path: string): PaymentError {
  if (exception instanceof ProblemException) return exception.error;
  const parseError = bodyParserError(exception);
  if (parseError) return parseError;
  if (isRedisUnavailable(exception)) {
    // API keys, rate limits and idempotency keys live in Redis: without it nothing can be decided.
    return serviceUnavailable(
      origin,
      'A store the gateway needs cannot be reached. Retry later; a retry with the same Idempotency-Key is never charged twice.',
    );
  }
  if (exception instanceof HttpException) {
    switch (exception.getStatus()) {
      case 404:
        return invalid('route_not_found', `No route for ${path}.`);
      case 405:
        return invalid('method_not_allowed', `Method not allowed on ${path}.`);
      case 413:
        return BODY_PARSER_ERRORS['entity.too.large']();
      case 415:
        return invalid('unsupported_media_type', 'Send the request body as application/json.');
      case 429:
        // @nestjs/throttler has already set Retry-After on the response.
        return paymentError('rate_limited', {
          message: 'Too many payment requests with this API key. Retry after the time in Retry-After.',
          origin,
        });
      default:
        if (exception.getStatus() < 500) return invalid('parameter_invalid', exception.message);
    }
  }
  return paymentError('internal_error', { message: 'An internal error occurred.', origin });
}
