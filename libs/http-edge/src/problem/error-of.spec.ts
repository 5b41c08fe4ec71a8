import {
  BadRequestException,
  HttpException,
  MethodNotAllowedException,
  NotFoundException,
  PayloadTooLargeException,
  UnsupportedMediaTypeException,
} from '@nestjs/common';
import { statusOf, type PaymentError } from '@hoptrace/contracts';
import { bodyParserError, errorOf, httpParserError } from './error-of';
import { ProblemException } from './problem.exception';

const PATH = '/v1/charges';

describe('bodyParserError', () => {
  it.each<[string, string, number]>([
    ['entity.parse.failed', 'invalid_json', 400],
    ['entity.too.large', 'request_too_large', 413],
    ['encoding.unsupported', 'unsupported_media_type', 415],
    ['charset.unsupported', 'unsupported_media_type', 415],
  ])('a body-parser error of type %s is the gateway’s %s (%d)', (type, code, status) => {
    const error = bodyParserError(Object.assign(new Error('parser said so'), { type }));
    expect(error).toMatchObject({ type: 'invalid_request_error', code, origin: 'gateway' });
    expect(statusOf(error!)).toBe(status);
  });

  it.each<[string, unknown]>([
    ['undefined', undefined],
    ['null', null],
    ['a string', 'entity.parse.failed'],
    ['a plain Error', new Error('boom')],
    ['an unknown parser type', { type: 'stream.not.readable' }],
    ['a non-string type', { type: 413 }],
    ['type __proto__', { type: '__proto__' }],
    ['type constructor', { type: 'constructor' }],
    ['type toString', { type: 'toString' }],
  ])('is undefined for %s', (_case, error) => {
    expect(bodyParserError(error)).toBeUndefined();
  });
});

describe('errorOf', () => {
  it('maps malformed JSON from the body parser to invalid_json, a 400', () => {
    const error = errorOf({ type: 'entity.parse.failed' }, PATH);
    expect(error).toEqual({
      type: 'invalid_request_error',
      code: 'invalid_json',
      message: 'The request body is not valid JSON.',
      origin: 'gateway',
    });
    expect(statusOf(error)).toBe(400);
  });

  it('maps an oversized body from the body parser to request_too_large, a 413', () => {
    const error = errorOf({ type: 'entity.too.large' }, PATH);
    expect(error).toMatchObject({ type: 'invalid_request_error', code: 'request_too_large', origin: 'gateway' });
    expect(statusOf(error)).toBe(413);
  });

  it('maps a NotFoundException to route_not_found naming the path, a 404', () => {
    const error = errorOf(new NotFoundException('Cannot GET /nope'), '/nope');
    expect(error).toEqual({
      type: 'invalid_request_error',
      code: 'route_not_found',
      message: 'No route for /nope.',
      origin: 'gateway',
    });
    expect(statusOf(error)).toBe(404);
  });

  it.each<[string, HttpException, string, number]>([
    ['MethodNotAllowedException', new MethodNotAllowedException(), 'method_not_allowed', 405],
    ['PayloadTooLargeException', new PayloadTooLargeException(), 'request_too_large', 413],
    ['UnsupportedMediaTypeException', new UnsupportedMediaTypeException(), 'unsupported_media_type', 415],
    ['BadRequestException', new BadRequestException('bad'), 'parameter_invalid', 400],
  ])('maps a %s to %s (%d)', (_name, exception, code, status) => {
    const error = errorOf(exception, PATH);
    expect(error).toMatchObject({ type: 'invalid_request_error', code, origin: 'gateway' });
    expect(statusOf(error)).toBe(status);
  });

  it.each<[string, PaymentError]>([
    [
      'a decline from payment-processor',
      {
        type: 'card_error',
        code: 'card_declined',
        decline_code: 'insufficient_funds',
        advice_code: 'try_again_later',
        message: 'Your card has insufficient funds.',
        origin: 'payment-processor',
      },
    ],
    [
      'a past-due invoice from billing',
      { type: 'invalid_request_error', code: 'invoice_past_due', message: 'Invoice in_1 is past due.', origin: 'billing' },
    ],
    ['an upstream timeout', { type: 'api_error', code: 'upstream_timeout', message: 'billing timed out.', origin: 'gateway' }],
  ])('passes the error of a ProblemException through unchanged: %s', (_case, carried) => {
    const error = errorOf(new ProblemException(carried), PATH);
    expect(error).toBe(carried);
    expect(error).toEqual({ ...carried });
  });

  it('turns an unanticipated Error into internal_error without repeating its message', () => {
    const error = errorOf(new Error('ECONNREFUSED 10.0.0.7:6379 password=hunter2'), PATH);
    expect(error).toEqual({
      type: 'api_error',
      code: 'internal_error',
      message: 'An internal error occurred.',
      origin: 'gateway',
    });
    expect(error.message).not.toContain('hunter2');
    expect(error.message).not.toContain('ECONNREFUSED');
    expect(statusOf(error)).toBe(500);
  });

  it.each<[string, HttpException]>([
    ['a 500 HttpException', new HttpException('database exploded', 500)],
    ['a 502 HttpException', new HttpException('bad gateway upstream', 502)],
  ])('treats %s as internal_error, not passing its message on', (_case, exception) => {
    const error = errorOf(exception, PATH);
    expect(error).toMatchObject({ type: 'api_error', code: 'internal_error' });
    expect(error.message).not.toContain(exception.message);
  });

  it.each<[string, unknown]>([
    ['an object with type __proto__', { type: '__proto__' }],
    ['an object with type constructor', { type: 'constructor' }],
    ['undefined', undefined],
    ['null', null],
    ['a thrown string', 'oops'],
    ['a thrown number', 42],
  ])('does not crash on %s and maps it to internal_error', (_case, thrown) => {
    let error: PaymentError | undefined;
    expect(() => (error = errorOf(thrown, PATH))).not.toThrow();
    expect(error).toEqual({ type: 'api_error', code: 'internal_error', message: 'An internal error occurred.', origin: 'gateway' });
  });
});

describe('decompression errors', () => {
  it.each<[string, string, number]>([
    ['gzip of something else', 'Z_DATA_ERROR', -3],
    ['a gzip stream cut short', 'Z_BUF_ERROR', -5],
    ['brotli of something else', 'ERR__ERROR_FORMAT_PADDING_1', -14],
  ])('%s is invalid_body_encoding, a 400, not a 500', (_case, code, errno) => {
    const error = errorOf(Object.assign(new Error('incorrect header check'), { code, errno }), PATH);
    expect(error).toMatchObject({ type: 'invalid_request_error', code: 'invalid_body_encoding', origin: 'gateway' });
    expect(statusOf(error)).toBe(400);
  });

  it('does not take a network error for one', () => {
    expect(bodyParserError(Object.assign(new Error('refused'), { code: 'ECONNREFUSED', errno: -111 }))).toBeUndefined();
  });
});

describe('httpParserError', () => {
  it('answers headers over the limit with request_header_too_large, a 431', () => {
    const error = httpParserError('HPE_HEADER_OVERFLOW');
    expect(error).toMatchObject({ code: 'request_header_too_large', origin: 'gateway' });
    expect(statusOf(error!)).toBe(431);
  });

  it.each(['HPE_INVALID_METHOD', 'HPE_INVALID_HEADER_TOKEN', 'HPE_UNEXPECTED_CONTENT_LENGTH', undefined])(
    'answers %p with malformed_request, a 400',
    (code) => {
      const error = httpParserError(code);
      expect(error).toMatchObject({ code: 'malformed_request', origin: 'gateway' });
      expect(statusOf(error!)).toBe(400);
    },
  );

  it.each(['ECONNRESET', 'ERR_HTTP_REQUEST_TIMEOUT'])('has no answer for %s: nobody is listening', (code) => {
    expect(httpParserError(code)).toBeUndefined();
  });
});

describe('Redis outages', () => {
  it.each<[string, Error]>([
    ['a command refused while disconnected', new Error("Stream isn't writeable and enableOfflineQueue options is false")],
    ['a connection closed mid-command', new Error('Connection is closed.')],
    ['a refused connection', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6379'), { code: 'ECONNREFUSED' })],
    ['ioredis giving up on retries', Object.assign(new Error('Reached the max retries per request limit'), { name: 'MaxRetriesPerRequestError' })],
  ])('%s is service_unavailable, a 503 with Retry-After', (_case, thrown) => {
    const error = errorOf(thrown, PATH);
    expect(error).toMatchObject({ type: 'api_error', code: 'service_unavailable', origin: 'gateway' });
    expect(statusOf(error)).toBe(503);
  });
});
