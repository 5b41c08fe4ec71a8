import { FAULT_NAMES, FAULT_VALUES, NO_FAULTS, type FaultName, type Faults } from '@hoptrace/faults';
import type { FaultsView } from './wire';

/** What switching a fault on sets when no value is given: the value its scenario uses. */
export const onValuesFor = (processorLatencyMs: number): Record<FaultName, number | boolean> => ({
  processor_latency_ms: processorLatencyMs,
  processor_failure_rate: 1,
  processor_unavailable: true,
  billing_misconfigured: true,
  webhook_receiver_status: 500,
  facilitator_unavailable: true,
});

export function faultsViewOf(faults: Faults, onValues: Record<FaultName, number | boolean>): FaultsView {
  return {
    faults: FAULT_NAMES.map((name) => ({
      name,
      value: faults[name],
      on: faults[name] !== NO_FAULTS[name],
      onValue: onValues[name],
      accepts: FAULT_VALUES[name],
    })),
  };
}
