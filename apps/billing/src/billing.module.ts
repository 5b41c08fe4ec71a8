import { Module } from '@nestjs/common';
import { ClientsModule } from '@nestjs/microservices';
import { QUEUES } from '@hoptrace/contracts';
import { FaultsModule } from '@hoptrace/faults';
import { QUEUE_TRANSPORT, SETTINGS, type QueueTransport } from '@hoptrace/runtime';
import type { BillingSettings } from './billing.settings';
import { ChargeHandler } from './charge.handler';
import { CustomerDirectory } from './customer-directory';
import { NOTIFIER, PROCESSOR } from './tokens';

@Module({
  imports: [
    FaultsModule,
    ClientsModule.registerAsync([
      {
        name: PROCESSOR,
        inject: [QUEUE_TRANSPORT, SETTINGS],
        useFactory: (transport: QueueTransport, settings: BillingSettings) =>
          transport.client(QUEUES.processor, { replyTimeoutMs: settings.billingReplyTimeoutMs }),
      },
      // Billing only tells the notifier what happened; it never waits for an answer.
      { name: NOTIFIER, inject: [QUEUE_TRANSPORT], useFactory: (transport: QueueTransport) => transport.client(QUEUES.notifier, {}) },
    ]),
  ],
  controllers: [ChargeHandler],
  providers: [CustomerDirectory],
})
export class BillingModule {}
