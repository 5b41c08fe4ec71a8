import { numberForms, scanText } from './support/card-data-scan';

/** The scanner of card-data.e2e.spec.ts can fail: it finds what is planted, in every form it is written. */
const SECRETS = { numbers: ['4242424242424242', '371449635398431'], cvcs: ['937', '7391'] };

describe('the card data scanner', () => {
  it.each([
    ['plain', 'charge 4242424242424242 done'],
    ['in groups of four, with spaces', '{"number":"4242 4242 4242 4242"}'],
    ['in groups of four, with dashes', 'card=4242-4242-4242-4242&x=1'],
    ['amex groups, with spaces', 'card 3714 496353 98431'],
    ['inside a longer text', 'abc4242424242424242xyz'],
  ])('finds a planted card number written %s', (_form, text) => {
    expect(scanText('test', text, SECRETS)).toEqual([expect.objectContaining({ where: 'test', what: expect.stringMatching(/^card number /) })]);
  });

  it.each([
    ['a JSON field', '{"card":{"cvc":"937"}}'],
    ['escaped JSON inside JSON', '{"data":"{\\"cvc\\":\\"937\\"}"}'],
    ['a query string', '/v1/charges?cvc=937'],
    ['a log text', 'cvc: 7391 given'],
    ['a whole JSON string', '{"security_code":"7391"}'],
  ])('finds a planted CVC in %s', (_where, text) => {
    expect(scanText('test', text, SECRETS).map((finding) => finding.what)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^CVC /)]),
    );
  });

  it('does not take a CVC inside other digits, or a card’s last four digits, for a leak', () => {
    const text = '{"time":1795590093712,"last4":"4242","brand":"visa","port":39371,"id":"ch_937a","exp_year":2034}';
    expect(scanText('test', text, SECRETS)).toEqual([]);
  });

  it('writes a number in every form it is looked for', () => {
    expect(numberForms('4242424242424242')).toEqual(['4242424242424242', '4242 4242 4242 4242', '4242-4242-4242-4242']);
    expect(numberForms('371449635398431')).toEqual(
      expect.arrayContaining(['371449635398431', '3714 496353 98431', '3714-496353-98431']),
    );
  });
});
