import type { CardBrand } from '@hoptrace/contracts';

/**
 * Stripe's test payment methods and the outcome Stripe gives each. The card behind each one is the
 * test card Stripe documents for it, so last4 matches what a Stripe dashboard would show, and that
 * card's number, given raw, has the same outcome.
 */
export interface CardProfile {
  brand: CardBrand;
  last4: string;
  funding: 'credit' | 'debit' | 'unknown';
}

export interface CardDecline {
  code: 'card_declined' | 'expired_card' | 'incorrect_cvc' | 'processing_error';
  decline_code: string;
  advice_code?: 'try_again_later' | 'do_not_try_again' | 'confirm_card_data';
  param?: string;
}

export interface TestPaymentMethod {
  card: CardProfile;
  /** Stripe's test card number behind this payment method. */
  number: string;
  /** Absent when the card is approved. */
  decline?: CardDecline;
}

const visa = (last4: string): CardProfile => ({ brand: 'visa', last4, funding: 'credit' });

export const TEST_PAYMENT_METHODS: Readonly<Record<string, TestPaymentMethod>> = {
  pm_card_visa: { number: '4242424242424242', card: visa('4242') },
  pm_card_visa_debit: { number: '4000056655665556', card: { brand: 'visa', last4: '5556', funding: 'debit' } },
  pm_card_mastercard: { number: '5555555555554444', card: { brand: 'mastercard', last4: '4444', funding: 'credit' } },
  pm_card_amex: { number: '371449635398431', card: { brand: 'amex', last4: '8431', funding: 'credit' } },
  pm_card_visa_chargeDeclined: {
    number: '4000000000000002',
    card: visa('0002'),
    decline: { code: 'card_declined', decline_code: 'generic_decline' },
  },
  pm_card_visa_chargeDeclinedInsufficientFunds: {
    number: '4000000000009995',
    card: visa('9995'),
    decline: { code: 'card_declined', decline_code: 'insufficient_funds', advice_code: 'try_again_later' },
  },
  pm_card_chargeDeclinedExpiredCard: {
    number: '4000000000000069',
    card: visa('0069'),
    decline: { code: 'expired_card', decline_code: 'expired_card', advice_code: 'confirm_card_data', param: 'exp_month' },
  },
  pm_card_chargeDeclinedFraudulent: {
    number: '4100000000000019',
    card: { brand: 'visa', last4: '0019', funding: 'credit' },
    decline: { code: 'card_declined', decline_code: 'fraudulent', advice_code: 'do_not_try_again' },
  },
  pm_card_visa_chargeDeclinedLostCard: {
    number: '4000000000009987',
    card: visa('9987'),
    decline: { code: 'card_declined', decline_code: 'lost_card', advice_code: 'do_not_try_again' },
  },
  pm_card_visa_chargeDeclinedStolenCard: {
    number: '4000000000009979',
    card: visa('9979'),
    decline: { code: 'card_declined', decline_code: 'stolen_card', advice_code: 'do_not_try_again' },
  },
  pm_card_chargeDeclinedIncorrectCvc: {
    number: '4000000000000127',
    card: visa('0127'),
    decline: { code: 'incorrect_cvc', decline_code: 'incorrect_cvc', advice_code: 'confirm_card_data', param: 'cvc' },
  },
  pm_card_chargeDeclinedProcessingError: {
    number: '4000000000000119',
    card: visa('0119'),
    decline: { code: 'processing_error', decline_code: 'processing_error', advice_code: 'try_again_later' },
  },
};

/** Stripe's test card numbers, each with its payment method's outcome. */
export const TEST_CARDS: ReadonlyMap<string, TestPaymentMethod> = new Map(
  Object.values(TEST_PAYMENT_METHODS).map((method) => [method.number, method]),
);

/** What every test payment method declined as expired_card answers, and so does any card past its expiry. */
export const EXPIRED_CARD: CardDecline = TEST_PAYMENT_METHODS.pm_card_chargeDeclinedExpiredCard.decline!;

/**
 * A real card number in test mode. Stripe declines it rather than charge a real card from a test
 * system: card_declined, decline_code test_mode_live_card.
 */
export const LIVE_CARD_IN_TEST_MODE: CardDecline = {
  code: 'card_declined',
  decline_code: 'test_mode_live_card',
  advice_code: 'do_not_try_again',
};

/**
 * What the paying customer may be told. Stripe's guidance: fraud, lost and stolen cards are shown as
 * a generic decline, so that nobody learns which rule or which list stopped the card.
 */
export function customerMessage(decline: CardDecline): string {
  switch (decline.code) {
    case 'expired_card':
      return 'Your card has expired.';
    case 'incorrect_cvc':
      return "Your card's security code is incorrect.";
    case 'processing_error':
      return 'An error occurred while processing your card. Try again in a little bit.';
    case 'card_declined':
      return decline.decline_code === 'insufficient_funds'
        ? 'Your card has insufficient funds.'
        : 'Your card was declined.';
  }
}
