import { Module } from '@nestjs/common';
import { QUEUES } from '@hoptrace/contracts';
import { queueClient } from '@hoptrace/runtime';
import { AuthModule } from './auth/auth.module';
import { ChargesController } from './charges.controller';
import { BILLING } from './tokens';

@Module({
  imports: [AuthModule],
  controllers: [ChargesController],
  providers: [queueClient(BILLING, QUEUES.billing, (config) => config.gatewayReplyTimeoutMs)],
})
export class GatewayModule {}
