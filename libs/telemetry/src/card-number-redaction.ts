import { luhnValid } from '@hoptrace/contracts';

/** What stands in for a card number that was found where it must not be. */
export const CARD_NUMBER_REDACTED = '[REDACTED:card]';

/** Digit groups joined by single spaces or dashes: "4242 4242 4242 4242", "4242-4242-...", "4242424242424242". */
const DIGIT_RUN = /[0-9]+(?:[ -][0-9]+)*/g;
const GROUP = /[0-9]+/g;

/**
 * Card numbers are 13 to 19 digits, pass the Luhn check, and begin with 2 to 6 (the card networks'
 * major industry identifiers). The first digit keeps millisecond timestamps, which begin with 1
 * until 2033 and pass the Luhn check one time in ten, out of the net.
 */
const looksLikeCardNumber = (digits: string): boolean =>
  digits.length >= MIN_CARD_DIGITS && digits.length <= 19 && /^[2-6]/.test(digits) && luhnValid(digits);

export interface CardNumberMatch {
  /** Offsets in the text: the card number, separators included, is text.slice(start, end). */
  start: number;
  end: number;
  digits: string;
}

const MIN_CARD_DIGITS = 13;

const isDigit = (code: number): boolean => code >= 48 && code <= 57;
const isSeparator = (code: number): boolean => code === 32 || code === 45;

/**
 * Whether `text` holds a run of at least 13 digits, where a single space or dash may stand between
 * two digits: what {@link findCardNumbers} searches, found with one plain loop over the text, so
 * the common case never reaches the regular expressions below. Almost no span attribute or log
 * field has such a run, not even JSON with many short numbers in it (the job results on BullMQ's
 * consumer spans); running every attribute through the expressions was 3% of each service's CPU.
 */
function hasLongDigitRun(text: string): boolean {
  let digits = 0;
  let previousIsDigit = false;
  let afterSeparator = false;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (isDigit(code)) {
      digits = previousIsDigit || afterSeparator ? digits + 1 : 1;
      if (digits >= MIN_CARD_DIGITS) return true;
      previousIsDigit = true;
      afterSeparator = false;
    } else {
      afterSeparator = previousIsDigit && isSeparator(code);
      previousIsDigit = false;
      if (!afterSeparator) digits = 0;
    }
  }
  return false;
}

/**
 * Every card number in `text`, written with or without separators. Within a run of digit groups,
 * every stretch of whole groups is tried, so a number is found next to other numbers too ("order
 * 12 4242 4242 4242 4242"); the longest stretch that qualifies wins.
 */
export function findCardNumbers(text: string): CardNumberMatch[] {
  const found: CardNumberMatch[] = [];
  if (!hasLongDigitRun(text)) return found;
  for (const run of text.matchAll(DIGIT_RUN)) {
    if (run[0].replace(/[ -]/g, '').length < MIN_CARD_DIGITS) continue;
    const groups = [...run[0].matchAll(GROUP)].map((group) => ({ start: run.index + group.index, digits: group[0] }));
    for (let first = 0; first < groups.length; first++) {
      let digits = '';
      let best: CardNumberMatch | undefined;
      for (let last = first; last < groups.length; last++) {
        digits += groups[last].digits;
        if (digits.length > 19) break;
        if (looksLikeCardNumber(digits)) {
          best = { start: groups[first].start, end: groups[last].start + groups[last].digits.length, digits };
        }
      }
      if (!best) continue;
      found.push(best);
      // Carry on after the number found.
      while (first + 1 < groups.length && groups[first + 1].start < best.end) first++;
    }
  }
  return found;
}

/** `text` with every card number in it replaced by {@link CARD_NUMBER_REDACTED}. */
export function redactCardNumbers(text: string): string {
  const found = findCardNumbers(text);
  if (found.length === 0) return text;
  let result = '';
  let at = 0;
  for (const { start, end } of found) {
    result += text.slice(at, start) + CARD_NUMBER_REDACTED;
    at = end;
  }
  return result + text.slice(at);
}

/**
 * `value` with `redactText` applied to every string and key, and every number that is itself a card
 * number replaced by the marker, at any depth of arrays and plain objects. Returns `value` itself
 * when there is nothing to redact, so the common case copies nothing.
 */
export function redactDeep<T>(value: T, redactText: (text: string) => string): T {
  if (typeof value === 'string') return redactText(value) as T;
  if (typeof value === 'number') {
    return (Number.isInteger(value) && looksLikeCardNumber(String(Math.abs(value))) ? CARD_NUMBER_REDACTED : value) as T;
  }
  if (Array.isArray(value)) {
    const items = value.map((item) => redactDeep(item, redactText));
    return (items.some((item, index) => item !== value[index]) ? items : value) as T;
  }
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    let copy: Record<string, unknown> | undefined;
    for (const [key, item] of Object.entries(value)) {
      const redacted = redactDeep(item, redactText);
      const redactedKey = redactText(key);
      if (redacted !== item || redactedKey !== key) {
        copy ??= { ...(value as Record<string, unknown>) };
        if (redactedKey !== key) delete copy[key];
        copy[redactedKey] = redacted;
      }
    }
    return (copy ?? value) as T;
  }
  return value;
}

/** {@link redactDeep} for card numbers only. */
export const redactCardNumbersDeep = <T>(value: T): T => redactDeep(value, redactCardNumbers);
