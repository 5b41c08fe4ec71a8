import type { CardPaymentDetails, SealedCard } from './card';
import type { ServiceName } from './services';

/**
 * What a charge is about, past the gateway. Amounts are in the currency's minor unit, as in Stripe.
 * `payment_method` is a payment method id: the client's, or one the gateway made for a raw card.
 */
export interface ChargeParams {
  amount: number;
  currency: string;
  customer: string;
  payment_method: string;
}

/**
 * gateway → billing. The gateway names the charge so every hop (and every retry) agrees on its id.
 * `card` is there when the client gave a raw card: sealed for the processor, readable by nobody else.
 */
export interface ChargeRequest extends ChargeParams {
  charge_id: string;
  card?: SealedCard;
}

/** billing → payment-processor. `idempotency_key` lets the processor authorize a charge at most once. */
export interface AuthorizationRequest extends ChargeParams {
  charge_id: string;
  idempotency_key: string;
  card?: SealedCard;
}

export interface Authorization {
  charge_id: string;
  authorization_code: string;
  network: string;
  last4: string;
  authorized_at: number;
  /** The card as a charge shows it (absent in ledger entries written before it existed). */
  payment_method_details?: CardPaymentDetails;
}

/** The charge object returned to the client, a subset of Stripe's. */
export interface Charge extends ChargeParams {
  id: string;
  object: 'charge';
  status: 'succeeded';
  created: number;
  payment_method_details?: CardPaymentDetails;
  trace_id?: string;
}

export interface ChargeFailure extends ChargeParams {
  id: string;
  failure_code: string;
  decline_code?: string;
  failure_origin: ServiceName;
  payment_method_details?: CardPaymentDetails;
}
