import { eip3009ABI } from '@x402/evm';
import type { FacilitatorEvmSigner } from '@x402/evm';
import {
  decodeFunctionData,
  encodeAbiParameters,
  encodeEventTopics,
  encodeFunctionResult,
  getAddress,
  isAddressEqual,
  serializeSignature,
  verifyTypedData,
  type Address,
  type Hex,
} from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import type { TokenLedger } from './token-ledger';
import { authorizationSigner, decideTransfer, type TransferAuthorization } from './token-rules';

/** Where the x402 facilitator code batches its reads (Multicall3's address on every chain). */
const MULTICALL3 = '0xcA11bde05977b3631167028862bE2a173976CA11';
/** Any non-empty code: the facilitator only asks whether a contract lives at the token's address. */
const TOKEN_CODE = '0xfe';
const TRANSFER_EVENT = [
  {
    type: 'event',
    name: 'Transfer',
    inputs: [
      { name: 'from', type: 'address', indexed: true },
      { name: 'to', type: 'address', indexed: true },
      { name: 'value', type: 'uint256', indexed: false },
    ],
  },
] as const;

export interface LedgerChainOptions {
  /** The facilitator's own account: named in /supported as the one that submits settlements. */
  facilitatorKey: Hex;
  /** Block time in seconds. */
  now?: () => bigint;
}

type ContractCall = { address: Address; functionName: string; args?: readonly unknown[] };

/**
 * The chain as the x402 `exact` facilitator sees it (its FacilitatorEvmSigner), answered from the
 * ledger in Redis: reads, the simulation and the settlement of transferWithAuthorization go to one
 * emulated EIP-3009 token, whose rules are decideTransfer's. The facilitator code itself, with its
 * checks of signature, amount, recipient, network and validity window, is x402's, unchanged.
 */
export function ledgerChain(ledger: TokenLedger, options: LedgerChainOptions): FacilitatorEvmSigner {
  const facilitator = privateKeyToAccount(options.facilitatorKey).address;
  const now = options.now ?? (() => BigInt(Math.floor(Date.now() / 1000)));
  const token = ledger.token;

  /** The checks the contract makes before it moves anything; throws its revert message. */
  async function authorize(args: readonly unknown[]): Promise<TransferAuthorization> {
    const [from, to, value, validAfter, validBefore, nonce, ...signatureParts] = args as [Address, Address, bigint, bigint, bigint, Hex, ...unknown[]];
    const authorization = { from, to, value, validAfter, validBefore, nonce };
    const signature =
      signatureParts.length === 3
        ? serializeSignature({ v: BigInt(signatureParts[0] as number), r: signatureParts[1] as Hex, s: signatureParts[2] as Hex })
        : (signatureParts[0] as Hex);
    const [signer, balanceOfFrom, nonceUsed] = await Promise.all([
      authorizationSigner(token, authorization, signature),
      ledger.balanceOf(from),
      ledger.authorizationUsed(from, nonce),
    ]);
    const decision = decideTransfer(authorization, signer, { balanceOfFrom, nonceUsed }, now());
    if (!decision.ok) throw new Error(decision.revert);
    return authorization;
  }

  async function call({ address, functionName, args = [] }: ContractCall): Promise<unknown> {
    if (!isAddressEqual(address, token.address)) throw new Error(`execution reverted: no contract at ${address}`);
    switch (functionName) {
      case 'name':
        return token.name;
      case 'version':
        return token.version;
      case 'balanceOf':
        return ledger.balanceOf(args[0] as Address);
      case 'authorizationState':
        return ledger.authorizationUsed(args[0] as Address, args[1] as Hex);
      case 'transferWithAuthorization':
        // A read of a write is a simulation: the same checks, nothing moved.
        await authorize(args);
        return undefined;
      default:
        throw new Error(`execution reverted: the token has no ${functionName}()`);
    }
  }

  async function aggregate(calls: readonly { target: Address; callData: Hex }[]) {
    return Promise.all(
      calls.map(async ({ target, callData }) => {
        try {
          const { functionName, args } = decodeFunctionData({ abi: eip3009ABI, data: callData });
          const result = await call({ address: target, functionName, args });
          const returnData =
            result === undefined ? '0x' : encodeFunctionResult({ abi: eip3009ABI, functionName, result } as never);
          return { success: true, returnData };
        } catch {
          return { success: false, returnData: '0x' as Hex };
        }
      }),
    );
  }

  return {
    getAddresses: () => [facilitator],
    async readContract(request) {
      if (isAddressEqual(request.address, MULTICALL3) && request.functionName === 'tryAggregate') {
        const [, calls] = request.args as [boolean, { target: Address; callData: Hex }[]];
        return aggregate(calls);
      }
      return call(request);
    },
    verifyTypedData: (request) => verifyTypedData(request as Parameters<typeof verifyTypedData>[0]),
    async writeContract(request) {
      if (!isAddressEqual(request.address, token.address) || request.functionName !== 'transferWithAuthorization') {
        throw new Error(`execution reverted: the ledger only settles transferWithAuthorization on ${token.address}`);
      }
      return ledger.transfer(await authorize(request.args));
    },
    async sendTransaction() {
      throw new Error('the ledger deploys no contracts: smart-wallet (ERC-6492) payers are not supported');
    },
    async waitForTransactionReceipt({ hash }) {
      const transfer = await ledger.transferOf(hash);
      if (!transfer) return { status: 'reverted', logs: [] };
      const log = {
        address: token.address,
        topics: encodeEventTopics({ abi: TRANSFER_EVENT, eventName: 'Transfer', args: { from: transfer.from, to: transfer.to } }),
        data: encodeAbiParameters([{ type: 'uint256' }], [transfer.value]),
        transactionHash: hash,
        blockHash: null,
        blockNumber: null,
        logIndex: 0,
        transactionIndex: 0,
        removed: false,
      };
      return { status: 'success', logs: [log as never] };
    },
    async getCode({ address }) {
      return isAddressEqual(getAddress(address), token.address) ? TOKEN_CODE : '0x';
    },
  };
}
