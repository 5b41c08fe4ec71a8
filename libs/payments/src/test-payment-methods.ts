/**
 * Stripe's test payment methods and the outcome Stripe gives each. The card behind each one is the
 * test card Stripe documents for it, so last4 matches what a Stripe dashboard would show.
 */
export interface CardProfile {
  brand: 'visa' | 'mastercard' | 'amex';
  last4: string;
  funding: 'credit' | 'debit';
}

export interface CardDecline {
  code: 'card_declined' | 'expired_card' | 'incorrect_cvc' | 'processing_error';
  decline_code: string;
  advice_code?: 'try_again_later' | 'do_not_try_again' | 'confirm_card_data';
  param?: string;
}

export interface TestPaymentMethod {
  card: CardProfile;
  /** Absent when the card is approved. */
  decline?: CardDecline;
}

const visa = (last4: string): CardProfile => ({ brand: 'visa', last4, funding: 'credit' });

export const TEST_PAYMENT_METHODS: Readonly<Record<string, TestPaymentMethod>> = {
  pm_card_visa: { card: visa('4242') },
  pm_card_visa_debit: { card: { brand: 'visa', last4: '5556', funding: 'debit' } },
  pm_card_mastercard: { card: { brand: 'mastercard', last4: '4444', funding: 'credit' } },
  pm_card_amex: { card: { brand: 'amex', last4: '8431', funding: 'credit' } },
  pm_card_visa_chargeDeclined: {
    card: visa('0002'),
    decline: { code: 'card_declined', decline_code: 'generic_decline' },
  },
  pm_card_visa_chargeDeclinedInsufficientFunds: {
    card: visa('9995'),
    decline: { code: 'card_declined', decline_code: 'insufficient_funds', advice_code: 'try_again_later' },
  },
  pm_card_chargeDeclinedExpiredCard: {
    card: visa('0069'),
    decline: { code: 'expired_card', decline_code: 'expired_card', advice_code: 'confirm_card_data', param: 'exp_month' },
  },
  pm_card_chargeDeclinedFraudulent: {
    card: { brand: 'visa', last4: '0019', funding: 'credit' },
    decline: { code: 'card_declined', decline_code: 'fraudulent', advice_code: 'do_not_try_again' },
  },
  pm_card_visa_chargeDeclinedLostCard: {
    card: visa('9987'),
    decline: { code: 'card_declined', decline_code: 'lost_card', advice_code: 'do_not_try_again' },
  },
  pm_card_visa_chargeDeclinedStolenCard: {
    card: visa('9979'),
    decline: { code: 'card_declined', decline_code: 'stolen_card', advice_code: 'do_not_try_again' },
  },
  pm_card_chargeDeclinedIncorrectCvc: {
    card: visa('0127'),
    decline: { code: 'incorrect_cvc', decline_code: 'incorrect_cvc', advice_code: 'confirm_card_data', param: 'cvc' },
  },
  pm_card_chargeDeclinedProcessingError: {
    card: visa('0119'),
    decline: { code: 'processing_error', decline_code: 'processing_error', advice_code: 'try_again_later' },
  },
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
