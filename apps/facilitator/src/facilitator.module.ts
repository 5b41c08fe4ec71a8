import { Module } from '@nestjs/common';
import { FaultsModule } from '@hoptrace/faults';
import { REDIS, SETTINGS } from '@hoptrace/runtime';
import { createFacilitator, ledgerChain, TokenLedger, type TokenDefinition } from '@hoptrace/x402';
import type IORedis from 'ioredis';
import { getAddress } from 'viem';
import { FACILITATOR, FacilitatorController } from './facilitator.controller';
import type { FacilitatorSettings } from './facilitator.settings';
import { LedgerSeed } from './ledger-seed';

/**
 * Test-only: the account named as the facilitator's signer in /supported. The ledger needs no gas,
 * so it never signs anything; it is the development mnemonic's tenth account.
 */
const FACILITATOR_KEY = '0x2a871d0798f97d79848a013d4936a73bf4cc922c825d33c1cf7073dff6d409c6';

/** The token the gateway asks to be paid in, as the ledger holds it (USDC's EIP-712 name and version). */
const tokenOf = (settings: FacilitatorSettings): TokenDefinition => ({
  network: settings.x402Network,
  address: getAddress(settings.x402Asset),
  name: 'USDC',
  version: '2',
});

@Module({
  imports: [FaultsModule],
  controllers: [FacilitatorController],
  providers: [
    { provide: TokenLedger, inject: [REDIS, SETTINGS], useFactory: (redis: IORedis, settings: FacilitatorSettings) => new TokenLedger(redis, tokenOf(settings)) },
    {
      provide: FACILITATOR,
      inject: [TokenLedger],
      useFactory: (ledger: TokenLedger) => createFacilitator(ledgerChain(ledger, { facilitatorKey: FACILITATOR_KEY }), ledger.token),
    },
    LedgerSeed,
  ],
})
export class FacilitatorModule {}
