import { authorizationTypes } from '@x402/evm';
import { getAddress, isAddressEqual, recoverTypedDataAddress, type Address, type Hex } from 'viem';

/** An ERC-20 token with EIP-3009's transferWithAuthorization: what the ledger stands in for. */
export interface TokenDefinition {
  /** CAIP-2 id of the chain the token is advertised on, e.g. eip155:84532 (Base Sepolia). */
  network: `eip155:${number}`;
  /** The token contract's address: the EIP-712 verifying contract. */
  address: Address;
  /** EIP-712 domain name and version, as the contract returns them from name() and version(). */
  name: string;
  version: string;
}

/** An EIP-3009 authorization, as the `exact` scheme's payload carries it and the contract reads it. */
export interface TransferAuthorization {
  from: Address;
  to: Address;
  value: bigint;
  validAfter: bigint;
  validBefore: bigint;
  nonce: Hex;
}

/** What the contract's state says about one authorization. */
export interface AuthorizationState {
  balanceOfFrom: bigint;
  nonceUsed: boolean;
}

export type TransferDecision = { ok: true } | { ok: false; revert: string };

/**
 * The checks USDC's FiatToken v2 makes in transferWithAuthorization, in its order and with its revert
 * messages, so that the x402 facilitator code reading them (which parses those messages into its
 * refusal reasons) sees what it would see on chain. `signer` is the address the signature recovers
 * to (undefined if it recovers to none); `now` is the block time in seconds.
 */
export function decideTransfer(
  authorization: TransferAuthorization,
  signer: Address | undefined,
  state: AuthorizationState,
  now: bigint,
): TransferDecision {
  if (!(now > authorization.validAfter)) return { ok: false, revert: 'FiatTokenV2: authorization is not yet valid' };
  if (!(now < authorization.validBefore)) return { ok: false, revert: 'FiatTokenV2: authorization is expired' };
  if (state.nonceUsed) return { ok: false, revert: 'FiatTokenV2: authorization is used or canceled' };
  if (!signer || !isAddressEqual(signer, authorization.from)) return { ok: false, revert: 'FiatTokenV2: invalid signature' };
  if (state.balanceOfFrom < authorization.value) return { ok: false, revert: 'ERC20: transfer amount exceeds balance' };
  return { ok: true };
}

/** The address that signed `authorization` for `token`, as the contract recovers it; undefined if none. */
export async function authorizationSigner(
  token: TokenDefinition,
  authorization: TransferAuthorization,
  signature: Hex,
): Promise<Address | undefined> {
  try {
    return getAddress(
      await recoverTypedDataAddress({
        domain: { name: token.name, version: token.version, chainId: chainIdOf(token.network), verifyingContract: token.address },
        types: authorizationTypes,
        primaryType: 'TransferWithAuthorization',
        message: authorization,
        signature,
      }),
    );
  } catch {
    return undefined;
  }
}

export const chainIdOf = (network: `eip155:${number}`): number => Number(network.slice('eip155:'.length));
