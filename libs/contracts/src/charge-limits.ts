/*
 * The limits of a charge's fields, written once. The edge's validation (charge.dto.ts, card.dto.ts,
 * credits.dto.ts), the queue messages' contracts (messages.ts) and the OpenAPI document
 * (apps/gateway/src/openapi/schemas.ts) all read them here, so they cannot drift apart.
 * Limits follow Stripe: integer minor units up to eight digits.
 */

export const CHARGE_LIMITS = {
  /** Integer minor units. The per-currency minimum is the processor's rule, not a shape rule. */
  amount: { minimum: 1, maximum: 99_999_999 },
  /** ISO 4217, lowercase. */
  currency: /^[a-z]{3}$/,
  /** A customer id as a client names it. */
  customer: /^cus_[A-Za-z0-9_]{1,64}$/,
  /** The id the gateway gives a charge. */
  chargeId: /^ch_[A-Za-z0-9]{1,64}$/,
  /**
   * Any other id past the gateway (customer, payment method, idempotency key): a hop may have made
   * it (a credit top-up charges the API key's customer), so only its length is bounded.
   */
  idLength: { minimum: 1, maximum: 255 },
} as const;

export const CARD_LIMITS = {
  number: /^[0-9]{12,19}$/,
  expMonth: { minimum: 1, maximum: 12 },
  expYear: { minimum: 1000, maximum: 9999 },
  cvc: /^[0-9]{3,4}$/,
} as const;

export const CREDIT_LIMITS = {
  credits: { minimum: 1, maximum: 1_000_000 },
} as const;
