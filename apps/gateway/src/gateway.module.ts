import { Global, Module, type DynamicModule } from '@nestjs/common';
import { QUEUES } from '@hoptrace/contracts';
import { queueClient } from '@hoptrace/runtime';
import { HttpEdgeModule } from '@hoptrace/http-edge';
import type { AuthenticatedRequest } from './auth/api-key.guard';
import { AuthModule } from './auth/auth.module';
import { CardVault } from './cards/card-vault';
import { GATEWAY_SECRETS, type GatewaySecrets } from './cards/gateway-secrets';
import { ChargeRelay } from './charge-relay';
import { ChargesController } from './charges.controller';
import { CreditLedger } from './credits/credit-ledger';
import { X402Checkout } from './credits/x402-checkout';
import { CreditsController } from './credits/credits.controller';
import { ReportsController } from './credits/reports.controller';
import { ErrorDocs } from './errors/error-docs.service';
import { ErrorsController } from './errors/errors.controller';
import { BILLING } from './tokens';
import { WEBHOOK_CONTROLLERS, WEBHOOK_PROVIDERS } from './webhooks/webhooks.providers';

/** The secrets main.ts read (and refused to start without), for every module of the gateway. */
@Global()
@Module({})
class GatewaySecretsModule {
  static register(secrets: GatewaySecrets): DynamicModule {
    return {
      module: GatewaySecretsModule,
      providers: [{ provide: GATEWAY_SECRETS, useValue: secrets }],
      exports: [GATEWAY_SECRETS],
    };
  }
}

@Module({
  imports: [
    AuthModule,
    // Idempotency keys live in each API key's own space, fingerprinted under a key of the gateway's.
    HttpEdgeModule.registerAsync({
      inject: [GATEWAY_SECRETS],
      useFactory: (secrets: GatewaySecrets) => ({
        fingerprintKey: secrets.fingerprintKey,
        callerOf: (request) => (request as AuthenticatedRequest).apiKey?.id,
      }),
    }),
  ],
  controllers: [ChargesController, CreditsController, ReportsController, ErrorsController, ...WEBHOOK_CONTROLLERS],
  providers: [
    CardVault,
    ChargeRelay,
    CreditLedger,
    X402Checkout,
    ErrorDocs,
    queueClient(BILLING, QUEUES.billing, (config) => config.gatewayReplyTimeoutMs),
    ...WEBHOOK_PROVIDERS,
  ],
})
export class GatewayModule {
  static register(secrets: GatewaySecrets): DynamicModule {
    return { module: GatewayModule, imports: [GatewaySecretsModule.register(secrets)] };
  }
}
