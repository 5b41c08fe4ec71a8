import { CARD_NUMBER_REDACTED, findCardNumbers, redactCardNumbers, redactCardNumbersDeep } from './card-number-redaction';
import { redactSensitive, redactSensitiveDeep, SECRET_REDACTED } from './sensitive-data';

const R = CARD_NUMBER_REDACTED;

describe('findCardNumbers', () => {
  it.each([
    ['plain', '4242424242424242'],
    ['in groups of four with spaces', '4242 4242 4242 4242'],
    ['in groups of four with dashes', '4242-4242-4242-4242'],
    ['amex, 15 digits', '371449635398431'],
    ['amex groups', '3714 496353 98431'],
    ['mastercard 2-series', '2223003122003222'],
    ['discover', '6011000990139424'],
  ])('finds a card number written %s', (_form, number) => {
    const text = `paid with ${number}, thanks`;
    expect(findCardNumbers(text)).toEqual([{ start: 10, end: 10 + number.length, digits: number.replace(/[ -]/g, '') }]);
  });

  it('finds every card number of a text, and one next to other numbers', () => {
    const text = 'order 12 4000 0000 0000 9995 and 5555555555554444; 7';
    expect(findCardNumbers(text).map((found) => text.slice(found.start, found.end))).toEqual(['4000 0000 0000 9995', '5555555555554444']);
  });

  it('finds a card number in JSON among many short numbers, and nothing when there is none', () => {
    const withCard = '{"amount":1999,"created":1795697050,"ref":"12-34 56","card":"4000-0000-0000-9995","n":[1,2]}';
    expect(findCardNumbers(withCard).map((found) => withCard.slice(found.start, found.end))).toEqual(['4000-0000-0000-9995']);
    expect(findCardNumbers('{"amount":1999,"created":1795697050,"ids":[12,34,56,78,90],"at":"2026-11-26 13:31:22"}')).toEqual([]);
  });

  it.each([
    ['a number that fails the Luhn check', '4242424242424241'],
    ['12 digits', '424242424242'],
    ['20 digits', '42424242424242424242'],
    ['a millisecond timestamp (begins with 1)', '1795590094123'],
    ['a number beginning with 0, 7, 8 or 9', '9242424242424242'],
    ['groups joined by two spaces', '4242  4242  4242  4242'],
    ['a hex trace id', '593dfc517d0fc9c78e748d54b9e6f095'],
    ['an ISO date and time', '2026-11-26T10:27:57.123Z'],
  ])('finds nothing in %s', (_what, text) => {
    expect(findCardNumbers(text)).toEqual([]);
  });
});

describe('redactCardNumbers', () => {
  it('replaces each card number, separators included, and keeps the rest', () => {
    expect(redactCardNumbers('a 4242 4242 4242 4242 b 4000-0000-0000-0002 c')).toBe(`a ${R} b ${R} c`);
    expect(redactCardNumbers('/v1/charges/4242424242424242?x=1')).toBe(`/v1/charges/${R}?x=1`);
  });

  it('returns a text without card numbers as it was', () => {
    const text = 'charge ch_1 of 1999 usd at 1795590094123';
    expect(redactCardNumbers(text)).toBe(text);
  });
});

describe('redactCardNumbersDeep', () => {
  it('redacts strings, numbers and keys at any depth of objects and arrays', () => {
    const value = {
      note: 'card 4242424242424242',
      amount: 1999,
      raw: 4242424242424242,
      list: ['5555 5555 5555 4444', 7, { deeper: '4000000000009995' }],
      nested: { '4242424242424242': 'as a key' },
    };
    expect(redactCardNumbersDeep(value)).toEqual({
      note: `card ${R}`,
      amount: 1999,
      raw: R,
      list: [R, 7, { deeper: R }],
      nested: { [R]: 'as a key' },
    });
    // The original is left as it was.
    expect(value.note).toBe('card 4242424242424242');
  });

  it('finds the same numbers as redactCardNumbers, however they are grouped', () => {
    const value = { pairs: '42 42 42 42 42 42 42 42', ones: '4-2-4-2-4-2-4-2-4-2-4-2-4-2-4-2' };
    expect(redactCardNumbersDeep(value)).toEqual({ pairs: R, ones: R });
    expect(redactCardNumbers(value.pairs)).toBe(R);
  });

  it('returns the very value when there is nothing to redact', () => {
    const value = { a: 'x', b: [1, 2, { c: 1795590094123 }] };
    expect(redactCardNumbersDeep(value)).toBe(value);
  });

  it('leaves class instances alone', () => {
    const date = new Date(0);
    expect(redactCardNumbersDeep({ date }).date).toBe(date);
  });
});

describe('redactSensitive and redactSensitiveDeep', () => {
  it('redact API keys and signing secrets as well as card numbers', () => {
    const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw1z3hvQ9pEs4=';
    expect(redactSensitive(`key sk_test_demo, rk_live_abcd1234, ${secret}, card 4242424242424242`)).toBe(
      `key ${SECRET_REDACTED}, ${SECRET_REDACTED}, ${SECRET_REDACTED}, card ${R}`,
    );
    expect(redactSensitiveDeep({ headers: ['Bearer sk_live_0123456789'], n: 1 })).toEqual({ headers: [`Bearer ${SECRET_REDACTED}`], n: 1 });
  });

  it('leave ids that merely resemble them', () => {
    const text = 'key_demo whsec_ sk_test_ task_test_1';
    expect(redactSensitive(text)).toBe(text);
  });
});
