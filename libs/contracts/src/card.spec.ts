import { validateSync } from 'class-validator';
import { cardBrand, luhnValid, summarizeCard } from './card';
import { CardDto, CardPaymentMethodDto } from './card.dto';

describe('luhnValid', () => {
  it.each(['4242424242424242', '371449635398431', '5555555555554444', '4000000000000002', '0'])('accepts %s', (digits) => {
    expect(luhnValid(digits)).toBe(true);
  });

  it.each(['4242424242424241', '4242 4242 4242 4242', '', 'abc', '1'])('refuses %p', (digits) => {
    expect(luhnValid(digits)).toBe(false);
  });
});

describe('cardBrand and summarizeCard', () => {
  it.each([
    ['4242424242424242', 'visa'],
    ['5555555555554444', 'mastercard'],
    ['2223003122003222', 'mastercard'],
    ['371449635398431', 'amex'],
    ['6011111111111117', 'discover'],
    ['3056930009020004', 'unknown'],
  ])('%s is %s', (number, brand) => {
    expect(cardBrand(number)).toBe(brand);
  });

  it('summarizes a card without its number or CVC', () => {
    expect(summarizeCard({ number: '4242424242424242', exp_month: 4, exp_year: 2031, cvc: '123' })).toEqual({
      brand: 'visa',
      last4: '4242',
      exp_month: 4,
      exp_year: 2031,
    });
  });
});

describe('CardPaymentMethodDto', () => {
  const OPTIONS = { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true, stopAtFirstError: true };
  const valid = { number: '4242424242424242', exp_month: 12, exp_year: 2031, cvc: '123' };
  /** [property path, message] of the first error, as the gateway reports it. */
  const firstError = (given: object): [string, string] | undefined => {
    const [error] = validateSync(CardPaymentMethodDto.from(given), OPTIONS);
    if (!error) return undefined;
    const leaf = error.children?.[0] ?? error;
    return [`${error.property}${leaf === error ? '' : `.${leaf.property}`}`, Object.values(leaf.constraints ?? {})[0]];
  };

  it('accepts a valid card', () => {
    expect(firstError({ card: valid })).toBeUndefined();
    expect(validateSync(Object.assign(new CardDto(), valid), OPTIONS)).toEqual([]);
  });

  it.each([
    ['a number failing Luhn', { number: '4242424242424241' }, 'card.number', /Luhn/],
    ['a short number', { number: '42424242' }, 'card.number', /12 to 19 digits/],
    ['a number with spaces', { number: '4242 4242 4242 4242' }, 'card.number', /12 to 19 digits/],
    ['a numeric number', { number: 4242424242424242 }, 'card.number', /string of digits/],
    ['month 13', { exp_month: 13 }, 'card.exp_month', /1 to 12/],
    ['month 0', { exp_month: 0 }, 'card.exp_month', /1 to 12/],
    ['month 1.5', { exp_month: 1.5 }, 'card.exp_month', /integer/],
    ['year 31', { exp_year: 31 }, 'card.exp_year', /four-digit/],
    ['year 20310', { exp_year: 20310 }, 'card.exp_year', /four-digit/],
    ['a 2-digit cvc', { cvc: '12' }, 'card.cvc', /3 or 4 digits/],
    ['a 5-digit cvc', { cvc: '12345' }, 'card.cvc', /3 or 4 digits/],
    ['a numeric cvc', { cvc: 123 }, 'card.cvc', /string of digits/],
    ['an unknown field', { name: 'Jane' }, 'card.name', /should not exist/],
  ])('refuses %s, without quoting the value', (_case, change, path, message) => {
    const [where, text] = firstError({ card: { ...valid, ...change } }) ?? ['', ''];
    expect(where).toBe(path);
    expect(text).toMatch(message);
    expect(text).not.toMatch(/4242|12345|20310/);
  });

  it('refuses a card that is not an object', () => {
    expect(firstError({ card: '4242424242424242' })?.[0]).toBe('card');
  });
});
