import type { ServiceName } from '@hoptrace/contracts';
import type { FaultStore, Faults } from '@hoptrace/faults';
import type { Party } from '@hoptrace/trace-verdict';
import type { GatewayClient, GatewayAnswer } from './gateway-client';
import type { WebhookReceiver } from './webhook-receiver';

/** What a scenario promises about its last answer and about the trace Jaeger holds for it. */
export interface Expectation {
  /** The HTTP status, as the client saw it and as the gateway's server span recorded it. */
  status: number;
  /** The hop whose span carries payment.required.origin; null when no hop may claim a 402. */
  decidedBy: ServiceName | null;
  /** Who `explain` must say has to act: what the trace's evidence shows, not what the status suggests. */
  party: Party;
  /** The problem's `code`, for an error. */
  code?: string;
  declineCode?: string;
  /** Hops the trace must reach. */
  reaches?: ServiceName[];
  /** Hops the trace must not reach: those after the one that decided. */
  absent?: ServiceName[];
  /** A queue whose producer span has no consumer: the hop nobody took. */
  unansweredHop?: string;
  /** The service of the span with the most time of its own: where the time went. */
  slowestIn?: ServiceName;
  /** The answer came from the idempotency store: Idempotent-Replayed and a replay trace. */
  replayed?: boolean;
  /** Response headers that must be present (lowercase). */
  headers?: string[];
  /** Notifier CLIENT spans (webhook attempts) the trace must hold at least. */
  webhookAttempts?: number;
}

/** What a scenario's requests produced; the last answer is the one judged. */
export interface ScenarioOutcome {
  answer: GatewayAnswer;
  /** Checks the scenario made itself that failed (a webhook receiver that saw no retry, say). */
  differences?: string[];
  /** What a reader should know about the run: the deliveries a receiver saw, say. */
  notes?: string[];
}

export interface ScenarioOptions {
  /** The processor latency of processor-timeout: longer than billing's reply timeout. */
  processorLatencyMs: number;
  /** How long webhook-failing waits for the notifier to retry. */
  webhookRetryWaitMs: number;
  /**
   * Pay with raw test cards (number, expiry, this CVC) instead of `pm_` ids: the same outcomes, and
   * the card data that must never show up in a span, a log or Redis.
   */
  rawCardCvc?: string;
}

export const DEFAULT_SCENARIO_OPTIONS: ScenarioOptions = {
  processorLatencyMs: 7_000,
  webhookRetryWaitMs: 60_000,
};

export interface ScenarioContext {
  gateway: GatewayClient;
  faults: FaultStore;
  /** The demo merchant's webhook receiver; only webhook-failing needs it. */
  receiver?: WebhookReceiver;
  options: ScenarioOptions;
}

export interface Scenario {
  name: string;
  /** One line: what happens and why it matters. */
  summary: string;
  /** The faults switched on for the scenario's requests, and off after them. */
  fault?: (options: ScenarioOptions) => Partial<Faults>;
  expect: Expectation;
  run(context: ScenarioContext): Promise<ScenarioOutcome>;
}
