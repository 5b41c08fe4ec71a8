import { privateKeyToAccount } from 'viem/accounts';
import type { Address, Hex } from 'viem';

/**
 * Test-only wallets, seeded into the ledger like the demo customers: the first accounts of the
 * well-known development mnemonic ("test test … junk") that Hardhat and Anvil print at start, so
 * anyone reading them knows they hold nothing real. Never use these keys anywhere else.
 */
export const DEMO_WALLETS = [
  { name: 'funded', privateKey: '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80', units: 1_000_000n },
  { name: 'underfunded', privateKey: '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d', units: 5_000n },
] as const satisfies readonly { name: string; privateKey: Hex; units: bigint }[];

export type DemoWalletName = (typeof DEMO_WALLETS)[number]['name'];

/** The signing account of a demo wallet. */
export function demoWallet(name: DemoWalletName) {
  const wallet = DEMO_WALLETS.find((candidate) => candidate.name === name);
  if (!wallet) throw new Error(`no demo wallet named "${name}"`);
  return privateKeyToAccount(wallet.privateKey);
}

/** The demo wallets' addresses and starting balances, in token units. */
export const demoBalances = (): { address: Address; units: bigint }[] =>
  DEMO_WALLETS.map((wallet) => ({ address: privateKeyToAccount(wallet.privateKey).address, units: wallet.units }));
