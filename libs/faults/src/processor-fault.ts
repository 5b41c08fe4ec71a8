import { createHash } from 'node:crypto';
import type { Faults } from './faults';

/** What the processor's faults do to one authorization. */
export interface AuthorizationFault {
  /** Milliseconds to wait before answering; 0 for none. */
  delayMs: number;
  /** Whether this authorization fails with the processor's own error. */
  fails: boolean;
}

/**
 * Where a charge falls in [0, 1): a hash of its id, so that a failure rate picks the same charges
 * on every replica and on every retry of a charge, and a test can tell in advance which ones.
 */
export function failureRoll(chargeId: string): number {
  return createHash('sha256').update(chargeId).digest().readUInt32BE(0) / 2 ** 32;
}

export function authorizationFault(faults: Pick<Faults, 'processor_latency_ms' | 'processor_failure_rate'>, chargeId: string): AuthorizationFault {
  return {
    delayMs: faults.processor_latency_ms,
    fails: faults.processor_failure_rate > 0 && failureRoll(chargeId) < faults.processor_failure_rate,
  };
}
