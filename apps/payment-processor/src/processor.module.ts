import { Module } from '@nestjs/common';
import { FaultsModule } from '@hoptrace/faults';
import { AuthorizationHandler } from './authorization.handler';
import { ChargeLedger } from './charge-ledger';

@Module({
  imports: [FaultsModule],
  controllers: [AuthorizationHandler],
  providers: [ChargeLedger],
})
export class ProcessorModule {}
