import { Module } from '@nestjs/common';
import { QUEUES } from '@hoptrace/contracts';
import { queueClient } from '@hoptrace/runtime';
import { ChargesController } from './charges.controller';
import { BILLING } from './tokens';

@Module({
  controllers: [ChargesController],
  providers: [queueClient(BILLING, QUEUES.billing, (config) => config.gatewayReplyTimeoutMs)],
})
export class GatewayModule {}
