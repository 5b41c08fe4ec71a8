import { Catch, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import { IdempotentReplay } from '../idempotency/idempotent-replay';
import { problemResponse } from './problem-response';
import { ProblemException } from './problem.exception';

/**
 * Renders every error the gateway answers with as RFC 9457 problem+json. It also sends idempotent
 * replays: Nest lets an interceptor short-circuit a route only with a value that it then sends under
 * the route's own status, and a replay must repeat the original status, headers and body exactly.
 */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger(ProblemFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const request = host.switchToHttp().getRequest<Request>();
    const response = host.switchToHttp().getResponse<Response>();
    const problem = exception instanceof IdempotentReplay ? undefined : problemResponse(exception, request);
    const answer = problem ?? (exception as IdempotentReplay).stored;
    if (problem && problem.status >= 500 && !(exception instanceof ProblemException)) {
      if (problem.error.code === 'internal_error') {
        this.logger.error(`unhandled error on ${request.method} ${request.path}`, (exception as Error)?.stack);
      } else {
        this.logger.warn({ msg: 'request refused', code: problem.error.code, reason: (exception as Error)?.message });
      }
    }
    if (exception instanceof IdempotentReplay) response.setHeader('Idempotent-Replayed', 'true');
    response.status(answer.status).set(answer.headers).send(answer.body);
  }
}
