/**
 * Faults a running system can be switched into, for every replica at once, to reproduce the ways a
 * payment flow breaks. Each has one exact meaning, and "off" is its zero value.
 */
export interface Faults {
  /** Milliseconds the payment processor waits before it answers an authorization. */
  processor_latency_ms: number;
  /** Share (0 to 1) of authorizations the processor fails with its own error: a 502, never a 402. */
  processor_failure_rate: number;
  /** No processor worker takes authorizations: its queue is paused, for every replica. */
  processor_unavailable: boolean;
  /** Billing's unpaid-invoice rule runs with a broken configuration that flags invoices not yet due. */
  billing_misconfigured: boolean;
  /** The status the demo merchant's webhook receiver answers instead of 2xx; 0 when it works. */
  webhook_receiver_status: number;
  /** The x402 facilitator answers every verification and settlement with 503, in every replica. */
  facilitator_unavailable: boolean;
}

export type FaultName = keyof Faults;

export const NO_FAULTS: Readonly<Faults> = Object.freeze({
  processor_latency_ms: 0,
  processor_failure_rate: 0,
  processor_unavailable: false,
  billing_misconfigured: false,
  webhook_receiver_status: 0,
  facilitator_unavailable: false,
});

export const FAULT_NAMES = Object.keys(NO_FAULTS) as FaultName[];

/** What each fault accepts, for error messages and `scenarios faults --help`. */
export const FAULT_VALUES: Readonly<Record<FaultName, string>> = {
  processor_latency_ms: 'an integer from 0 to 600000',
  processor_failure_rate: 'a number from 0 to 1',
  processor_unavailable: 'true or false',
  billing_misconfigured: 'true or false',
  webhook_receiver_status: '0, or an HTTP status from 400 to 599',
  facilitator_unavailable: 'true or false',
};

export class InvalidFaultError extends Error {
  override readonly name = 'InvalidFaultError';
}

export const isFaultName = (name: string): name is FaultName => Object.hasOwn(NO_FAULTS, name);

/**
 * Reads one fault's value from its text form (a Redis hash field, a CLI argument). Throws
 * InvalidFaultError for an unknown name or a value outside the fault's range: a fault that means
 * something other than what was asked for is worse than none.
 */
export function parseFault(name: string, raw: string): Faults[FaultName] {
  if (!isFaultName(name)) throw new InvalidFaultError(`unknown fault "${name}"; known: ${FAULT_NAMES.join(', ')}`);
  const text = raw.trim().toLowerCase();
  const wrong = () => new InvalidFaultError(`${name} must be ${FAULT_VALUES[name]}, got "${raw}"`);
  switch (name) {
    case 'processor_unavailable':
    case 'billing_misconfigured':
    case 'facilitator_unavailable':
      if (text === 'true' || text === '1') return true;
      if (text === 'false' || text === '0') return false;
      throw wrong();
    case 'processor_latency_ms': {
      const value = Number(text);
      if (text === '' || !Number.isInteger(value) || value < 0 || value > 600_000) throw wrong();
      return value;
    }
    case 'processor_failure_rate': {
      const value = Number(text);
      if (text === '' || !Number.isFinite(value) || value < 0 || value > 1) throw wrong();
      return value;
    }
    case 'webhook_receiver_status': {
      const value = Number(text);
      if (text === '' || !Number.isInteger(value) || (value !== 0 && (value < 400 || value > 599))) throw wrong();
      return value;
    }
  }
}

/**
 * The faults in force, from their stored text form. A field that does not parse (written by hand,
 * or by a newer version) is left off rather than guessed at, and reported to `onInvalid`.
 */
export function faultsFrom(stored: Record<string, string>, onInvalid?: (error: InvalidFaultError) => void): Faults {
  const faults: Faults = { ...NO_FAULTS };
  for (const [name, raw] of Object.entries(stored)) {
    try {
      (faults as unknown as Record<string, unknown>)[name] = parseFault(name, raw);
    } catch (error) {
      if (error instanceof InvalidFaultError) onInvalid?.(error);
      else throw error;
    }
  }
  return faults;
}

/** The faults that are on, in catalogue order. */
export const activeFaults = (faults: Faults): FaultName[] => FAULT_NAMES.filter((name) => faults[name] !== NO_FAULTS[name]);

/** Span attribute listing the faults that touched the span; `fault.<name>` holds each one's value. */
export const ATTR_FAULT_ACTIVE = 'fault.active';

/**
 * The attributes that show, on a span a fault touched, which faults were on and how: an honest trace
 * never lets an injected failure pass for a real one. Empty when none of `relevant` is on.
 */
export function faultAttributes(faults: Faults, relevant: readonly FaultName[]): Record<string, string | number | boolean | string[]> {
  const on = relevant.filter((name) => faults[name] !== NO_FAULTS[name]);
  if (on.length === 0) return {};
  return { [ATTR_FAULT_ACTIVE]: on, ...Object.fromEntries(on.map((name) => [`fault.${name}`, faults[name]])) };
}
