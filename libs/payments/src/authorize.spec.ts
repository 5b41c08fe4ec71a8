import { decideAuthorization, MINIMUM_AMOUNTS, type AuthorizationDecision } from './authorize';
import { TEST_PAYMENT_METHODS } from './test-payment-methods';

const charge = (payment_method: string, overrides: { amount?: number; currency?: string } = {}) => ({
  amount: 1999,
  currency: 'usd',
  payment_method,
  ...overrides,
});

/** Narrows a decision for the assertions that follow, failing loudly with the whole decision otherwise. */
function expectOutcome<O extends AuthorizationDecision['outcome']>(
  decision: AuthorizationDecision,
  outcome: O,
): Extract<AuthorizationDecision, { outcome: O }> {
  expect(decision).toMatchObject({ outcome });
  return decision as Extract<AuthorizationDecision, { outcome: O }>;
}

const GENERIC_DECLINE_MESSAGE = 'Your card was declined.';

describe('decideAuthorization', () => {
  describe('every entry of TEST_PAYMENT_METHODS', () => {
    const entries = Object.entries(TEST_PAYMENT_METHODS);

    it('holds at least the nine Stripe decline methods and the plain visa', () => {
      expect(entries.length).toBeGreaterThanOrEqual(10);
    });

    it.each(entries.filter(([, method]) => !method.decline))('%s is approved with its own card', (id, method) => {
      const decision = expectOutcome(decideAuthorization(charge(id)), 'approved');
      expect(decision.card).toEqual(method.card);
    });

    it.each(entries.filter(([, method]) => method.decline))(
      '%s is declined as a card_error decided by payment-processor, carrying its decline',
      (id, method) => {
        const decision = expectOutcome(decideAuthorization(charge(id)), 'declined');
        const decline = method.decline!;
        expect(decision.card).toEqual(method.card);
        expect(decision.decline).toEqual(decline);
        expect(decision.error.type).toBe('card_error');
        expect(decision.error.origin).toBe('payment-processor');
        expect(decision.error.code).toBe(decline.code);
        expect(decision.error.decline_code).toBe(decline.decline_code);
        expect(decision.error.advice_code).toBe(decline.advice_code);
        expect(decision.error.param).toBe(decline.param);
        expect(decision.error.message).toEqual(expect.any(String));
        expect(decision.error.message.length).toBeGreaterThan(0);
      },
    );

    it.each(entries.filter(([, method]) => method.decline))(
      '%s: the error has no keys whose value is undefined',
      (id) => {
        const { error } = expectOutcome(decideAuthorization(charge(id)), 'declined');
        expect(Object.values(error)).not.toContain(undefined);
      },
    );
  });

  describe("Stripe's documented test payment methods", () => {
    it.each<[string, AuthorizationDecision['outcome'], string | undefined, string | undefined]>([
      ['pm_card_visa', 'approved', undefined, undefined],
      ['pm_card_visa_chargeDeclined', 'declined', 'card_declined', 'generic_decline'],
      ['pm_card_visa_chargeDeclinedInsufficientFunds', 'declined', 'card_declined', 'insufficient_funds'],
      ['pm_card_chargeDeclinedExpiredCard', 'declined', 'expired_card', 'expired_card'],
      ['pm_card_chargeDeclinedFraudulent', 'declined', 'card_declined', 'fraudulent'],
      ['pm_card_visa_chargeDeclinedLostCard', 'declined', 'card_declined', 'lost_card'],
      ['pm_card_visa_chargeDeclinedStolenCard', 'declined', 'card_declined', 'stolen_card'],
      ['pm_card_chargeDeclinedIncorrectCvc', 'declined', 'incorrect_cvc', 'incorrect_cvc'],
      ['pm_card_chargeDeclinedProcessingError', 'declined', 'processing_error', 'processing_error'],
    ])('%s is %s (code %s, decline_code %s)', (id, outcome, code, declineCode) => {
      expect(Object.hasOwn(TEST_PAYMENT_METHODS, id)).toBe(true);
      const decision = decideAuthorization(charge(id));
      if (outcome === 'approved') {
        expect(decision).toEqual({ outcome: 'approved', card: TEST_PAYMENT_METHODS[id].card });
        return;
      }
      expect(expectOutcome(decision, 'declined').error).toMatchObject({
        type: 'card_error',
        code,
        decline_code: declineCode,
        origin: 'payment-processor',
      });
    });

    it('pm_card_visa is the 4242 test card', () => {
      const decision = expectOutcome(decideAuthorization(charge('pm_card_visa')), 'approved');
      expect(decision.card).toEqual({ brand: 'visa', last4: '4242', funding: 'credit' });
    });

    it.each([
      ['pm_card_chargeDeclinedExpiredCard', 'exp_month'],
      ['pm_card_chargeDeclinedIncorrectCvc', 'cvc'],
    ])('names the card field at fault for %s: param %s', (id, param) => {
      expect(expectOutcome(decideAuthorization(charge(id)), 'declined').error.param).toBe(param);
    });

    it.each(['pm_card_chargeDeclinedFraudulent', 'pm_card_visa_chargeDeclinedLostCard', 'pm_card_visa_chargeDeclinedStolenCard'])(
      'advises not to retry %s',
      (id) => {
        expect(expectOutcome(decideAuthorization(charge(id)), 'declined').error.advice_code).toBe('do_not_try_again');
      },
    );
  });

  describe('customer-facing messages', () => {
    it('uses the generic decline message for a generic decline', () => {
      const { error } = expectOutcome(decideAuthorization(charge('pm_card_visa_chargeDeclined')), 'declined');
      expect(error.message).toBe(GENERIC_DECLINE_MESSAGE);
    });

    it.each(['pm_card_chargeDeclinedFraudulent', 'pm_card_visa_chargeDeclinedLostCard', 'pm_card_visa_chargeDeclinedStolenCard'])(
      '%s is shown to the customer as a generic decline, naming neither fraud nor a lost or stolen card',
      (id) => {
        const { error } = expectOutcome(decideAuthorization(charge(id)), 'declined');
        expect(error.message).toBe(GENERIC_DECLINE_MESSAGE);
        expect(error.message).not.toMatch(/fraud|lost|stolen/i);
      },
    );

    it('no decline message of the whole table mentions fraud, lost or stolen', () => {
      for (const id of Object.keys(TEST_PAYMENT_METHODS)) {
        const decision = decideAuthorization(charge(id));
        if (decision.outcome === 'declined') expect(decision.error.message).not.toMatch(/fraud|lost|stolen/i);
      }
    });
  });

  describe('payment methods the processor does not know', () => {
    it.each(['pm_card_unknown', 'pm_card_visa ', 'PM_CARD_VISA', ''])(
      '%p is an invalid request (resource_missing on payment_method), not a decline',
      (id) => {
        const decision = expectOutcome(decideAuthorization(charge(id)), 'invalid');
        expect(decision.error).toEqual({
          type: 'invalid_request_error',
          code: 'resource_missing',
          param: 'payment_method',
          message: `No such PaymentMethod: '${id}'.`,
          origin: 'payment-processor',
        });
      },
    );

    it.each(['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf'])(
      'an inherited property name, %p, is an unknown payment method rather than a crash',
      (id) => {
        let decision: AuthorizationDecision | undefined;
        expect(() => (decision = decideAuthorization(charge(id)))).not.toThrow();
        expect(expectOutcome(decision!, 'invalid').error).toMatchObject({
          type: 'invalid_request_error',
          code: 'resource_missing',
          param: 'payment_method',
        });
      },
    );
  });

  describe('currency and amount', () => {
    it.each(['xyz', 'USD', 'us', ''])('an unknown currency %p is parameter_invalid on currency', (currency) => {
      const decision = expectOutcome(decideAuthorization(charge('pm_card_visa', { currency })), 'invalid');
      expect(decision.error).toMatchObject({
        type: 'invalid_request_error',
        code: 'parameter_invalid',
        param: 'currency',
        origin: 'payment-processor',
      });
    });

    // Messages can skip the gateway's validation: names inherited from Object.prototype are not currencies.
    it.each(['__proto__', 'constructor', 'toString'])(
      'an inherited property name as currency, %p, is parameter_invalid on currency',
      (currency) => {
        const decision = expectOutcome(decideAuthorization(charge('pm_card_visa', { currency })), 'invalid');
        expect(decision.error).toMatchObject({ code: 'parameter_invalid', param: 'currency' });
      },
    );

    it.each([Number.NaN, 19.99, '1999'])('a non-integer amount, %p, is parameter_invalid on amount', (amount) => {
      const decision = expectOutcome(
        decideAuthorization(charge('pm_card_visa', { amount: amount as number })),
        'invalid',
      );
      expect(decision.error).toMatchObject({ code: 'parameter_invalid', param: 'amount' });
    });

    it('checks the currency before the payment method', () => {
      const decision = expectOutcome(decideAuthorization(charge('pm_nope', { currency: 'xyz' })), 'invalid');
      expect(decision.error.param).toBe('currency');
    });

    it('an amount under the minimum is checked before the card is tried, so even a declining card is invalid', () => {
      const decision = expectOutcome(
        decideAuthorization(charge('pm_card_visa_chargeDeclined', { amount: 1 })),
        'invalid',
      );
      expect(decision.error.code).toBe('amount_too_small');
    });

    it.each(Object.entries(MINIMUM_AMOUNTS))(
      '%s: one minor unit under the minimum of %d is amount_too_small on amount',
      (currency, minimum) => {
        const decision = expectOutcome(
          decideAuthorization(charge('pm_card_visa', { currency, amount: minimum - 1 })),
          'invalid',
        );
        expect(decision.error).toMatchObject({
          type: 'invalid_request_error',
          code: 'amount_too_small',
          param: 'amount',
          origin: 'payment-processor',
        });
        expect(decision.error.message).toContain(String(minimum));
      },
    );

    it.each(Object.entries(MINIMUM_AMOUNTS))('%s: exactly the minimum of %d is approved', (currency, minimum) => {
      expectOutcome(decideAuthorization(charge('pm_card_visa', { currency, amount: minimum })), 'approved');
    });

    it.each([
      ['usd', 50],
      ['eur', 50],
      ['gbp', 30],
      ['jpy', 50],
    ])("%s has Stripe's minimum of %d minor units", (currency, minimum) => {
      expect(MINIMUM_AMOUNTS[currency]).toBe(minimum);
    });
  });
});
