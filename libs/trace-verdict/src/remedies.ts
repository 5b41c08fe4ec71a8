/**
 * Who must act on a refusal, and what to do and not do: the texts of docs/errors/remedies.json,
 * read and checked once. They live next to the error pages because they are the pages' "What to
 * do" (rendered into each page by `remedySection`), and in JSON rather than in the Markdown
 * because every reader of this library (the CLI's bundle, its image, a browser console) can take
 * a JSON file into its bundle without a Markdown parser or a file read at run time.
 */

/** Who must act for a refusal to go away. */
export type Party = 'customer' | 'merchant' | 'operators' | 'nobody';
export const PARTIES: readonly Party[] = ['customer', 'merchant', 'operators', 'nobody'];

/**
 * Whether sending the request again can help: never (a hard decline); after_change (once the card,
 * the key, the request, the invoice or the rule is fixed); later (a soft decline: hours or days
 * later, with a new Idempotency-Key, since the old one replays the refusal); same_key (a failure
 * whose outcome a retry with the same Idempotency-Key learns, never charging twice); not_needed.
 */
export type RetryWhen = 'never' | 'after_change' | 'later' | 'same_key' | 'not_needed';
const RETRY_WHEN: readonly RetryWhen[] = ['never', 'after_change', 'later', 'same_key', 'not_needed'];

export interface Remedy {
  party: Party;
  /** One sentence: what happened, for whoever reads the diagnosis. */
  summary: string;
  /** What the party must do. */
  do: string[];
  dont: string[];
  /** Whether the caller may send the request again, and how. */
  retry: { when: RetryWhen; text: string };
  /** What to watch beyond this one request. */
  watch?: string[];
}

export interface CodeRemedy extends Remedy {
  /** For a code whose reason is in decline_code (card_declined): one remedy per decline code. */
  declines?: Record<string, Remedy>;
  /**
   * Remedies for when the trace's evidence contradicts the refusal, by finding: the party is then
   * someone other than the one the code blames.
   */
  when?: Record<string, Remedy>;
}

export interface RemedyBook {
  parties: Record<Party, string>;
  /** Stripe's advice codes, as a card decline carries them. */
  advice: Record<string, string>;
  /** What a decline without an advice code means for retries. */
  no_advice: string;
  /** One remedy per error code of the catalogue (ERROR_CODES). */
  codes: Record<string, CodeRemedy>;
  /** Answers with no error code: a success, a webhook that failed, an error the trace does not name, a replay. */
  outcomes: Record<RemedyOutcome, Remedy>;
}

/** The findings a CodeRemedy's `when` may name, as the diagnosis makes them. */
export const FINDINGS = ['rule_misapplied', 'balance_covers_cost'] as const;
export type Finding = (typeof FINDINGS)[number];

const OUTCOMES = ['succeeded', 'webhook_failing', 'client_error', 'server_error', 'replayed'] as const;
export type RemedyOutcome = (typeof OUTCOMES)[number];

export class RemedyBookError extends Error {
  override readonly name = 'RemedyBookError';
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isTexts = (value: unknown): value is string[] => Array.isArray(value) && value.every((text) => typeof text === 'string' && text.trim() !== '');
const isText = (value: unknown): value is string => typeof value === 'string' && value.trim() !== '';

function checkRemedy(where: string, value: unknown): Remedy {
  if (!isObject(value)) throw new RemedyBookError(`${where}: not an object`);
  const { party, summary, retry, watch } = value;
  if (!PARTIES.includes(party as Party)) throw new RemedyBookError(`${where}: party must be one of ${PARTIES.join(', ')}`);
  if (!isText(summary)) throw new RemedyBookError(`${where}: summary must be a sentence`);
  if (!isTexts(value.do) || !isTexts(value.dont)) throw new RemedyBookError(`${where}: do and dont must be lists of sentences`);
  if (!isObject(retry) || !RETRY_WHEN.includes(retry.when as RetryWhen) || !isText(retry.text)) {
    throw new RemedyBookError(`${where}: retry must be { when: ${RETRY_WHEN.join(' | ')}, text }`);
  }
  if (watch !== undefined && !isTexts(watch)) throw new RemedyBookError(`${where}: watch must be a list of sentences`);
  return value as unknown as Remedy;
}

function checkRemedies(where: string, value: unknown, keys?: readonly string[]): Record<string, Remedy> {
  if (!isObject(value)) throw new RemedyBookError(`${where}: not an object`);
  for (const [key, remedy] of Object.entries(value)) {
    if (keys && !keys.includes(key)) throw new RemedyBookError(`${where}.${key}: not one of ${keys.join(', ')}`);
    checkRemedy(`${where}.${key}`, remedy);
  }
  return value as Record<string, Remedy>;
}

/** Checks the shape of a remedy book read from JSON; throws RemedyBookError naming what is wrong. */
export function remedyBookFrom(raw: unknown): RemedyBook {
  if (!isObject(raw)) throw new RemedyBookError('the remedy book is not an object');
  const { parties, advice, no_advice, codes, outcomes } = raw;
  if (!isObject(parties) || PARTIES.some((party) => !isText(parties[party]))) throw new RemedyBookError(`parties must name ${PARTIES.join(', ')}`);
  if (!isObject(advice) || !Object.values(advice).every(isText) || !isText(no_advice)) throw new RemedyBookError('advice must map advice codes to sentences, with no_advice beside it');
  if (!isObject(codes)) throw new RemedyBookError('codes: not an object');
  for (const [code, remedy] of Object.entries(codes)) {
    checkRemedy(`codes.${code}`, remedy);
    const { declines, when } = remedy as Record<string, unknown>;
    if (declines !== undefined) checkRemedies(`codes.${code}.declines`, declines);
    if (when !== undefined) checkRemedies(`codes.${code}.when`, when, FINDINGS);
  }
  checkRemedies('outcomes', outcomes, OUTCOMES);
  for (const outcome of OUTCOMES) {
    if (!(outcome in (outcomes as object))) throw new RemedyBookError(`outcomes.${outcome} is missing`);
  }
  return raw as unknown as RemedyBook;
}

/**
 * The remedies hoptrace ships. A require, not an import, so that no project compiling this library
 * needs `resolveJsonModule`; webpack and jest both take the JSON in as they find it.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const REMEDIES: RemedyBook = remedyBookFrom(require('../../../docs/errors/remedies.json'));

/** The remedy for an error code, narrowed by its decline code and by a finding when there is one for them. */
export function remedyFor(code: string, options: { declineCode?: string; finding?: Finding } = {}, book: RemedyBook = REMEDIES): Remedy | undefined {
  const entry = Object.hasOwn(book.codes, code) ? book.codes[code] : undefined;
  if (!entry) return undefined;
  if (options.finding && entry.when && Object.hasOwn(entry.when, options.finding)) return entry.when[options.finding];
  if (options.declineCode && entry.declines && Object.hasOwn(entry.declines, options.declineCode)) return entry.declines[options.declineCode];
  return entry;
}

export const REMEDY_SECTION_BEGIN =
  '<!-- BEGIN remedy: rendered from remedies.json by `npx nx run trace-verdict:error-pages`; `scenario-runner explain` prints the same texts. Edit the JSON, not this block. -->';
export const REMEDY_SECTION_END = '<!-- END remedy -->';

const PARTY_NAMES: Record<Party, string> = {
  customer: 'the customer',
  merchant: 'the merchant',
  operators: "the platform's operators",
  nobody: 'nobody',
};

/** How a diagnosis names a party in a sentence. */
export const partyName = (party: Party): string => PARTY_NAMES[party];

const FINDING_HEADINGS: Record<Finding, string> = {
  rule_misapplied: 'When the invoice is not yet due: a misapplied rule',
  balance_covers_cost: 'When the balance covers the cost: a metering error',
};

function remedyLines(remedy: Remedy): string[] {
  return [
    `**Who acts: ${PARTY_NAMES[remedy.party]}.** ${remedy.summary}`,
    '',
    ...remedy.do.map((text) => `- ${text}`),
    ...remedy.dont.map((text) => `- ${text}`),
    `- Retry: ${remedy.retry.text}`,
    ...(remedy.watch ?? []).map((text) => `- Watch: ${text}`),
  ];
}

/**
 * The "What to do" section of docs/errors/<code>.md, rendered from the book, between the markers
 * that let a test find it and the page writer replace it.
 */
export function remedySection(code: string, book: RemedyBook = REMEDIES): string {
  const entry = Object.hasOwn(book.codes, code) ? book.codes[code] : undefined;
  if (!entry) throw new RemedyBookError(`no remedy for ${code}`);
  const lines = [REMEDY_SECTION_BEGIN, ...remedyLines(entry)];
  for (const [declineCode, remedy] of Object.entries(entry.declines ?? {})) lines.push('', `### \`${declineCode}\``, '', ...remedyLines(remedy));
  for (const [finding, remedy] of Object.entries(entry.when ?? {})) lines.push('', `### ${FINDING_HEADINGS[finding as Finding]}`, '', ...remedyLines(remedy));
  if (entry.declines) {
    lines.push('', '### Advice codes', '');
    for (const [advice, text] of Object.entries(book.advice)) lines.push(`- \`${advice}\`: ${text}`);
    lines.push(`- ${book.no_advice.charAt(0).toUpperCase()}${book.no_advice.slice(1)}`);
  }
  lines.push(REMEDY_SECTION_END);
  return lines.join('\n');
}

/** `page` with its remedy section replaced by `section`; throws if the page has no markers. */
export function withRemedySection(page: string, section: string): string {
  const begin = page.indexOf(REMEDY_SECTION_BEGIN.slice(0, REMEDY_SECTION_BEGIN.indexOf(':')));
  const end = page.indexOf(REMEDY_SECTION_END);
  if (begin < 0 || end < begin) throw new RemedyBookError('the page has no remedy section markers');
  return page.slice(0, begin) + section + page.slice(end + REMEDY_SECTION_END.length);
}
