import { cardBrand, paymentError, SERVICES, type CardDetails, type ChargeParams, type ErrorCode, type PaymentError } from '@hoptrace/contracts';
import {
  customerMessage,
  EXPIRED_CARD,
  LIVE_CARD_IN_TEST_MODE,
  TEST_CARDS,
  TEST_PAYMENT_METHODS,
  type CardDecline,
  type CardProfile,
} from './test-payment-methods';

/** Smallest chargeable amount per currency, in minor units (Stripe's minimums). */
export const MINIMUM_AMOUNTS: Readonly<Record<string, number>> = {
  usd: 50,
  eur: 50,
  gbp: 30,
  cad: 50,
  aud: 50,
  chf: 50,
  jpy: 50,
};

export type AuthorizationDecision =
  | { outcome: 'approved'; card: CardProfile }
  | { outcome: 'declined'; paymentRequired: true; card: CardProfile; decline: CardDecline; error: PaymentError }
  | { outcome: 'invalid'; error: PaymentError };

const invalid = (code: ErrorCode, param: string, message: string): AuthorizationDecision => ({
  outcome: 'invalid',
  error: paymentError(code, { param, message, origin: SERVICES.processor }),
});

/**
 * The processor's decision for one authorization. A request the processor cannot act on (unknown
 * currency or payment method, amount under the minimum) is invalid, not declined: only a card that
 * was tried can be declined, and only a decline is a 402.
 */
export function decideAuthorization(
  request: Pick<ChargeParams, 'amount' | 'currency' | 'payment_method'>,
): AuthorizationDecision {
  const refused = amountProblem(request);
  if (refused) return refused;
  const method = Object.hasOwn(TEST_PAYMENT_METHODS, request.payment_method)
    ? TEST_PAYMENT_METHODS[request.payment_method]
    : undefined;
  if (!method) {
    return invalid('resource_missing', 'payment_method', `No such PaymentMethod: '${request.payment_method}'.`);
  }
  return method.decline ? declined(method.card, method.decline) : { outcome: 'approved', card: method.card };
}

/**
 * The processor's decision for a raw card, with the outcomes of the payment methods behind Stripe's
 * test card numbers. A card past its expiry month (at `now`, UTC) is expired_card whatever its
 * number; a number that is not a test card is declined as a live card in test mode.
 */
export function decideCardAuthorization(
  request: Pick<ChargeParams, 'amount' | 'currency'>,
  card: CardDetails,
  now: Date,
): AuthorizationDecision {
  const refused = amountProblem(request);
  if (refused) return refused;
  const method = TEST_CARDS.get(card.number);
  const profile: CardProfile = method?.card ?? { brand: cardBrand(card.number), last4: card.number.slice(-4), funding: 'unknown' };
  if (isExpired(card, now)) return declined(profile, EXPIRED_CARD);
  if (!method) return declined(profile, LIVE_CARD_IN_TEST_MODE);
  return method.decline ? declined(profile, method.decline) : { outcome: 'approved', card: profile };
}

/** A card is good through the last day of its expiry month. */
export const isExpired = (card: Pick<CardDetails, 'exp_month' | 'exp_year'>, now: Date): boolean =>
  card.exp_year * 12 + card.exp_month < now.getUTCFullYear() * 12 + now.getUTCMonth() + 1;

/**
 * Currency and amount, checked before any card is tried. Messages can reach the processor without
 * passing the gateway, so nothing about them is assumed: own-property lookups only, and an amount
 * that is not an integer is refused, not compared.
 */
function amountProblem(request: Pick<ChargeParams, 'amount' | 'currency'>): AuthorizationDecision | undefined {
  const minimum = Object.hasOwn(MINIMUM_AMOUNTS, request.currency) ? MINIMUM_AMOUNTS[request.currency] : undefined;
  if (minimum === undefined) {
    return invalid('parameter_invalid', 'currency', `Invalid currency: ${request.currency}.`);
  }
  if (!Number.isInteger(request.amount)) {
    return invalid('parameter_invalid', 'amount', 'Amount must be an integer number of minor units.');
  }
  if (request.amount < minimum) {
    return invalid('amount_too_small', 'amount', `Amount must be at least ${minimum} ${request.currency}.`);
  }
  return undefined;
}

/** A card the network said no to: the processor's 402. */
function declined(card: CardProfile, decline: CardDecline): AuthorizationDecision {
  const error = paymentError(decline.code, {
    decline_code: decline.decline_code,
    advice_code: decline.advice_code,
    param: decline.param,
    message: customerMessage(decline),
    origin: SERVICES.processor,
  });
  return { outcome: 'declined', paymentRequired: true, card, decline, error };
}
