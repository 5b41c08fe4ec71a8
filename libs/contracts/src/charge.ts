import type { ServiceName } from './services';

/** What a client asks for: `POST /v1/charges`. Amounts are in the currency's minor unit, as in Stripe. */
export interface ChargeParams {
  amount: number;
  currency: string;
  customer: string;
  payment_method: string;
}

/** gateway → billing. The gateway names the charge so every hop (and every retry) agrees on its id. */
export interface ChargeRequest extends ChargeParams {
  charge_id: string;
}

/** billing → payment-processor. `idempotency_key` lets the processor authorize a charge at most once. */
export interface AuthorizationRequest extends ChargeParams {
  charge_id: string;
  idempotency_key: string;
}

export interface Authorization {
  charge_id: string;
  authorization_code: string;
  network: string;
  last4: string;
  authorized_at: number;
}

/** The charge object returned to the client, a subset of Stripe's. */
export interface Charge extends ChargeParams {
  id: string;
  object: 'charge';
  status: 'succeeded';
  created: number;
  trace_id?: string;
}

export interface ChargeFailure extends ChargeParams {
  id: string;
  failure_code: string;
  decline_code?: string;
  failure_origin: ServiceName;
}
