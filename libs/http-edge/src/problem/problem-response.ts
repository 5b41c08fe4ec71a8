import { PROBLEM_CONTENT_TYPE, retryAfterOf, toProblem, type PaymentError } from '@hoptrace/contracts';
import { redactSensitiveDeep } from '@hoptrace/telemetry';
import type { Request } from 'express';
import { currentTraceId } from '../trace/current-trace';
import { errorOf } from './error-of';
import { ProblemException } from './problem.exception';

/** An error answer, fully decided: what the filter sends and what an idempotency key keeps. */
export interface ProblemResponse {
  error: PaymentError;
  status: number;
  headers: Record<string, string>;
  body: string;
}

export function problemResponse(exception: unknown, request: Request): ProblemResponse {
  const error = errorOf(exception, request.path);
  // The instance is the URL the client sent, and a message may name it: a card number a client put
  // in a URL is not sent back (nor kept by an idempotency key). The trace id is the gateway's own,
  // 32 hex digits, and about one in a thousand holds a digit run that reads as a card number: it is
  // added after the redaction, or that answer would name a trace that does not exist.
  const traceId = currentTraceId();
  const problem = redactSensitiveDeep(toProblem(error, { instance: request.originalUrl ?? request.url }));
  if (traceId) problem.trace_id = traceId;
  const headers: Record<string, string> = {
    ...(exception instanceof ProblemException ? exception.headers : {}),
    'Content-Type': `${PROBLEM_CONTENT_TYPE}; charset=utf-8`,
  };
  const retryAfter = retryAfterOf(error);
  if (retryAfter !== undefined) headers['Retry-After'] = String(retryAfter);
  return { error, status: problem.status, headers, body: JSON.stringify(problem) };
}
