import { Module } from '@nestjs/common';
import { QUEUES } from '@hoptrace/contracts';
import { FaultsModule } from '@hoptrace/faults';
import { queueClient } from '@hoptrace/runtime';
import { ChargeHandler } from './charge.handler';
import { CustomerDirectory } from './customer-directory';
import { NOTIFIER, PROCESSOR } from './tokens';

@Module({
  imports: [FaultsModule],
  controllers: [ChargeHandler],
  providers: [
    CustomerDirectory,
    queueClient(PROCESSOR, QUEUES.processor, (config) => config.billingReplyTimeoutMs),
    // Billing only tells the notifier what happened; it never waits for an answer.
    queueClient(NOTIFIER, QUEUES.notifier),
  ],
})
export class BillingModule {}
