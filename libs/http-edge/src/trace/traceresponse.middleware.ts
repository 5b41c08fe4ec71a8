import { trace } from '@opentelemetry/api';
import { formatTraceresponse } from '@hoptrace/telemetry';
import type { NextFunction, Request, Response } from 'express';

/** Every response names its trace, errors included, so a client can hand it to whoever debugs. */
export function traceresponseMiddleware(_request: Request, response: Response, next: NextFunction): void {
  const span = trace.getActiveSpan();
  if (span) response.setHeader('traceresponse', formatTraceresponse(span.spanContext()));
  next();
}
