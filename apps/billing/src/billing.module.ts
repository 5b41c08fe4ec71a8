import { Module } from '@nestjs/common';
import { QUEUES } from '@hoptrace/contracts';
import { FaultsModule } from '@hoptrace/faults';
import { queueClient } from '@hoptrace/runtime';
import { ChargeEvents } from './charge-events';
import { ChargeHandler } from './charge.handler';
import { CustomerAssessment } from './customer-assessment';
import { CustomerDirectory } from './customer-directory';
import { ProcessorClient } from './processor-client';
import { NOTIFIER, PROCESSOR } from './tokens';

@Module({
  imports: [FaultsModule],
  controllers: [ChargeHandler],
  providers: [
    CustomerDirectory,
    CustomerAssessment,
    ProcessorClient,
    ChargeEvents,
    queueClient(PROCESSOR, QUEUES.processor, (config) => config.billingReplyTimeoutMs),
    // Billing only tells the notifier what happened; it never waits for an answer.
    queueClient(NOTIFIER, QUEUES.notifier),
  ],
})
export class BillingModule {}
