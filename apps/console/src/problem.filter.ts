import { ArgumentsHost, Catch, HttpException, HttpStatus, Logger, type ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import type { Problem } from './wire';

/** An error of something the console depends on (Jaeger, Prometheus, Redis): the page shows it. */
export class UpstreamError extends Error {
  override readonly name = 'UpstreamError';
  constructor(
    readonly upstream: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Every error of the console's API as problem+json: a request it cannot mean is a 400, an
 * unreachable Jaeger, Prometheus or Redis a 502 naming it, never a bare 500 the page cannot explain.
 */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('console');

  catch(error: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    let problem: Problem;
    if (error instanceof HttpException) {
      const body = error.getResponse();
      const message = typeof body === 'object' && body !== null && 'message' in body ? (body as { message: unknown }).message : body;
      problem = { type: 'about:blank', title: HttpStatus[error.getStatus()] ?? 'Error', status: error.getStatus(), detail: Array.isArray(message) ? message.join('; ') : String(message) };
    } else if (error instanceof UpstreamError) {
      problem = { type: 'about:blank', title: `${error.upstream} unreachable`, status: 502, detail: error.message };
    } else if ((error as Error)?.name === 'MaxRetriesPerRequestError') {
      problem = { type: 'about:blank', title: 'Redis unreachable', status: 502, detail: `the fault store's Redis does not answer: ${(error as Error).message}` };
    } else {
      this.logger.error((error as Error).stack ?? String(error));
      problem = { type: 'about:blank', title: 'Console error', status: 500, detail: (error as Error).message ?? String(error) };
    }
    response.status(problem.status).type('application/problem+json').send(JSON.stringify(problem));
  }
}
