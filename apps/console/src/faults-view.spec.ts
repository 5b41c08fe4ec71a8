import { FAULT_NAMES, NO_FAULTS } from '@hoptrace/faults';
import { DEFAULT_SCENARIO_OPTIONS } from '@hoptrace/scenarios';
import { faultsViewOf, onValuesFor } from './faults-view';

describe('the faults panel', () => {
  it("switches each fault on with the value of the scenario that switches it", () => {
    expect(onValuesFor({ ...DEFAULT_SCENARIO_OPTIONS, processorLatencyMs: 4_500 })).toEqual({
      processor_latency_ms: 4_500,
      processor_failure_rate: 1,
      processor_unavailable: true,
      billing_misconfigured: true,
      webhook_receiver_status: 500,
      facilitator_unavailable: true,
    });
  });

  it('shows what is on, what it is switched on with and what it accepts', () => {
    const view = faultsViewOf({ ...NO_FAULTS, billing_misconfigured: true }, onValuesFor(DEFAULT_SCENARIO_OPTIONS));
    expect(view.faults.map(({ name }) => name)).toEqual(FAULT_NAMES);
    expect(view.faults.filter(({ on }) => on).map(({ name }) => name)).toEqual(['billing_misconfigured']);
    expect(view.faults.find(({ name }) => name === 'webhook_receiver_status')).toMatchObject({ value: 0, on: false, onValue: 500, accepts: '0, or an HTTP status from 400 to 599' });
  });
});
