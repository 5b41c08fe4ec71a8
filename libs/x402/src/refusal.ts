import { paymentError, SERVICES, type PaymentError } from '@hoptrace/contracts';

/**
 * What each refusal of x402's `exact` EVM facilitator means to the payer, by x402's own reason
 * (its `invalidReason` or `errorReason`). The reason itself is the decline code: the trace, the
 * problem body and the PAYMENT-REQUIRED header all carry the facilitator's word unchanged.
 */
const REFUSALS: Readonly<Record<string, string>> = {
  invalid_exact_evm_signature: 'The payment signature is not the payer’s: it does not recover to the authorization’s `from`.',
  invalid_exact_evm_insufficient_balance: 'The paying wallet’s balance does not cover the price.',
  invalid_exact_evm_nonce_already_used: 'This payment authorization was settled before; a payment is settled once.',
  invalid_exact_evm_payload_authorization_valid_before: 'The payment authorization has expired.',
  invalid_exact_evm_payload_authorization_valid_after: 'The payment authorization is not valid yet.',
  invalid_exact_evm_recipient_mismatch: 'The payment is made out to another recipient than the one required.',
  invalid_exact_evm_payload_authorization_value_mismatch: 'The payment’s amount is not the price.',
  invalid_exact_evm_network_mismatch: 'The payment is for another network than the one required.',
  asset_not_deployed_contract: 'The payment is in an asset this facilitator does not settle.',
};

/** The 402 of a payment the facilitator would not verify or settle, for `reason` as x402 gives it. */
export function paymentRefused(reason: string): PaymentError {
  const explained = Object.hasOwn(REFUSALS, reason) ? REFUSALS[reason] : `The facilitator refused the payment (${reason}).`;
  return paymentError('payment_refused', {
    decline_code: reason,
    // Stripe's advice code where one fits: a forged signature stays forged however often it is sent.
    ...(reason === 'invalid_exact_evm_signature' ? { advice_code: 'do_not_try_again' } : {}),
    message: `${explained} Pay as described in the PAYMENT-REQUIRED header.`,
    origin: SERVICES.facilitator,
  });
}

/** What the facilitator decided about a payment, as its deciding span records it. */
export type PaymentDecision =
  | { outcome: 'verified' | 'settled'; paymentRequired?: undefined; error?: undefined }
  | { outcome: 'payment_refused'; paymentRequired: true; error: PaymentError };

/** The decision of one verification or settlement: `refusal` is x402's reason, if it gave one. */
export const decidePayment = (step: 'verified' | 'settled', refusal: string | undefined): PaymentDecision =>
  refusal === undefined ? { outcome: step } : { outcome: 'payment_refused', paymentRequired: true, error: paymentRefused(refusal) };
