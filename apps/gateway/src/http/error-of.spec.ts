import {
  BadRequestException,
  HttpException,
  MethodNotAllowedException,
  NotFoundException,
  PayloadTooLargeException,
  UnsupportedMediaTypeException,
} from '@nestjs/common';
import { statusOf, type PaymentError } from '@hoptrace/contracts';
import { bodyParserError, errorOf } from './error-of';
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
