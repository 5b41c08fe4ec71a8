import { Module } from '@nestjs/common';
import { QUEUES } from '@hoptrace/contracts';
import { queueClient } from '@hoptrace/runtime';
import { AuthModule } from './auth/auth.module';
import { ChargesController } from './charges.controller';
import { IdempotencyInterceptor } from './idempotency/idempotency.interceptor';
import { IdempotencyStore } from './idempotency/idempotency.store';
import { ErrorDocs } from './errors/error-docs.service';
import { ErrorsController } from './errors/errors.controller';
import { BILLING } from './tokens';

@Module({
  imports: [AuthModule],
  controllers: [ChargesController, ErrorsController],
  providers: [
    ErrorDocs,
    IdempotencyStore,
    IdempotencyInterceptor,
    queueClient(BILLING, QUEUES.billing, (config) => config.gatewayReplyTimeoutMs),
  ],
})
export class GatewayModule {}
