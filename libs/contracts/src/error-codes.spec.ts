import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { ERROR_CODES, errorCodeInfo, isErrorCode, type ErrorCode } from './error-codes';
import { problemType, statusOf, titleOf } from './problem';

const ROOT = resolve(__dirname, '../../..');
const DOCS = join(ROOT, 'docs/errors');
const CODES = Object.keys(ERROR_CODES) as ErrorCode[];

/** Every non-spec TypeScript source under `dir`, node_modules left out. */
function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sources(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [path] : [];
  });
}

/**
 * The error codes a source file can emit: every `code: '…'` literal (a union of literals in a type
 * counts too), and the first argument of the `paymentError('…', …)` factory and of the `invalid('…', …)`
 * helpers that call it.
 */
function emittedCodes(source: string): string[] {
  const codes: string[] = [];
  for (const match of source.matchAll(/\bcode\??\s*:\s*('[^'\n]*'(?:\s*\|\s*'[^'\n]*')*)/g)) {
    for (const literal of match[1].matchAll(/'([^'\n]*)'/g)) codes.push(literal[1]);
  }
  for (const match of source.matchAll(/\b(?:invalid|paymentError)\(\s*'([^'\n]*)'/g)) codes.push(match[1]);
  return codes;
}

describe('ERROR_CODES', () => {
  it('holds every code the system emits today and the access and idempotency codes', () => {
    expect(CODES).toEqual(
      expect.arrayContaining([
        'card_declined', 'expired_card', 'incorrect_cvc', 'processing_error',
        'invoice_past_due', 'insufficient_credit',
        'resource_missing', 'parameter_invalid', 'parameter_missing', 'parameter_unknown', 'amount_too_small',
        'invalid_json', 'route_not_found', 'method_not_allowed', 'request_too_large', 'unsupported_media_type',
        'upstream_timeout', 'service_unavailable', 'internal_error',
        'authentication_required', 'permission_denied', 'rate_limited', 'idempotency_key_in_use', 'idempotency_key_reused',
      ]),
    );
  });

  it.each(CODES)('%s: its status is the one statusOf gives its type and code', (code) => {
    const { type, status } = ERROR_CODES[code];
    expect(statusOf({ type, code })).toBe(status);
  });

  it.each(CODES)('%s: is snake_case, titled, and decided by at least one hop', (code) => {
    expect(code).toMatch(/^[a-z]+(_[a-z]+)*$/);
    expect(titleOf(code)).toBe(ERROR_CODES[code].title);
    expect(ERROR_CODES[code].origins.length).toBeGreaterThan(0);
  });

  it('looks codes up as own properties only', () => {
    for (const name of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
      expect(isErrorCode(name)).toBe(false);
      expect(errorCodeInfo(name)).toBeUndefined();
      expect(titleOf(name)).toBe('Request failed');
    }
    expect(isErrorCode('card_declined')).toBe(true);
    expect(errorCodeInfo('card_declined')).toMatchObject({ status: 402, origins: ['payment-processor'] });
  });
});

describe('docs/errors', () => {
  const pages = readdirSync(DOCS).filter((name) => name.endsWith('.md') && name !== 'README.md');

  it.each(CODES)('%s has a page that is about it', (code) => {
    const path = join(DOCS, `${code}.md`);
    expect(existsSync(path)).toBe(true);
    const page = readFileSync(path, 'utf8');
    expect(page.split('\n', 1)[0]).toBe(`# ${code}: ${ERROR_CODES[code].title}`);
    expect(page).toContain(String(ERROR_CODES[code].status));
    expect(page).toContain('Jaeger');
  });

  it('has a page for catalogue codes only', () => {
    const strays = pages.map((name) => name.slice(0, -'.md'.length)).filter((code) => !isErrorCode(code));
    expect(strays).toEqual([]);
    expect(pages).toHaveLength(CODES.length);
  });

  it('indexes every code in its README, linked to the page that the problem type names', () => {
    const index = readFileSync(join(DOCS, 'README.md'), 'utf8');
    for (const code of CODES) {
      expect(index).toContain(`[${code}](${code}.md)`);
      expect(problemType(code)).toBe(`/errors/${code}`);
    }
  });

  it('names the deciding-span tag on every 402 page', () => {
    for (const code of CODES.filter((c) => ERROR_CODES[c].status === 402)) {
      expect(readFileSync(join(DOCS, `${code}.md`), 'utf8')).toContain('payment.required.origin');
    }
  });
});

describe('the error codes in the sources', () => {
  const files = ['apps', 'libs'].flatMap((dir) => sources(join(ROOT, dir)));
  const found = files.flatMap((file) =>
    emittedCodes(readFileSync(file, 'utf8')).map((code) => ({ code, file: relative(ROOT, file) })),
  );

  it('are found where they are known to be (the scan is not looking at nothing)', () => {
    expect(found).toEqual(
      expect.arrayContaining([
        { code: 'card_declined', file: 'libs/payments/src/test-payment-methods.ts' },
        { code: 'invoice_past_due', file: 'libs/payments/src/customer-standing.ts' },
        { code: 'internal_error', file: 'libs/http-edge/src/problem/error-of.ts' },
        { code: 'invalid_json', file: 'libs/http-edge/src/problem/error-of.ts' },
        { code: 'amount_too_small', file: 'libs/payments/src/authorize.ts' },
      ]),
    );
  });

  it('are all in ERROR_CODES', () => {
    expect(found.filter(({ code }) => !isErrorCode(code))).toEqual([]);
  });

  it('are made by the factory only: no PaymentError literal names its type anywhere else', () => {
    const types = [...new Set(Object.values(ERROR_CODES).map((info) => info.type))].join('|');
    const literal = new RegExp(`\\btype\\s*:\\s*'(?:${types})'`);
    const factory = new Set(['libs/contracts/src/error-codes.ts', 'libs/contracts/src/payment-error.ts']);
    const strays = files
      .filter((file) => !factory.has(relative(ROOT, file)) && literal.test(readFileSync(file, 'utf8')))
      .map((file) => relative(ROOT, file));
    expect(strays).toEqual([]);
  });
});

describe('emittedCodes', () => {
  it('reads object literals, optional members, unions of literals and invalid() helpers', () => {
    const source = [
      "return { type: 'card_error', code: 'card_declined', message };",
      "interface D { code?: 'expired_card' | 'incorrect_cvc'; }",
      "invalid('amount_too_small', 'amount', 'x');",
      "if (error.code === 'ENOENT') {}",
    ].join('\n');
    expect(emittedCodes(source)).toEqual(['card_declined', 'expired_card', 'incorrect_cvc', 'amount_too_small']);
  });
});
