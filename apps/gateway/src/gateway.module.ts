import { Global, Module } from '@nestjs/common';
import { ClientsModule } from '@nestjs/microservices';
import { QUEUES } from '@hoptrace/contracts';
import { HttpEdgeModule } from '@hoptrace/http-edge';
import { QUEUE_TRANSPORT, SETTINGS, type QueueTransport } from '@hoptrace/runtime';
import type { AuthenticatedRequest } from './auth/api-key.guard';
import { AuthModule } from './auth/auth.module';
import { CardVault } from './cards/card-vault';
import { GATEWAY_SECRETS, type GatewaySecrets } from './cards/gateway-secrets';
import { ChargeRelay } from './charge-relay';
import { ChargesController } from './charges.controller';
import { CreditLedger } from './credits/credit-ledger';
import { CreditsController } from './credits/credits.controller';
import { ReportsController } from './credits/reports.controller';
import { X402Checkout } from './credits/x402-checkout';
import { ErrorDocs } from './errors/error-docs.service';
import { ErrorsController } from './errors/errors.controller';
import type { GatewaySettings } from './gateway.settings';
import { BILLING } from './tokens';
import { NOTIFIER } from './webhooks/notifier-client';
import { WEBHOOK_CONTROLLERS, WEBHOOK_PROVIDERS } from './webhooks/webhooks.providers';

/**
 * The gateway's secrets, for every module of the gateway. They are settings like any other, read and
 * checked at boot; this names them for the providers that need only them.
 */
@Global()
@Module({
  providers: [{ provide: GATEWAY_SECRETS, inject: [SETTINGS], useFactory: (settings: GatewaySettings) => settings.secrets }],
  exports: [GATEWAY_SECRETS],
})
class GatewaySecretsModule {}

const replyTimeout = (settings: GatewaySettings) => ({ replyTimeoutMs: settings.gatewayReplyTimeoutMs });

@Module({
  imports: [
    GatewaySecretsModule,
    AuthModule,
    // Idempotency keys live in each API key's own space, fingerprinted under a key of the gateway's.
    HttpEdgeModule.registerAsync({
      inject: [GATEWAY_SECRETS],
      useFactory: (secrets: GatewaySecrets) => ({
        fingerprintKey: secrets.fingerprintKey,
        callerOf: (request) => (request as AuthenticatedRequest).apiKey?.id,
      }),
    }),
    ClientsModule.registerAsync({
      isGlobal: true,
      clients: [
        {
          name: BILLING,
          inject: [QUEUE_TRANSPORT, SETTINGS],
          useFactory: (transport: QueueTransport, settings: GatewaySettings) => transport.client(QUEUES.billing, replyTimeout(settings)),
        },
        {
          name: NOTIFIER,
          inject: [QUEUE_TRANSPORT, SETTINGS],
          useFactory: (transport: QueueTransport, settings: GatewaySettings) => transport.client(QUEUES.notifier, replyTimeout(settings)),
        },
      ],
    }),
  ],
  controllers: [ChargesController, CreditsController, ReportsController, ErrorsController, ...WEBHOOK_CONTROLLERS],
  providers: [CardVault, ChargeRelay, CreditLedger, X402Checkout, ErrorDocs, ...WEBHOOK_PROVIDERS],
})
export class GatewayModule {}
