import { Logger, ValidationPipe, type INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { json, type NextFunction, type Request, type Response } from 'express';
import { rejectDeepBodies } from './problem/body-depth';
import { bodyParserError } from './problem/error-of';
import { ProblemException } from './problem/problem.exception';
import { ProblemFilter } from './problem/problem.filter';
import { answerUnparsableRequests } from './problem/unparsable-requests';
import { validationProblem, VALIDATOR_OPTIONS } from './problem/validation-problem';
import { HttpRouteInterceptor } from './trace/http-route.interceptor';
import { traceresponseMiddleware } from './trace/traceresponse.middleware';

/**
 * Nest's own body parser reports malformed JSON as a bare 400 with the parser's message; parsing
 * here keeps the parser's error type, so the client learns exactly what was wrong.
 */
function rejectUnparsableBodies(error: unknown, _request: Request, _response: Response, next: NextFunction): void {
  const problem = bodyParserError(error);
  next(problem ? new ProblemException(problem) : error);
}

/**
 * A public edge's HTTP conventions: strict validation, problem+json for every error (even those
 * Node's HTTP parser and Express's body parser raise), the trace id on every answer, and server
 * spans named by their route. Create the app with `bodyParser: false`: bodies are parsed here.
 */
export function configureHttpEdge(app: INestApplication, options: { bodyLimit: string }): void {
  const express = app as NestExpressApplication;
  express.disable('x-powered-by');
  answerUnparsableRequests(express.getHttpServer(), new Logger('HttpParser'));
  express.use(traceresponseMiddleware);
  express.use(json({ limit: options.bodyLimit }), rejectUnparsableBodies, rejectDeepBodies);
  express.useGlobalInterceptors(new HttpRouteInterceptor());
  express.useGlobalFilters(new ProblemFilter());
  express.useGlobalPipes(
    new ValidationPipe({
      ...VALIDATOR_OPTIONS,
      exceptionFactory: (errors) => new ProblemException(validationProblem(errors)),
    }),
  );
}
