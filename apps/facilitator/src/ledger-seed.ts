import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { RUNTIME_CONFIG, type RuntimeConfig } from '@hoptrace/runtime';
import { demoBalances, TokenLedger } from '@hoptrace/x402';

/** Funds the demo wallets where the demo API keys are seeded: never with real money in mind. */
@Injectable()
export class LedgerSeed implements OnApplicationBootstrap {
  constructor(
    private readonly ledger: TokenLedger,
    @Inject(RUNTIME_CONFIG) private readonly config: RuntimeConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.seedDemoApiKeys) await this.ledger.seed(demoBalances());
  }
}
