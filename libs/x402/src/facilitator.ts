import { x402Facilitator } from '@x402/core/facilitator';
import { registerExactEvmScheme } from '@x402/evm/exact/facilitator';
import type { FacilitatorEvmSigner } from '@x402/evm';
import type { TokenDefinition } from './token-rules';

/** x402's own facilitator with the `exact` EVM scheme, on the chain the ledger emulates. */
export function createFacilitator(chain: FacilitatorEvmSigner, token: TokenDefinition): x402Facilitator {
  const facilitator = new x402Facilitator();
  registerExactEvmScheme(facilitator, { signer: chain, networks: token.network });
  return facilitator;
}
