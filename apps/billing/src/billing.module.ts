import { Module } from '@nestjs/common';
import { QUEUES } from '@hoptrace/contracts';
import { queueClient } from '@hoptrace/runtime';
import { ChargeHandler } from './charge.handler';
import { CustomerDirectory } from './customer-directory';
import { NOTIFIER, PROCESSOR } from './tokens';

@Module({
  controllers: [ChargeHandler],
  providers: [
    CustomerDirectory,
    queueClient(PROCESSOR, QUEUES.processor, (config) => config.billingReplyTimeoutMs),
    // Events are never awaited for a reply; the timeout only bounds a misuse of `send`.
    queueClient(NOTIFIER, QUEUES.notifier, (config) => config.billingReplyTimeoutMs),
  ],
})
export class BillingModule {}
