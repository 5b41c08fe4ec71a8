/**
 * Card data. The raw card (number, CVC) exists only in the gateway's memory and, sealed, in the
 * processor's: every other hop, store and log sees a {@link CardSummary} at most.
 */

/** Stripe's card brands, as far as hoptrace recognises them. */
export type CardBrand = 'visa' | 'mastercard' | 'amex' | 'discover' | 'unknown';

/** A raw card, as a client sends it in `payment_method: { card: ... }`. */
export interface CardDetails {
  number: string;
  exp_month: number;
  exp_year: number;
  cvc: string;
}

/** What may be shown and stored about a card, as Stripe shows it on a charge: never the number or CVC. */
export interface CardSummary {
  brand: CardBrand;
  last4: string;
  exp_month?: number;
  exp_year?: number;
  funding?: 'credit' | 'debit' | 'prepaid' | 'unknown';
}

/**
 * A raw card on its way from the gateway to the processor: the summary in the clear, and the number
 * and CVC encrypted (AES-256-GCM under CARD_VAULT_KEY, bound to the charge id and the summary) in
 * `sealed`, which only the processor can open.
 */
export interface SealedCard extends Required<Pick<CardSummary, 'brand' | 'last4' | 'exp_month' | 'exp_year'>> {
  sealed: string;
}

/** Stripe's `payment_method_details` of a charge paid by card. */
export interface CardPaymentDetails {
  type: 'card';
  card: CardSummary;
}

/** The Luhn (mod 10) check every card number passes; `digits` holds digits only. */
export function luhnValid(digits: string): boolean {
  if (!/^[0-9]+$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let digit = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

/** The brand a card number belongs to, by its leading digits (IIN ranges). */
export function cardBrand(number: string): CardBrand {
  if (/^4/.test(number)) return 'visa';
  if (/^3[47]/.test(number)) return 'amex';
  if (/^(5[1-5]|222[1-9]|22[3-9][0-9]|2[3-6][0-9]{2}|27[01][0-9]|2720)/.test(number)) return 'mastercard';
  if (/^(6011|65|64[4-9])/.test(number)) return 'discover';
  return 'unknown';
}

/** The summary of a raw card: brand, last four digits and expiry. */
export const summarizeCard = (card: CardDetails): Omit<SealedCard, 'sealed'> => ({
  brand: cardBrand(card.number),
  last4: card.number.slice(-4),
  exp_month: card.exp_month,
  exp_year: card.exp_year,
});
