/**
 * What the console's server answers its page: plain data, no imports, so that the page's bundle
 * holds nothing of the server's libraries (Redis, BullMQ, Node's own modules).
 */

export interface ScenarioCard {
  name: string;
  summary: string;
  expect: { status: number; decidedBy: string | null; party: string; code?: string; declineCode?: string };
  /** The faults the scenario switches on while it runs, and off after. */
  fault: Record<string, number | boolean> | null;
}

/** One bar of the waterfall: a span of the trace, placed in time relative to the trace's start. */
export interface WaterfallRow {
  spanId: string;
  parentSpanId?: string;
  service: string;
  operationName: string;
  depth: number;
  /** Milliseconds from the trace's first span. */
  startMs: number;
  durationMs: number;
  error: boolean;
  /** The span the run's focus is on (the deciding span, or where the request failed). */
  focus: boolean;
}

/** Why a span is the one to look at. */
export type FocusReason = 'decided_402' | 'failed_here' | 'gateway_answer';

export interface RunView {
  scenario: string;
  summary: string;
  expected: ScenarioCard['expect'];
  status: number;
  problem?: unknown;
  traceId: string;
  /** The verdict: the hop that decided the 402, or null when none did. */
  decidedBy: string | null;
  focus: { spanId: string; service: string; operationName: string; reason: FocusReason } | null;
  /** Opens Jaeger's UI at the trace, the focus span found (uiFind). */
  jaegerUrl: string;
  /** `explain`: who must act, and what to do. */
  explain?: { headline: string; party: string; who: string; summary: string; do: string[]; dont: string[]; retry: string; text: string };
  waterfall: WaterfallRow[];
  notes: string[];
  differences: string[];
  passed: boolean;
}

export interface MixView {
  seed: number;
  runs: RunView[];
}

export interface FaultSwitch {
  name: string;
  value: number | boolean;
  on: boolean;
  /** The value switching it on sets, unless one is given. */
  onValue: number | boolean;
  accepts: string;
}

export interface FaultsView {
  faults: FaultSwitch[];
}

export interface LiveSeries {
  /** The hop that decided, and the decline code when there is one: `billing`, `payment-processor/insufficient_funds`. */
  key: string;
  origin: string;
  declineCode: string;
  /** [unix seconds, 402s per second]. */
  points: [number, number][];
}

export interface LiveAlert {
  name: string;
  state: string;
  summary: string;
  activeAt?: string;
}

export interface LiveView {
  /** The PromQL the series come from. */
  query: string;
  from: number;
  to: number;
  series: LiveSeries[];
  alerts: LiveAlert[];
}

/** An error as the server answers it (RFC 9457 problem details). */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
}
