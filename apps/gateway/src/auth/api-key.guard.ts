import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { trace } from '@opentelemetry/api';
import { bearerToken, decideAccess, type ApiKeyRecord } from '@hoptrace/access';
import { ProblemException } from '@hoptrace/http-edge';
import type { Request } from 'express';
import { ApiKeyStore } from './api-key.store';
import { requiredPermission } from './requires-permission.decorator';

export type AuthenticatedRequest = Request & { apiKey?: ApiKeyRecord };

const REALM = 'Bearer realm="hoptrace"';

/** Lets a request through only with an API key that grants what its route requires. */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly keys: ApiKeyStore,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const required = requiredPermission(this.reflector, context);
    if (!required) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const presented = bearerToken(request.headers.authorization);
    const record = presented === undefined ? null : await this.keys.find(presented);
    const decision = decideAccess(presented, record, required);
    switch (decision.outcome) {
      case 'granted':
        request.apiKey = decision.key;
        trace.getActiveSpan()?.setAttribute('hoptrace.api_key.id', decision.key.id);
        return true;
      case 'forbidden':
        trace.getActiveSpan()?.setAttribute('hoptrace.api_key.id', decision.key.id);
        throw new ProblemException(decision.error);
      case 'unauthenticated':
        throw new ProblemException(decision.error, {
          'WWW-Authenticate': decision.invalidToken ? `${REALM}, error="invalid_token"` : REALM,
        });
    }
  }
}
