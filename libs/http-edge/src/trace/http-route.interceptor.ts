import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { context } from '@opentelemetry/api';
import { getRPCMetadata, RPCType } from '@opentelemetry/core';
import type { Request } from 'express';
import type { Observable } from 'rxjs';

/**
 * Tells the HTTP instrumentation which route served the request, so the server span is named
 * "POST /v1/charges" and carries `http.route`, as the HTTP semantic conventions ask.
 */
@Injectable()
export class HttpRouteInterceptor implements NestInterceptor {
  intercept(execution: ExecutionContext, next: CallHandler): Observable<unknown> {
    const rpc = getRPCMetadata(context.active());
    const route = execution.switchToHttp().getRequest<Request>().route?.path;
    if (rpc?.type === RPCType.HTTP && typeof route === 'string') rpc.route = route;
    return next.handle();
  }
}
