import { Module } from '@nestjs/common';
import { QUEUES } from '@hoptrace/contracts';
import { queueClient } from '@hoptrace/runtime';
import { AuthModule } from './auth/auth.module';
import { ChargeRelay } from './charge-relay';
import { ChargesController } from './charges.controller';
import { CreditLedger } from './credits/credit-ledger';
import { CreditsController } from './credits/credits.controller';
import { ReportsController } from './credits/reports.controller';
import { IdempotencyInterceptor } from './idempotency/idempotency.interceptor';
import { IdempotencyStore } from './idempotency/idempotency.store';
import { ErrorDocs } from './errors/error-docs.service';
import { ErrorsController } from './errors/errors.controller';
import { BILLING } from './tokens';
import { WEBHOOK_CONTROLLERS, WEBHOOK_PROVIDERS } from './webhooks/webhooks.providers';

@Module({
  imports: [AuthModule],
  controllers: [ChargesController, CreditsController, ReportsController, ErrorsController, ...WEBHOOK_CONTROLLERS],
  providers: [
    ChargeRelay,
    CreditLedger,
    ErrorDocs,
    IdempotencyStore,
    IdempotencyInterceptor,
    queueClient(BILLING, QUEUES.billing, (config) => config.gatewayReplyTimeoutMs),
    ...WEBHOOK_PROVIDERS,
  ],
})
export class GatewayModule {}
