import { redactCardNumbers, redactDeep } from './card-number-redaction';

/** What stands in for an API key or a webhook signing secret found where it must not be. */
export const SECRET_REDACTED = '[REDACTED:secret]';

/**
 * Secrets in the formats hoptrace hands out: Stripe-style API keys (`sk_test_…`, `sk_live_…`, and
 * restricted `rk_…`) and Standard Webhooks signing secrets (`whsec_…`). Keys provisioned in
 * API_KEYS may have any form; those are kept out of logs by never being logged at all.
 */
const SECRETS = /\b(?:sk|rk)_(?:test|live)_[A-Za-z0-9]{4,}|whsec_[A-Za-z0-9+/]{16,}={0,2}/g;
const MAYBE_SECRET = /k_(?:test|live)_|whsec_/;

export const redactSecrets = (text: string): string => (MAYBE_SECRET.test(text) ? text.replace(SECRETS, SECRET_REDACTED) : text);

/** Card numbers, API keys and signing secrets redacted from a text. */
export const redactSensitive = (text: string): string => redactSecrets(redactCardNumbers(text));

/** A text that may hold something {@link redactSensitive} would redact: lets the common case skip the work. */
export const maybeSensitive = (text: string): boolean => MAYBE_SECRET.test(text) || redactCardNumbers(text) !== text;

/** {@link redactDeep} for card numbers, API keys and signing secrets: strings, keys and numbers at any depth. */
export const redactSensitiveDeep = <T>(value: T): T => redactDeep(value, redactSensitive);
