import { Logger, ValidationPipe, type INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { json, type NextFunction, type Request, type Response } from 'express';
import { rejectDeepBodies } from './body-depth';
import { bodyParserError } from './error-of';
import { serveOpenApi } from '../openapi/openapi';
import { HttpRouteInterceptor } from './http-route.interceptor';
import { ProblemException } from './problem.exception';
import { ProblemFilter } from './problem.filter';
import { traceresponseMiddleware } from './traceresponse.middleware';
import { answerUnparsableRequests } from './unparsable-requests';
import { validationProblem, VALIDATOR_OPTIONS } from './validation-problem';

/** Body size cap: a charge is a few hundred bytes; anything near this is not a charge. */
export const BODY_LIMIT = '64kb';

/**
 * Nest's own body parser reports malformed JSON as a bare 400 with the parser's message; parsing
 * here keeps the parser's error type, so the client learns exactly what was wrong.
 */
function rejectUnparsableBodies(error: unknown, _request: Request, _response: Response, next: NextFunction): void {
  const problem = bodyParserError(error);
  next(problem ? new ProblemException(problem) : error);
}

/** The gateway's HTTP conventions: strict validation, problem+json errors, trace ids on every answer. */
export function configureHttp(app: INestApplication): void {
  const express = app as NestExpressApplication;
  express.disable('x-powered-by');
  answerUnparsableRequests(express.getHttpServer(), new Logger('HttpParser'));
  express.use(traceresponseMiddleware);
  express.use(json({ limit: BODY_LIMIT }), rejectUnparsableBodies, rejectDeepBodies);
  express.useGlobalInterceptors(new HttpRouteInterceptor());
  express.useGlobalFilters(new ProblemFilter());
  express.useGlobalPipes(
    new ValidationPipe({
      ...VALIDATOR_OPTIONS,
      exceptionFactory: (errors) => new ProblemException(validationProblem(errors)),
    }),
  );
  serveOpenApi(express);
}
