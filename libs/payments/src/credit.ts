import { paymentError, SERVICES, type PaymentError } from '@hoptrace/contracts';
import { encodePaymentRequiredHeader } from '@x402/core/http';
import type { PaymentRequired } from '@x402/core/types';

/** How a prepaid credit balance can be refilled on chain, per x402 (testnet defaults). */
export interface X402Settlement {
  /** CAIP-2 network id; Base Sepolia by default. */
  network: `eip155:${number}`;
  /** Token contract; USDC on Base Sepolia by default. */
  asset: string;
  payTo: string;
  /** Token units (USDC has 6 decimals) per credit. */
  unitsPerCredit: number;
}

export interface MeteredResource {
  url: string;
  description: string;
  mimeType: string;
  credits: number;
}

/** The caller's balance cannot cover the call: the gateway itself refuses, before any queue. */
export function insufficientCredit(balance: number, resource: MeteredResource): PaymentError {
  return paymentError('insufficient_credit', {
    message: `This call costs ${resource.credits} credit${resource.credits === 1 ? '' : 's'}; the balance is ${balance}. Top it up with POST /v1/credits or pay as described in the PAYMENT-REQUIRED header.`,
    origin: SERVICES.gateway,
  });
}

/** What spending credits on a call came to, as the ledger answered it. */
export type MeterDecision =
  | { outcome: 'spent'; balance: number }
  | { outcome: 'insufficient_credit'; paymentRequired: true; balance: number; error: PaymentError };

/**
 * The gateway's own 402: the ledger spends atomically and reports the balance; this says what that
 * means for the call. A balance that could not cover the cost is a refusal to serve until paid.
 */
export function decideMeteredCall(spend: { spent: boolean; balance: number }, resource: MeteredResource): MeterDecision {
  if (spend.spent) return { outcome: 'spent', balance: spend.balance };
  return {
    outcome: 'insufficient_credit',
    paymentRequired: true,
    balance: spend.balance,
    error: insufficientCredit(spend.balance, resource),
  };
}

/**
 * The x402 v2 PaymentRequired object for `resource`, as the PAYMENT-REQUIRED header carries it;
 * `error` says why this call must be paid (no credit left, or why the payment sent was refused).
 */
export function x402PaymentRequired(resource: MeteredResource, settlement: X402Settlement, error = 'insufficient_credit'): PaymentRequired {
  return {
    x402Version: 2,
    error,
    resource: { url: resource.url, description: resource.description, mimeType: resource.mimeType },
    accepts: [
      {
        scheme: 'exact',
        network: settlement.network,
        amount: String(resource.credits * settlement.unitsPerCredit),
        asset: settlement.asset,
        payTo: settlement.payTo,
        maxTimeoutSeconds: 60,
        extra: { name: 'USDC', version: '2' },
      },
    ],
  };
}

/** Headers carry x402 objects base64-encoded, so they survive any proxy: x402's own encoding. */
export const encodePaymentRequired = (paymentRequired: PaymentRequired): string => encodePaymentRequiredHeader(paymentRequired);
