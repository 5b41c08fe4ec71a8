// Jest's globalSetup and globalTeardown for this suite (plain JavaScript: ts-jest does not
// transform them). Setup marks where this run's figures begin; teardown adds them up in one line.
const { appendFileSync, existsSync, mkdirSync, readFileSync } = require('node:fs');
const { dirname, resolve } = require('node:path');

/** Where the tests append their figures (src/support/figures.ts reads the same variable). */
const figuresFile = () => resolve(process.env.RELIABILITY_FIGURES_FILE || 'tmp/reliability-figures.jsonl');
const num = (value) => (typeof value === 'number' ? value : 0);

function markStart() {
  process.env.RELIABILITY_FIGURES_FILE = figuresFile();
  process.env.HOPTRACE_RELIABILITY_STARTED = new Date().toISOString();
}

function summarize() {
  const file = figuresFile();
  const started = process.env.HOPTRACE_RELIABILITY_STARTED || '';
  if (!existsSync(file)) return;
  const lines = readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line))
    .filter((line) => String(line.at) >= started && line.reliability !== 'summary');
  const sum = (field) => lines.reduce((total, line) => total + num(line[field]), 0);
  const fuzz = lines.find((line) => line.reliability === 'fuzz');
  const summary = {
    reliability: 'summary',
    at: new Date().toISOString(),
    test_files: lines.map((line) => line.reliability),
    requests_sent:
      sum('requests_sent') + sum('fuzz_cases') + sum('raw_requests') + sum('normal_charges_during') + sum('normal_charges_after'),
    crashes_injected: sum('crashes_injected'),
    redis_restarts: Math.max(0, ...lines.map((line) => num(line.redis_restarts))),
    primary_failovers: sum('primary_failovers'),
    jaeger_outages: lines.some((line) => line.reliability === 'jaeger-outage') ? 2 : 0,
    charges_lost: sum('charges_lost'),
    charges_doubled: sum('charges_doubled'),
    charged_but_told_failed: sum('charged_but_told_failed'),
    fuzz_cases: sum('fuzz_cases') + sum('raw_requests'),
    fuzz_seed: fuzz ? fuzz.seed : undefined,
    status_5xx_seen_by_fuzz: sum('status_5xx_seen'),
    malformed_jobs_rejected_once: sum('rejected_once'),
  };
  const line = JSON.stringify(summary);
  process.stdout.write(`${line}\n`);
  mkdirSync(dirname(file), { recursive: true });
  appendFileSync(file, `${line}\n`);
}

module.exports = { markStart, summarize };
