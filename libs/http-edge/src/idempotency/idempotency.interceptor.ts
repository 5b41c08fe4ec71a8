import { HttpStatus, Inject, Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants';
import { Reflector } from '@nestjs/core';
import { trace, TraceFlags } from '@opentelemetry/api';
import {
  decideIdempotency,
  idempotencyKeyProblem,
  isReplayable,
  requestFingerprint,
  type IdempotencyRecord,
} from '@hoptrace/idempotency';
import { catchError, from, mergeMap, type Observable } from 'rxjs';
import type { Request } from 'express';
import { problemResponse } from '../problem/problem-response';
import { ProblemException } from '../problem/problem.exception';
import { IDEMPOTENCY_OPTIONS, type IdempotencyOptions } from './idempotency-options';
import { IdempotencyStore } from './idempotency.store';
import { IdempotentReplay } from './idempotent-replay';

export const IDEMPOTENCY_HEADER = 'idempotency-key';

/** How the header is documented in OpenAPI, on every route that honours it. */
export const IDEMPOTENCY_HEADER_DOC = {
  name: 'Idempotency-Key',
  required: false,
  description: 'Makes retries safe: the first answer is kept 24 h and replayed with Idempotent-Replayed: true.',
};

/**
 * Stripe's idempotency for a route: the first answer under an Idempotency-Key is kept for 24 hours
 * and sent again to every retry, which never reaches billing. The retry's own trace says it was a
 * replay and links to the trace of the request that did the work.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(
    private readonly store: IdempotencyStore,
    private readonly reflector: Reflector,
    @Inject(IDEMPOTENCY_OPTIONS) private readonly options: IdempotencyOptions,
  ) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const request = context.switchToHttp().getRequest<Request>();
    const key = request.header(IDEMPOTENCY_HEADER);
    const apiKeyId = this.options.callerOf(request);
    if (key === undefined || !apiKeyId) return next.handle();
    const invalid = idempotencyKeyProblem(key);
    if (invalid) throw new ProblemException(invalid);

    const span = trace.getActiveSpan();
    const own = span?.spanContext();
    const fingerprint = requestFingerprint(this.options.fingerprintKey, request.method, request.route?.path ?? request.path, request.body);
    const claim: IdempotencyRecord = {
      state: 'in_flight',
      fingerprint,
      trace_id: own?.traceId ?? '',
      span_id: own?.spanId ?? '',
    };
    const decision = decideIdempotency(await this.store.claim(apiKeyId, key, claim), fingerprint);
    if (decision.action === 'reject') throw new ProblemException(decision.error);
    if (decision.action === 'replay') {
      const { record } = decision;
      span?.setAttributes({ 'idempotency.replayed': true, 'idempotency.original_trace_id': record.trace_id });
      span?.addLink({
        context: { traceId: record.trace_id, spanId: record.span_id, traceFlags: TraceFlags.SAMPLED, isRemote: true },
        attributes: { 'link.reason': 'idempotent_replay' },
      });
      throw new IdempotentReplay(record);
    }

    span?.setAttribute('idempotency.replayed', false);
    // Nest sets the route's status only after interceptors have run, so it is read where Nest keeps it.
    const successStatus =
      this.reflector.get<number | undefined>(HTTP_CODE_METADATA, context.getHandler()) ?? HttpStatus.OK;
    const remember = async (status: number, headers: Record<string, string>, body: string) =>
      this.store.complete(apiKeyId, key, { ...claim, state: 'completed', status, headers, body });
    return next.handle().pipe(
      mergeMap(async (value) => {
        await remember(successStatus, { 'Content-Type': 'application/json; charset=utf-8' }, JSON.stringify(value));
        return value;
      }),
      catchError((exception: unknown) =>
        from(
          (async () => {
            const answer = problemResponse(exception, request);
            if (isReplayable(answer.status, answer.error.origin)) await remember(answer.status, answer.headers, answer.body);
            else await this.store.release(apiKeyId, key);
            throw exception;
          })(),
        ),
      ),
    );
  }
}
