import { PaymentMethodPipe } from './payment-method.pipe';
import { ProblemException } from '@hoptrace/http-edge';

const pipe = new PaymentMethodPipe();
const card = { number: '4242424242424242', exp_month: 12, exp_year: 2031, cvc: '123' };

/** The problem the pipe throws for `payment_method`. */
const problemOf = (payment_method: unknown) => {
  try {
    pipe.transform({ amount: 1999, payment_method });
  } catch (error) {
    if (error instanceof ProblemException) return error.error;
    throw error;
  }
  throw new Error('the pipe accepted it');
};

describe('PaymentMethodPipe', () => {
  it('passes a payment method id through untouched', () => {
    const body = { amount: 1999, payment_method: 'pm_card_visa' };
    expect(pipe.transform(body)).toBe(body);
  });

  it('passes a valid card through as plain data', () => {
    expect(pipe.transform({ amount: 1999, payment_method: { card } })).toEqual({ amount: 1999, payment_method: { card } });
  });

  it.each([
    [{ card: { ...card, number: '4242424242424241' } }, 'parameter_invalid', 'payment_method[card][number]'],
    [{ card: { ...card, exp_month: 13 } }, 'parameter_invalid', 'payment_method[card][exp_month]'],
    [{ card: { ...card, exp_year: 31 } }, 'parameter_invalid', 'payment_method[card][exp_year]'],
    [{ card: { ...card, cvc: '1' } }, 'parameter_invalid', 'payment_method[card][cvc]'],
    [{ card: { number: card.number, exp_month: 1, exp_year: 2031 } }, 'parameter_missing', 'payment_method[card][cvc]'],
    [{ card: { ...card, extra: 1 } }, 'parameter_unknown', 'payment_method[card][extra]'],
    [{ card, cvc: '123' }, 'parameter_unknown', 'payment_method[cvc]'],
    [{}, 'parameter_missing', 'payment_method[card]'],
  ])('refuses %j as %s on %s, never quoting the number or CVC', (paymentMethod, code, param) => {
    const error = problemOf(paymentMethod);
    expect(error).toMatchObject({ type: 'invalid_request_error', code, param, origin: 'gateway' });
    expect(error.message).not.toMatch(/4242|"123"| 123/);
  });
});
