import { Module } from '@nestjs/common';
import { AuthorizationHandler } from './authorization.handler';
import { ChargeLedger } from './charge-ledger';

@Module({
  controllers: [AuthorizationHandler],
  providers: [ChargeLedger],
})
export class ProcessorModule {}
