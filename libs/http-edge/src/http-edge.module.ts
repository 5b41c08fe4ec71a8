import { Module, type DynamicModule, type FactoryProvider } from '@nestjs/common';
import { IDEMPOTENCY_OPTIONS, type IdempotencyOptions } from './idempotency/idempotency-options';
import { IdempotencyInterceptor } from './idempotency/idempotency.interceptor';
import { IdempotencyStore } from './idempotency/idempotency.store';

/**
 * The Nest side of a public HTTP edge: Stripe's idempotency keys for the routes that ask for them
 * (`@UseInterceptors(IdempotencyInterceptor)`), kept in the app's Redis (`REDIS`). The rest of the
 * edge, problem+json for every error, `traceresponse` and route-named server spans, is installed
 * on the app by {@link configureHttpEdge}, since it must wrap Express itself, body parsing included.
 */
@Module({})
export class HttpEdgeModule {
  static registerAsync(options: Omit<FactoryProvider<IdempotencyOptions>, 'provide'>): DynamicModule {
    return {
      module: HttpEdgeModule,
      providers: [{ ...options, provide: IDEMPOTENCY_OPTIONS }, IdempotencyStore, IdempotencyInterceptor],
      exports: [IDEMPOTENCY_OPTIONS, IdempotencyStore, IdempotencyInterceptor],
    };
  }
}
