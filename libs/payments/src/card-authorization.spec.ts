import { decideAuthorization, decideCardAuthorization, isExpired } from './authorize';
import { cardDetailsOf, openCard, sealCard } from './card-vault';
import { TEST_PAYMENT_METHODS } from './test-payment-methods';

const NOW = new Date('2026-11-26T10:00:00Z');
const charge = { amount: 1999, currency: 'usd' };
const card = (number: string, overrides: Partial<{ exp_month: number; exp_year: number; cvc: string }> = {}) => ({
  number,
  exp_month: 12,
  exp_year: 2030,
  cvc: '123',
  ...overrides,
});

describe('decideCardAuthorization', () => {
  it.each(Object.entries(TEST_PAYMENT_METHODS))('%s: its test card number, given raw, has the same outcome', (id, method) => {
    const byId = decideAuthorization({ ...charge, payment_method: id });
    const byNumber = decideCardAuthorization(charge, card(method.number), NOW);
    expect(byNumber).toEqual(byId);
  });

  it.each([
    ['4242424242424242', 'approved', undefined],
    ['4000000000000002', 'declined', 'generic_decline'],
    ['4000000000009995', 'declined', 'insufficient_funds'],
    ['4000000000000069', 'declined', 'expired_card'],
    ['4000000000000127', 'declined', 'incorrect_cvc'],
    ['4000000000000119', 'declined', 'processing_error'],
    ['4100000000000019', 'declined', 'fraudulent'],
    ['4000000000009987', 'declined', 'lost_card'],
    ['4000000000009979', 'declined', 'stolen_card'],
  ])("Stripe's test card %s is %s %s", (number, outcome, declineCode) => {
    const decision = decideCardAuthorization(charge, card(number), NOW);
    expect(decision.outcome).toBe(outcome);
    if (decision.outcome === 'declined') expect(decision.error).toMatchObject({ decline_code: declineCode, type: 'card_error', origin: 'payment-processor' });
  });

  it('declines any card past its expiry month as expired_card, on exp_month', () => {
    const decision = decideCardAuthorization(charge, card('4242424242424242', { exp_month: 10, exp_year: 2026 }), NOW);
    expect(decision).toMatchObject({
      outcome: 'declined',
      card: { brand: 'visa', last4: '4242' },
      error: { code: 'expired_card', decline_code: 'expired_card', param: 'exp_month', message: 'Your card has expired.' },
    });
  });

  it('declines a real card number in test mode, generically', () => {
    const decision = decideCardAuthorization(charge, card('4111111111111111'), NOW);
    expect(decision).toMatchObject({
      outcome: 'declined',
      card: { brand: 'visa', last4: '1111', funding: 'unknown' },
      error: { code: 'card_declined', decline_code: 'test_mode_live_card', message: 'Your card was declined.' },
    });
  });

  it('checks currency and amount before the card, as for payment methods', () => {
    expect(decideCardAuthorization({ amount: 1, currency: 'usd' }, card('4000000000000002'), NOW)).toMatchObject({
      outcome: 'invalid',
      error: { code: 'amount_too_small' },
    });
    expect(decideCardAuthorization({ amount: 1999, currency: 'xyz' }, card('4242424242424242'), NOW)).toMatchObject({
      outcome: 'invalid',
      error: { param: 'currency' },
    });
  });

  it('never puts the number or the CVC in its decision', () => {
    for (const method of Object.values(TEST_PAYMENT_METHODS)) {
      const text = JSON.stringify(decideCardAuthorization(charge, card(method.number, { cvc: '9876' }), NOW));
      expect(text).not.toContain(method.number);
      expect(text).not.toContain('9876');
    }
  });
});

describe('isExpired', () => {
  it('holds a card good through the last day of its expiry month (UTC)', () => {
    expect(isExpired({ exp_month: 11, exp_year: 2026 }, new Date('2026-11-30T23:59:59Z'))).toBe(false);
    expect(isExpired({ exp_month: 11, exp_year: 2026 }, new Date('2026-12-01T00:00:00Z'))).toBe(true);
    expect(isExpired({ exp_month: 12, exp_year: 2025 }, NOW)).toBe(true);
    expect(isExpired({ exp_month: 1, exp_year: 2027 }, NOW)).toBe(false);
  });
});

describe('the card vault', () => {
  const KEY = Buffer.alloc(32, 1);
  const raw = card('4000000000009995', { cvc: '9876', exp_month: 7, exp_year: 2031 });

  it('seals the number and CVC, keeping brand, last4 and expiry readable', () => {
    const sealed = sealCard(raw, KEY, 'ch_1');
    expect(sealed).toEqual({ brand: 'visa', last4: '9995', exp_month: 7, exp_year: 2031, sealed: expect.stringMatching(/^v1\./) });
    expect(JSON.stringify(sealed)).not.toMatch(/4000000000009995|9876/);
    expect(cardDetailsOf(sealed)).toEqual({ type: 'card', card: { brand: 'visa', last4: '9995', exp_month: 7, exp_year: 2031 } });
  });

  it('opens for the processor with the same key and charge', () => {
    expect(openCard(sealCard(raw, KEY, 'ch_1'), KEY, 'ch_1')).toEqual(raw);
  });

  it.each([
    ['another key', (sealed: ReturnType<typeof sealCard>) => openCard(sealed, Buffer.alloc(32, 2), 'ch_1')],
    ['another charge', (sealed: ReturnType<typeof sealCard>) => openCard(sealed, KEY, 'ch_2')],
    ['an altered expiry', (sealed: ReturnType<typeof sealCard>) => openCard({ ...sealed, exp_year: 2040 }, KEY, 'ch_1')],
    ['altered last four digits', (sealed: ReturnType<typeof sealCard>) => openCard({ ...sealed, last4: '4242' }, KEY, 'ch_1')],
  ])('does not open with %s', (_case, open) => {
    expect(() => open(sealCard(raw, KEY, 'ch_1'))).toThrow();
  });

  it('seals the same card differently every time', () => {
    expect(sealCard(raw, KEY, 'ch_1').sealed).not.toBe(sealCard(raw, KEY, 'ch_1').sealed);
  });
});
