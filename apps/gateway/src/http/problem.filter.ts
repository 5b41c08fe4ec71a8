import { Catch, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { PROBLEM_CONTENT_TYPE, retryAfterOf, toProblem } from '@hoptrace/contracts';
import type { Request, Response } from 'express';
import { currentTraceId } from './current-trace';
import { errorOf } from './error-of';
import { ProblemException } from './problem.exception';

/** Renders every error the gateway answers with as RFC 9457 problem+json. */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger(ProblemFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const request = host.switchToHttp().getRequest<Request>();
    const response = host.switchToHttp().getResponse<Response>();
    const error = errorOf(exception, request.path);
    const problem = toProblem(error, { instance: request.originalUrl ?? request.url, traceId: currentTraceId() });
    if (problem.status >= 500 && !(exception instanceof ProblemException)) {
      this.logger.error(`unhandled error on ${request.method} ${request.path}`, (exception as Error)?.stack);
    }
    if (exception instanceof ProblemException) {
      for (const [name, value] of Object.entries(exception.headers)) response.setHeader(name, value);
    }
    const retryAfter = retryAfterOf(error);
    if (retryAfter !== undefined) response.setHeader('Retry-After', String(retryAfter));
    response.status(problem.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem));
  }
}
