import { ERROR_CODES } from '@hoptrace/contracts';
import { EXPIRED_CARD, LIVE_CARD_IN_TEST_MODE, TEST_PAYMENT_METHODS, type CardDecline } from '@hoptrace/payments';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { REMEDIES, remedyBookFrom, RemedyBookError, remedyFor, remedySection, withRemedySection, type RetryWhen } from './remedies';

const DOCS = resolve(__dirname, '../../../docs/errors');
const RAW = JSON.parse(readFileSync(join(DOCS, 'remedies.json'), 'utf8')) as Record<string, unknown>;

/** Every decline the processor can answer with: its test payment methods, an expired card, a live card in test mode. */
const DECLINES: CardDecline[] = [
  ...Object.values(TEST_PAYMENT_METHODS).flatMap((method) => (method.decline ? [method.decline] : [])),
  EXPIRED_CARD,
  LIVE_CARD_IN_TEST_MODE,
];

/** What each Stripe advice code allows, as a retry policy; a decline without one is not retried automatically. */
const RETRY_OF_ADVICE: Record<string, RetryWhen> = { try_again_later: 'later', do_not_try_again: 'never', confirm_card_data: 'after_change' };

describe('docs/errors/remedies.json', () => {
  it('has a remedy for every error code of the catalogue, and for nothing else', () => {
    expect(Object.keys(REMEDIES.codes).sort()).toEqual(Object.keys(ERROR_CODES).sort());
  });

  it.each(DECLINES.map((decline) => [`${decline.code}/${decline.decline_code}`, decline] as const))(
    'has a remedy for the decline %s, whose retry agrees with its advice code',
    (_, decline) => {
      const remedy = remedyFor(decline.code, { declineCode: decline.decline_code });
      const own = decline.code === 'card_declined' ? REMEDIES.codes.card_declined.declines?.[decline.decline_code] : REMEDIES.codes[decline.code];
      expect(remedy).toBeDefined();
      expect(remedy).toBe(own);
      expect(remedy?.retry.when).toBe(decline.advice_code ? RETRY_OF_ADVICE[decline.advice_code] : 'never');
      if (decline.advice_code) expect(REMEDIES.advice[decline.advice_code]).toEqual(expect.any(String));
    },
  );

  it('never suggests a retry later for a hard decline', () => {
    for (const decline of DECLINES.filter((candidate) => candidate.advice_code === 'do_not_try_again')) {
      const remedy = remedyFor(decline.code, { declineCode: decline.decline_code })!;
      expect([decline.decline_code, remedy.retry.when, remedy.dont.join(' ')]).toEqual([decline.decline_code, 'never', expect.stringMatching(/[Nn]ever retry|don't retry/)]);
    }
  });

  it('has no remedy for a decline code the processor never sends', () => {
    const sent = new Set(DECLINES.map((decline) => decline.decline_code));
    expect(Object.keys(REMEDIES.codes.card_declined.declines ?? {}).filter((code) => !sent.has(code))).toEqual([]);
  });

  it("blames the customer for no failure of the platform's, and the platform for no refusal of the request", () => {
    for (const [code, info] of Object.entries(ERROR_CODES)) {
      const { party } = REMEDIES.codes[code];
      if (info.status >= 500) expect([code, party]).toEqual([code, 'operators']);
      else if (info.status !== 402) expect([code, party]).toEqual([code, 'merchant']);
    }
  });
});

describe('the error pages', () => {
  const pages = readdirSync(DOCS).filter((name) => name.endsWith('.md') && name !== 'README.md');

  it.each(pages)('%s shows the remedies of remedies.json (`npx nx run trace-verdict:error-pages` renders them)', (name) => {
    const page = readFileSync(join(DOCS, name), 'utf8');
    const section = remedySection(name.slice(0, -'.md'.length));
    expect(page).toContain('## What to do\n\n');
    expect(withRemedySection(page, section)).toBe(page);
  });

  it('render every decline code and advice code of card_declined', () => {
    const section = remedySection('card_declined');
    for (const declineCode of Object.keys(REMEDIES.codes.card_declined.declines ?? {})) expect(section).toContain(`### \`${declineCode}\``);
    for (const advice of Object.keys(REMEDIES.advice)) expect(section).toContain(`- \`${advice}\`: `);
  });
});

describe('remedyBookFrom', () => {
  const broken = (change: (book: any) => void) => {
    const book = structuredClone(RAW);
    change(book);
    return () => remedyBookFrom(book);
  };

  it('takes the shipped book', () => {
    expect(remedyBookFrom(structuredClone(RAW))).toMatchObject({ codes: expect.any(Object) });
  });

  it('names what is wrong with a broken one', () => {
    expect(broken((book) => (book.codes.card_declined.party = 'the bank'))).toThrow(new RemedyBookError('codes.card_declined: party must be one of customer, merchant, operators, nobody'));
    expect(broken((book) => delete book.codes.expired_card.retry)).toThrow(/codes\.expired_card: retry must be/);
    expect(broken((book) => (book.codes.rate_limited.retry.when = 'soon'))).toThrow(/codes\.rate_limited: retry must be/);
    expect(broken((book) => (book.codes.invoice_past_due.when.moon_phase = book.codes.invoice_past_due.when.rule_misapplied))).toThrow(/when\.moon_phase: not one of/);
    expect(broken((book) => (book.codes.card_declined.declines.lost_card.do = ['']))).toThrow(/lost_card: do and dont must be lists of sentences/);
    expect(broken((book) => delete book.outcomes.succeeded)).toThrow(/outcomes\.succeeded is missing/);
    expect(broken((book) => delete book.parties.nobody)).toThrow(/parties must name/);
  });
});
