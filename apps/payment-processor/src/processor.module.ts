import { Module } from '@nestjs/common';
import { FaultsModule } from '@hoptrace/faults';
import { AuthorizationHandler } from './authorization.handler';
import { CardVault } from './card-vault';
import { ChargeLedger } from './charge-ledger';

@Module({
  imports: [FaultsModule],
  controllers: [AuthorizationHandler],
  providers: [ChargeLedger, CardVault],
})
export class ProcessorModule {}
