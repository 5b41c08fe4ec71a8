import { attemptJobId, deliveryJobProblem, firstDeliveryJobId, startsOwnTrace, type DeliveryJob } from './delivery-job';
import { followUp, webhookEventKey } from './follow-up';

const JOB: DeliveryJob = {
  delivery_id: 'whdl_1',
  event_id: 'evt_1',
  event_type: 'charge.succeeded',
  endpoint_id: 'we_1',
  attempt: 2,
  replay: 0,
  created: 1_700_000_000,
};
const NOW = 1_700_000_100;

describe('followUp', () => {
  it('does nothing more after a delivery, and settles a replay', () => {
    expect(followUp(JOB, { action: 'delivered' }, { status: 200 }, 2, NOW)).toEqual({ outcome: 'delivered', lastError: 'http_200', disableEndpoint: false });
    expect(followUp({ ...JOB, replay: 1 }, { action: 'delivered' }, { status: 204 }, 2, NOW).settleReplay).toEqual({
      status: 'delivered',
      attempts: 2,
      lastStatus: 204,
      lastError: null,
    });
  });

  it('schedules the next attempt of a retry, after the wait decided', () => {
    const plan = followUp(JOB, { action: 'retry', delayMs: 30_000 }, { error: 'ECONNREFUSED' }, 2, NOW);
    expect(plan).toMatchObject({ outcome: 'retry', lastError: 'ECONNREFUSED', retry: { job: { ...JOB, attempt: 3 }, delayMs: 30_000 } });
    expect(plan.log).toEqual({ level: 'log', msg: 'webhook attempt failed: retrying' });
  });

  it('links the next attempt to the charge\'s trace and to this attempt', () => {
    const charge = '00-' + 'a'.repeat(32) + '-' + 'b'.repeat(16) + '-01';
    const current = '00-' + 'c'.repeat(32) + '-' + 'd'.repeat(16) + '-01';
    const plan = followUp({ ...JOB, links: { charge } }, { action: 'retry', delayMs: 5_000 }, { status: 500 }, 2, NOW, current);
    expect(plan.retry?.job.links).toEqual({ charge, previous: current });
  });

  it('disables the endpoint that answered 410, and says so on a replay', () => {
    const plan = followUp({ ...JOB, replay: 2 }, { action: 'disable' }, { status: 410 }, 1, NOW);
    expect(plan).toMatchObject({ disableEndpoint: true, settleReplay: { status: 'endpoint_disabled', lastStatus: 410, lastError: 'http_410' } });
    expect(plan.log?.level).toBe('warn');
  });

  it('writes the dead letter of a delivery that ran out of attempts, pointing at its payload', () => {
    expect(followUp({ ...JOB, replay: 1 }, { action: 'dead_letter' }, { status: 500 }, 6, NOW).deadLetter).toEqual({
      id: 'whdl_1',
      object: 'webhook_delivery',
      status: 'dead',
      event: 'evt_1',
      event_type: 'charge.succeeded',
      endpoint: 'we_1',
      attempts: 6,
      last_status: 500,
      last_error: 'http_500',
      payload_ref: webhookEventKey('evt_1'),
      created: JOB.created,
      dead_at: NOW,
      replays: 1,
    });
  });

  it('names the reason of an attempt that sent nothing', () => {
    expect(followUp(JOB, { action: 'dead_letter' }, { error: 'endpoint_disabled' }, 1, NOW).deadLetter).toMatchObject({
      last_status: null,
      last_error: 'endpoint_disabled',
    });
  });
});

describe('delivery jobs', () => {
  it('accepts a well-formed attempt and names what is wrong with another', () => {
    expect(deliveryJobProblem('deliver', JOB)).toBeUndefined();
    expect(deliveryJobProblem('charge.succeeded', JOB)).toBe('no contract for pattern "charge.succeeded"');
    expect(deliveryJobProblem('deliver', null)).toBe('the payload is not an object');
    expect(deliveryJobProblem('deliver', { ...JOB, endpoint_id: '' })).toBe('endpoint_id must be a non-empty string');
    expect(deliveryJobProblem('deliver', { ...JOB, attempt: 1.5 })).toBe('attempt must be a non-negative integer');
  });

  it('gives each attempt its own job id, and a first delivery one per event and endpoint', () => {
    expect(attemptJobId({ ...JOB, replay: 1, attempt: 3 })).toBe('whdl_1-r1-a3');
    expect(firstDeliveryJobId('evt_1', 'we_1')).toBe('evt_1-we_1');
  });
});

describe('which attempts start a trace of their own', () => {
  it('is every attempt but the first delivery\'s, which stays in the charge\'s trace', () => {
    expect(startsOwnTrace({ attempt: 1, replay: 0 })).toBe(false);
    expect(startsOwnTrace({ attempt: 2, replay: 0 })).toBe(true);
    expect(startsOwnTrace({ attempt: 1, replay: 1 })).toBe(true);
  });
});
