import { activeFaults, faultAttributes, faultsFrom, InvalidFaultError, NO_FAULTS, parseFault } from './faults';
import { authorizationFault, failureRoll } from './processor-fault';

describe('parseFault', () => {
  it.each([
    ['processor_latency_ms', '7000', 7000],
    ['processor_latency_ms', '0', 0],
    ['processor_failure_rate', '0.25', 0.25],
    ['processor_failure_rate', '1', 1],
    ['processor_unavailable', 'true', true],
    ['processor_unavailable', '0', false],
    ['billing_misconfigured', 'TRUE', true],
    ['webhook_receiver_status', '500', 500],
    ['webhook_receiver_status', '0', 0],
  ])('reads %s=%s as %p', (name, raw, value) => {
    expect(parseFault(name, raw)).toBe(value);
  });

  it.each([
    ['processor_latency_ms', '-1'],
    ['processor_latency_ms', '1.5'],
    ['processor_latency_ms', '600001'],
    ['processor_latency_ms', ''],
    ['processor_failure_rate', '1.01'],
    ['processor_failure_rate', 'NaN'],
    ['processor_unavailable', 'yes'],
    ['webhook_receiver_status', '200'],
    ['webhook_receiver_status', '302'],
    ['webhook_receiver_status', '600'],
  ])('refuses %s=%s', (name, raw) => {
    expect(() => parseFault(name, raw)).toThrow(InvalidFaultError);
  });

  it('refuses unknown faults, inherited names included', () => {
    expect(() => parseFault('processor_on_fire', 'true')).toThrow(/unknown fault "processor_on_fire"/);
    expect(() => parseFault('constructor', 'true')).toThrow(InvalidFaultError);
  });
});

describe('faultsFrom', () => {
  it('is no fault at all when nothing is stored', () => {
    expect(faultsFrom({})).toEqual(NO_FAULTS);
    expect(activeFaults(faultsFrom({}))).toEqual([]);
  });

  it('reads what is stored and leaves off, and reports, what does not parse', () => {
    const invalid: string[] = [];
    const faults = faultsFrom(
      { processor_latency_ms: '7000', billing_misconfigured: 'true', processor_failure_rate: 'lots', __proto__: 'x' },
      (error) => invalid.push(error.message),
    );
    expect(faults).toEqual({ ...NO_FAULTS, processor_latency_ms: 7000, billing_misconfigured: true });
    expect(activeFaults(faults)).toEqual(['processor_latency_ms', 'billing_misconfigured']);
    expect(invalid).toEqual([expect.stringContaining('processor_failure_rate must be a number from 0 to 1')]);
  });
});

describe('authorizationFault', () => {
  const ids = Array.from({ length: 2000 }, (_, index) => `ch_test_${index}`);

  it('does nothing when the processor has no fault', () => {
    for (const id of ids.slice(0, 50)) expect(authorizationFault(NO_FAULTS, id)).toEqual({ delayMs: 0, fails: false });
  });

  it('delays every authorization by the latency', () => {
    expect(authorizationFault({ ...NO_FAULTS, processor_latency_ms: 7000 }, 'ch_1')).toEqual({ delayMs: 7000, fails: false });
  });

  it('fails every authorization at rate 1 and none at rate 0', () => {
    expect(ids.every((id) => authorizationFault({ ...NO_FAULTS, processor_failure_rate: 1 }, id).fails)).toBe(true);
    expect(ids.some((id) => authorizationFault({ ...NO_FAULTS, processor_failure_rate: 0 }, id).fails)).toBe(false);
  });

  it('fails about the given share of charges, always the same ones', () => {
    const failing = ids.filter((id) => authorizationFault({ ...NO_FAULTS, processor_failure_rate: 0.3 }, id).fails);
    expect(failing.length / ids.length).toBeGreaterThan(0.25);
    expect(failing.length / ids.length).toBeLessThan(0.35);
    expect(ids.filter((id) => authorizationFault({ ...NO_FAULTS, processor_failure_rate: 0.3 }, id).fails)).toEqual(failing);
    // A higher rate fails a superset: raising it never rescues a charge that failed before.
    const more = new Set(ids.filter((id) => authorizationFault({ ...NO_FAULTS, processor_failure_rate: 0.6 }, id).fails));
    expect(failing.every((id) => more.has(id))).toBe(true);
  });

  it('rolls into [0, 1)', () => {
    for (const id of ids) {
      const roll = failureRoll(id);
      expect(roll).toBeGreaterThanOrEqual(0);
      expect(roll).toBeLessThan(1);
    }
  });
});

describe('faultAttributes', () => {
  it('names the relevant faults that are on, with their values', () => {
    const faults = { ...NO_FAULTS, processor_latency_ms: 7000, billing_misconfigured: true };
    expect(faultAttributes(faults, ['processor_latency_ms', 'processor_failure_rate'])).toEqual({
      'fault.active': ['processor_latency_ms'],
      'fault.processor_latency_ms': 7000,
    });
  });

  it('adds nothing to a span no fault touched', () => {
    expect(faultAttributes({ ...NO_FAULTS, billing_misconfigured: true }, ['processor_latency_ms'])).toEqual({});
  });
});
