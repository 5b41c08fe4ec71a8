import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/** Where every run appends its figures, one JSON line per test file, for docs/reliability.md. */
export const FIGURES_FILE = resolve(process.env.RELIABILITY_FIGURES_FILE ?? 'tmp/reliability-figures.jsonl');

/** Prints a test's figures as one JSON line and keeps them in FIGURES_FILE. */
export function reportFigures(test: string, figures: Record<string, unknown>): void {
  const line = JSON.stringify({ reliability: test, at: new Date().toISOString(), ...figures });
  process.stdout.write(`${line}\n`);
  mkdirSync(dirname(FIGURES_FILE), { recursive: true });
  appendFileSync(FIGURES_FILE, `${line}\n`);
}
