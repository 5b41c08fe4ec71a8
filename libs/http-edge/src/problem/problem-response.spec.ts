import { NotFoundException } from '@nestjs/common';
import { ROOT_CONTEXT, trace, TraceFlags } from '@opentelemetry/api';
import { TracerProvider } from '@opentelemetry/sdk-trace';
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

  it('sends the trace id whole, even when its digits read as a card number', () => {
    // A Luhn-valid run of 16 digits inside the 32 hex digits of a trace id, as random ids sometimes hold.
    const traceId = '0af7651916cd43dd4242424242424242';
    const span = new TracerProvider().getTracer('problem-response-spec').startSpan(
      'POST /v1/charges',
      {},
      trace.setSpanContext(ROOT_CONTEXT, { traceId, spanId: 'b7ad6b7169203331', traceFlags: TraceFlags.SAMPLED }),
    );
    const spy = jest.spyOn(trace, 'getActiveSpan').mockReturnValue(span);
    try {
      const answer = problemResponse(new NotFoundException(), request('/v1/charges/4242424242424242'));
      expect(JSON.parse(answer.body)).toMatchObject({ trace_id: traceId, instance: '/v1/charges/[REDACTED:card]' });
    } finally {
      spy.mockRestore();
      span.end();
    }
  });
});
