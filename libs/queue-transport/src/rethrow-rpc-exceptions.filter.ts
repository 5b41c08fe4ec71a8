import { Catch, type ArgumentsHost } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import { throwError, type Observable } from 'rxjs';

/**
 * Hands a consumer's exception to the transport as it was thrown. Nest's default RPC exception
 * handling turns every error that is not an RpcException into `{ status: 'error', message: 'Internal
 * server error' }`, and then the transport can no longer tell a Redis outage in the middle of a
 * handler (answered 503, or retried) from a bug (failed for good).
 *
 * It is a global filter of the whole service, because Nest builds a hybrid app's message handlers
 * when the microservice is connected, before a filter could be added to the microservice alone; an
 * HTTP exception (the health probe's 404s, say) goes on to Nest's default handling as before.
 */
@Catch()
export class RethrowRpcExceptions extends BaseExceptionFilter {
  override catch(exception: unknown, host: ArgumentsHost): Observable<never> | void {
    if (host.getType() === 'rpc') return throwError(() => exception);
    return super.catch(exception, host);
  }
}
