import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { SETTINGS } from '@hoptrace/runtime';
import { demoBalances, TokenLedger } from '@hoptrace/x402';
import type { FacilitatorSettings } from './facilitator.settings';

/** Funds the demo wallets where the demo API keys are seeded: never with real money in mind. */
@Injectable()
export class LedgerSeed implements OnApplicationBootstrap {
  constructor(
    private readonly ledger: TokenLedger,
    @Inject(SETTINGS) private readonly settings: FacilitatorSettings,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.settings.seedDemoWallets) await this.ledger.seed(demoBalances());
  }
}
