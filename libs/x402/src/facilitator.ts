import { x402Facilitator } from '@x402/core/facilitator';
import { ExactEvmScheme } from '@x402/evm/exact/facilitator';
import type { FacilitatorEvmSigner } from '@x402/evm';
import type { TokenDefinition } from './token-rules';

/**
 * x402's own facilitator with its `exact` EVM scheme (x402 v2), on the one network the ledger
 * emulates. Not registerExactEvmScheme: that also claims v1 on every public chain, which the
 * ledger is not.
 */
export function createFacilitator(chain: FacilitatorEvmSigner, token: TokenDefinition): x402Facilitator {
  return new x402Facilitator().register(token.network, new ExactEvmScheme(chain));
}
