import type IORedis from 'ioredis';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** What must not be found: full card numbers, and CVCs. */
export interface CardSecrets {
  numbers: readonly string[];
  cvcs: readonly string[];
}

export interface Finding {
  /** Where it was found: "redis hoptrace:billing:12 (hash)", "log gateway.log", "jaeger service gateway". */
  where: string;
  /** Which secret, and in which form. */
  what: string;
  /** A little of the text around it. */
  excerpt: string;
}

/** A card number as people write it: plain, and in groups (4-4-4-4, and amex's 4-6-5) with spaces or dashes. */
export function numberForms(number: string): string[] {
  const fours = number.match(/.{1,4}/g) ?? [number];
  const amex = number.length === 15 ? [number.slice(0, 4), number.slice(4, 10), number.slice(10)] : undefined;
  const forms = [number, fours.join(' '), fours.join('-')];
  if (amex) forms.push(amex.join(' '), amex.join('-'));
  return [...new Set(forms)];
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A CVC is a few digits, which occur everywhere (timestamps, ids, ports), so it is looked for where
 * it would be a leak: after a `cvc` key or label (JSON, query strings, log text, escaped JSON
 * inside JSON), or as a whole JSON string value ("cvc" fields are strings).
 */
const cvcPatterns = (cvc: string): RegExp[] => [
  new RegExp(`cvc[\\\\"'\\s]*[:=][\\\\"'\\s]*${escape(cvc)}(?![0-9])`, 'i'),
  new RegExp(`(?<![0-9])\\\\?"${escape(cvc)}\\\\?"`),
];

const excerptAt = (text: string, index: number, length: number) =>
  text.slice(Math.max(0, index - 60), index + length + 60).replace(/\s+/g, ' ');

/** Every occurrence of a secret in `text`. */
export function scanText(where: string, text: string, secrets: CardSecrets): Finding[] {
  const findings: Finding[] = [];
  for (const number of secrets.numbers) {
    for (const form of numberForms(number)) {
      let at = text.indexOf(form);
      while (at !== -1) {
        findings.push({ where, what: `card number ${form}`, excerpt: excerptAt(text, at, form.length) });
        at = text.indexOf(form, at + 1);
      }
    }
  }
  for (const cvc of secrets.cvcs) {
    for (const pattern of cvcPatterns(cvc)) {
      const match = pattern.exec(text);
      if (match) findings.push({ where, what: `CVC ${cvc} (${pattern.source})`, excerpt: excerptAt(text, match.index, match[0].length) });
    }
  }
  return findings;
}

/** One entry per Redis key: its name, its type, and every value it holds, as text. */
export interface RedisEntry {
  key: string;
  type: string;
  text: string;
}

/** Every key of every type in Redis, with everything it holds (SCAN, TYPE, then the type's read command). */
export async function dumpRedis(redis: IORedis): Promise<RedisEntry[]> {
  const entries: RedisEntry[] = [];
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'COUNT', 1000);
    cursor = next;
    for (const key of keys) {
      const type = await redis.type(key);
      let values: unknown;
      switch (type) {
        case 'string':
          values = await redis.get(key);
          break;
        case 'hash':
          values = await redis.hgetall(key);
          break;
        case 'list':
          values = await redis.lrange(key, 0, -1);
          break;
        case 'set':
          values = await redis.smembers(key);
          break;
        case 'zset':
          values = await redis.zrange(key, 0, -1, 'WITHSCORES');
          break;
        case 'stream':
          values = await redis.xrange(key, '-', '+');
          break;
        case 'none':
          continue; // expired between SCAN and TYPE
        default:
          throw new Error(`Redis key ${key} has type ${type}, which the dump cannot read: extend dumpRedis`);
      }
      entries.push({ key, type, text: `${key}\n${JSON.stringify(values)}` });
    }
  } while (cursor !== '0');
  return entries;
}

/** Every span Jaeger holds for `service` within the last two hours, as Jaeger's API answers (raw JSON). */
export async function jaegerTracesOf(queryUrl: string, service: string): Promise<{ text: string; traces: number }> {
  const url = `${queryUrl}/api/traces?${new URLSearchParams({ service, lookback: '2h', limit: '100000' })}`;
  const response = await fetch(url, { signal: AbortSignal.timeout(30_000) });
  const text = await response.text();
  if (!response.ok) throw new Error(`Jaeger GET ${url}: HTTP ${response.status}: ${text.slice(0, 300)}`);
  const traces = ((JSON.parse(text) as { data: unknown[] | null }).data ?? []).length;
  return { text, traces };
}

/** Every `*.log` file in `dir` (the services' logs, as the harness writes them), by name. */
export function logFiles(dir: string): { name: string; text: string }[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.log'))
    .map((name) => ({ name, text: readFileSync(join(dir, name), 'utf8') }));
}
