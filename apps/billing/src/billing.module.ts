import { Module } from '@nestjs/common';
import { ClientsModule } from '@nestjs/microservices';
import { QUEUES } from '@hoptrace/contracts';
import { FaultsModule } from '@hoptrace/faults';
import { QUEUE_TRANSPORT, SETTINGS, type QueueTransport } from '@hoptrace/runtime';
import type { BillingSettings } from './billing.settings';
import { ChargeEvents } from './charge-events';
import { ChargeHandler } from './charge.handler';
import { CustomerAssessment } from './customer-assessment';
import { CustomerDirectory } from './customer-directory';
import { ProcessorClient } from './processor-client';
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
  providers: [CustomerDirectory, CustomerAssessment, ProcessorClient, ChargeEvents],
})
export class BillingModule {}
