import { NotFoundException } from '@nestjs/common';
import type { Request } from 'express';
import { problemResponse } from './problem-response';
import { ProblemException } from './problem.exception';

const request = (url: string) => ({ path: url.split('?')[0], originalUrl: url, url }) as unknown as Request;

describe('problemResponse', () => {
  it('does not send back a card number a client put in the URL, nor keep it for an idempotency replay', () => {
    const answer = problemResponse(new NotFoundException(), request('/v1/charges/4242424242424242?n=4000-0000-0000-9995'));
    expect(answer.status).toBe(404);
    expect(answer.body).not.toMatch(/4242424242424242|4000-0000-0000-9995/);
    expect(JSON.parse(answer.body)).toMatchObject({ instance: '/v1/charges/[REDACTED:card]?n=[REDACTED:card]', code: 'route_not_found' });
  });

  it('nor a card number or API key in a parameter name', () => {
    const error = { type: 'invalid_request_error' as const, code: 'parameter_unknown', param: 'payment_method[card][4242424242424242]', message: 'Received unknown parameter: sk_test_demo.', origin: 'gateway' as const };
    const answer = problemResponse(new ProblemException(error), request('/v1/charges'));
    expect(answer.body).not.toMatch(/4242424242424242|sk_test_demo/);
  });
});
