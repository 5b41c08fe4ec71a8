import { FAULT_NAMES, FAULT_VALUES, NO_FAULTS, type Faults } from '@hoptrace/faults';
import { SCENARIOS, type ScenarioOptions } from '@hoptrace/scenarios';
import type { FaultsView } from './wire';

/**
 * What switching a fault on sets when no value is given: the value of the scenario that switches it,
 * from the catalogue. A fault no scenario switches has no sensible default: that is a mistake here.
 */
export function onValuesFor(options: ScenarioOptions): Faults {
  const values: Partial<Faults> = Object.assign({}, ...SCENARIOS.map((scenario) => scenario.fault?.(options) ?? {}));
  const missing = FAULT_NAMES.filter((name) => values[name] === undefined);
  if (missing.length > 0) throw new Error(`no scenario switches ${missing.join(', ')} on: the console has no value to switch it on with`);
  return values as Faults;
}

export function faultsViewOf(faults: Faults, onValues: Faults): FaultsView {
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
