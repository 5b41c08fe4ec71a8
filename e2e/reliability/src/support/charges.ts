import { DEMO_API_KEYS } from '@hoptrace/access';
import { chargeIdFor } from '@hoptrace/idempotency';
import { sleep } from '@hoptrace/testing';
import type IORedis from 'ioredis';

const DEMO_KEY = DEMO_API_KEYS.find((key) => key.id === 'key_demo')!;
export const LEDGER_KEY = 'processor:ledger';
export const NOTIFICATIONS_KEY = 'notifier:notifications';
export const SUCCEEDING = 'pm_card_visa';
export const DECLINED = 'pm_card_visa_chargeDeclined';

/** One HTTP answer, or `hung` when none came within the client's patience. */
export interface Answer {
  status: number;
  contentType: string;
  retryAfter: string | null;
  body: Record<string, unknown> | undefined;
  hung?: boolean;
  /** The connection failed (the gateway was not listening, or closed it). */
  refused?: boolean;
  /** Why no answer came, as the HTTP client said it (with its cause's code), for a failure's message. */
  error?: string;
  /** How long the answer took, for the figures only: no test asserts on time. */
  ms: number;
}

/** A charge the tests can follow: its own Idempotency-Key and amount, so the ledger tells its fate. */
export interface TrackedCharge {
  key: string;
  amount: number;
  paymentMethod: string;
  chargeId: string;
  answers: Answer[];
}

/** A client's patience: far beyond the gateway's own 10 s reply timeout, so only a hang exceeds it. */
export const HANG_GUARD_MS = 30_000;

/** Every tracked charge of a test process gets an amount of its own. */
let amounts = 10_000;

export function trackedCharge(run: string, index: number, paymentMethod: string): TrackedCharge {
  const key = `${run}-${index}`;
  return { key, amount: amounts++, paymentMethod, chargeId: chargeIdFor(DEMO_KEY.id, key), answers: [] };
}

export async function request(url: string, init: RequestInit = {}): Promise<Answer> {
  const started = performance.now();
  const ms = () => Math.round(performance.now() - started);
  try {
    const response = await fetch(url, { ...init, signal: AbortSignal.timeout(HANG_GUARD_MS) });
    const text = await response.text();
    let body: Record<string, unknown> | undefined;
    try {
      body = JSON.parse(text) as Record<string, unknown>;
    } catch {
      body = undefined;
    }
    return {
      status: response.status,
      contentType: response.headers.get('content-type') ?? '',
      retryAfter: response.headers.get('retry-after'),
      body,
      ms: ms(),
    };
  } catch (error) {
    const { name, message, cause } = error as Error & { cause?: { code?: string; message?: string } };
    const reason = [`${name}: ${message}`, cause?.code ?? cause?.message].filter(Boolean).join(': ');
    if (name === 'TimeoutError' || name === 'AbortError') return { status: 0, contentType: '', retryAfter: null, body: undefined, hung: true, error: reason, ms: ms() };
    return { status: 0, contentType: '', retryAfter: null, body: undefined, refused: true, error: reason, ms: ms() };
  }
}

export async function sendCharge(gatewayUrl: string, charge: TrackedCharge): Promise<Answer> {
  const answer = await request(`${gatewayUrl}/v1/charges`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${DEMO_KEY.key}`, 'idempotency-key': charge.key },
    body: JSON.stringify({ amount: charge.amount, currency: 'usd', customer: 'cus_demo', payment_method: charge.paymentMethod }),
  });
  charge.answers.push(answer);
  return answer;
}

export const isProblem = (answer: Answer): boolean =>
  answer.contentType.startsWith('application/problem+json') && typeof answer.body?.code === 'string' && answer.body.status === answer.status;

/**
 * An answer that says "unknown or not done, retry": a clear 503 or 504 problem, or a 409 for a key
 * whose first request is still held in flight (a gateway that lost Redis mid-request cannot release
 * the key, which then expires by itself).
 */
export const isRetryable = (answer: Answer): boolean =>
  (answer.status === 503 || answer.status === 504 || (answer.status === 409 && answer.body?.code === 'idempotency_key_in_use')) &&
  isProblem(answer);

/** A definitive answer: the charge succeeded, or the card was declined. */
export const isFinal = (answer: Answer): boolean => answer.status === 201 || (answer.status === 402 && isProblem(answer));

export interface LoadOptions {
  gatewayUrl: string;
  run: string;
  concurrency: number;
  /** Never more requests than this, whatever happens. */
  maxRequests: number;
  /** Which payment method the i-th charge uses. */
  paymentMethodOf?: (index: number) => string;
}

/** A steady, bounded load of tracked charges, running until stop() or maxRequests. */
export class ChargeLoad {
  readonly charges: TrackedCharge[] = [];
  private stopped = false;
  private readonly done: Promise<void>;
  completed = 0;

  constructor(private readonly options: LoadOptions) {
    const paymentMethodOf = options.paymentMethodOf ?? ((index: number) => (index % 5 === 4 ? DECLINED : SUCCEEDING));
    const worker = async () => {
      while (!this.stopped && this.charges.length < options.maxRequests) {
        const charge = trackedCharge(options.run, this.charges.length, paymentMethodOf(this.charges.length));
        this.charges.push(charge);
        await sendCharge(options.gatewayUrl, charge);
        this.completed++;
      }
    };
    this.done = Promise.all(Array.from({ length: options.concurrency }, worker)).then(() => undefined);
  }

  /** Resolves once `count` more requests have been answered (or the load has ended). */
  async waitForMore(count: number, timeoutMs = 120_000): Promise<void> {
    const target = this.completed + count;
    const deadline = Date.now() + timeoutMs;
    while (this.completed < target && !this.stopped && this.charges.length < this.options.maxRequests) {
      if (Date.now() > deadline) throw new Error(`load made no progress: ${this.completed} of ${target} answered`);
      await sleep(50);
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.done;
  }
}

/** The processor's ledger: authorizations by idempotency key (which billing sets to the charge id). */
export async function readLedger(redis: IORedis): Promise<Array<{ charge_id: string; amount: number; idempotency_key: string }>> {
  const raw = await redis.hgetall(LEDGER_KEY);
  return Object.values(raw).map((value) => JSON.parse(value));
}

/**
 * Asks again, under the same Idempotency-Key, for every charge whose last answer was a 503 or 504,
 * as a client should, until each has a definitive answer. A retry is never a new charge.
 */
export async function settle(gatewayUrl: string, charges: TrackedCharge[], timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const open = charges.filter((charge) => !isFinal(charge.answers[charge.answers.length - 1]));
    if (open.length === 0) return;
    await Promise.all(open.map((charge) => sendCharge(gatewayUrl, charge)));
    await sleep(1000);
  }
}

export interface Reconciliation {
  requests_sent: number;
  answered_201: number;
  answered_402: number;
  answered_503: number;
  answered_504: number;
  /** idempotency_key_in_use: the key is held by a request the gateway could not finish. */
  answered_409: number;
  /** Anything else: a 5xx other than 503/504, a 4xx other than the decline, an answer that is not problem+json. */
  unclear_answers: number;
  hung: number;
  /** Answered 201 (first or on a retry) but absent from the ledger. */
  charges_lost: number;
  /** More than one ledger entry for one tracked charge (by its unique amount). */
  charges_doubled: number;
  /** In the ledger though the caller was told it failed (402). */
  charged_but_told_failed: number;
  /** Still no definitive answer after settling. */
  unsettled: number;
  /** A few of the unclear answers and doubled charges, to tell what went wrong when a test fails. */
  examples: string[];
}

/** Compares every answer with the ledger. */
export async function reconcile(redis: IORedis, charges: TrackedCharge[]): Promise<Reconciliation> {
  const ledger = await readLedger(redis);
  const byChargeId = new Map<string, number>();
  const byAmount = new Map<number, number>();
  for (const entry of ledger) {
    byChargeId.set(entry.charge_id, (byChargeId.get(entry.charge_id) ?? 0) + 1);
    byAmount.set(entry.amount, (byAmount.get(entry.amount) ?? 0) + 1);
  }
  const all = charges.flatMap((charge) => charge.answers);
  const figures: Reconciliation = {
    requests_sent: all.length,
    answered_201: all.filter((a) => a.status === 201).length,
    answered_402: all.filter((a) => a.status === 402).length,
    answered_503: all.filter((a) => a.status === 503).length,
    answered_504: all.filter((a) => a.status === 504).length,
    answered_409: all.filter((a) => a.status === 409).length,
    unclear_answers: all.filter((a) => !a.hung && !(isFinal(a) || isRetryable(a))).length,
    hung: all.filter((a) => a.hung).length,
    charges_lost: 0,
    charges_doubled: 0,
    charged_but_told_failed: 0,
    unsettled: 0,
    examples: [],
  };
  const example = (text: string) => figures.examples.length < 8 && figures.examples.push(text);
  for (const charge of charges) {
    for (const a of charge.answers) {
      if (!a.hung && !(isFinal(a) || isRetryable(a))) example(`${charge.key}: ${a.status} ${a.contentType} ${String(a.body?.code)}`);
    }
  }
  for (const charge of charges) {
    const inLedger = byChargeId.get(charge.chargeId) ?? 0;
    const last = charge.answers[charge.answers.length - 1];
    if ((byAmount.get(charge.amount) ?? 0) > 1) {
      figures.charges_doubled++;
      example(`${charge.key} doubled: ${ledger.filter((e) => e.amount === charge.amount).map((e) => e.charge_id).join(' ')}`);
    }
    if (charge.answers.some((a) => a.status === 201) && inLedger === 0) figures.charges_lost++;
    if (charge.answers.some((a) => a.status === 402) && inLedger > 0) figures.charged_but_told_failed++;
    if (!isFinal(last)) {
      figures.unsettled++;
      example(`${charge.key} unsettled: ${charge.answers.map((a) => `${a.status} ${String(a.body?.code)}`).join(', ')}`);
    }
  }
  return figures;
}

/** Latency percentiles of first answers, in ms, for the figures. */
export function latency(charges: TrackedCharge[]): { p50: number; p99: number; max: number } {
  const sorted = charges.map((charge) => charge.answers[0].ms).sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  return { p50: at(0.5), p99: at(0.99), max: sorted[sorted.length - 1] ?? 0 };
}
