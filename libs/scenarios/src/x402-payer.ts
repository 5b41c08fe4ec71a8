import { x402Client } from '@x402/core/client';
import { ExactEvmScheme } from '@x402/evm/exact/client';
import type { ClientEvmSigner } from '@x402/evm';
import { wrapFetchWithPayment } from '@x402/fetch';
import { demoWallet, type DemoWalletName } from '@hoptrace/x402';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';

/** A fetch that pays a 402 as the official x402 client does, and the PAYMENT-SIGNATURE headers it sent. */
export interface Payer {
  fetch: typeof fetch;
  signatures: string[];
}

/** @x402/fetch with `signer`: nothing of the payment is hoptrace's own. */
export function payerWith(signer: ClientEvmSigner): Payer {
  const signatures: string[] = [];
  const recording: typeof fetch = (input, init) => {
    const request = new Request(input, init);
    const signature = request.headers.get('payment-signature');
    if (signature) signatures.push(signature);
    return fetch(request);
  };
  const client = new x402Client().register('eip155:*', new ExactEvmScheme(signer));
  return { fetch: wrapFetchWithPayment(recording, client), signatures };
}

/** Pays from one of the demo wallets. */
export const demoPayer = (wallet: DemoWalletName): Payer => payerWith(demoWallet(wallet));

/**
 * Claims to pay from the `funded` demo wallet but signs with a key of its own: what a payment
 * altered on the way, or signed for a wallet its sender does not hold, looks like to a facilitator.
 */
export function impostorPayer(): Payer {
  const impostor = privateKeyToAccount(generatePrivateKey());
  return payerWith({ address: demoWallet('funded').address, signTypedData: (message) => impostor.signTypedData(message as never) });
}
