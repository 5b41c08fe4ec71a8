import { Module, type DynamicModule } from '@nestjs/common';
import { FaultsModule } from '@hoptrace/faults';
import { AuthorizationHandler } from './authorization.handler';
import { CARD_VAULT_KEY_TOKEN, CardVault, type ProcessorCardKey } from './card-vault';
import { ChargeLedger } from './charge-ledger';

@Module({})
export class ProcessorModule {
  /** The processor with the card vault key its main.ts read (and refused to start without). */
  static register(cardVaultKey: ProcessorCardKey): DynamicModule {
    return {
      module: ProcessorModule,
      imports: [FaultsModule],
      controllers: [AuthorizationHandler],
      providers: [ChargeLedger, CardVault, { provide: CARD_VAULT_KEY_TOKEN, useValue: cardVaultKey }],
    };
  }
}
