import { nextDelivery, retryAfterMs } from './next-delivery';

const SCHEDULE = [5_000, 30_000, 120_000, 600_000, 3_600_000];
const NOW = Date.parse('2026-11-25T08:00:00Z');

describe('nextDelivery', () => {
  it.each([200, 201, 202, 204, 299])('counts %i as delivered, whatever the attempt', (status) => {
    expect(nextDelivery(1, status, undefined, SCHEDULE, NOW)).toEqual({ action: 'delivered' });
    expect(nextDelivery(6, status, undefined, SCHEDULE, NOW)).toEqual({ action: 'delivered' });
  });

  it('disables the endpoint on 410 Gone, even on the first attempt and with retries left', () => {
    expect(nextDelivery(1, 410, undefined, SCHEDULE, NOW)).toEqual({ action: 'disable' });
    expect(nextDelivery(6, 410, '10', SCHEDULE, NOW)).toEqual({ action: 'disable' });
  });

  it('retries every other failure on the schedule: the n-th attempt waits schedule[n - 1]', () => {
    expect([1, 2, 3, 4, 5].map((attempt) => nextDelivery(attempt, 500, undefined, SCHEDULE, NOW))).toEqual(
      SCHEDULE.map((delayMs) => ({ action: 'retry', delayMs })),
    );
  });

  it.each([
    ['a 500', 500],
    ['a 404', 404],
    ['a 400', 400],
    ['a redirect', 301],
    ['a 1xx that never became a final answer', 199],
    ['no answer (refused, reset, timed out)', undefined],
  ])('retries %s', (_case, status) => {
    expect(nextDelivery(2, status, undefined, SCHEDULE, NOW)).toEqual({ action: 'retry', delayMs: 30_000 });
  });

  it('dead-letters after the last attempt: schedule.length + 1 attempts in all', () => {
    expect(nextDelivery(5, 500, undefined, SCHEDULE, NOW)).toEqual({ action: 'retry', delayMs: 3_600_000 });
    expect(nextDelivery(6, 500, undefined, SCHEDULE, NOW)).toEqual({ action: 'dead_letter' });
    expect(nextDelivery(6, undefined, undefined, SCHEDULE, NOW)).toEqual({ action: 'dead_letter' });
    expect(nextDelivery(9, 503, '1', SCHEDULE, NOW)).toEqual({ action: 'dead_letter' });
  });

  it('follows a short schedule such as the tests use', () => {
    const short = [200, 400, 800];
    expect([1, 2, 3, 4].map((attempt) => nextDelivery(attempt, 500, undefined, short, NOW))).toEqual([
      { action: 'retry', delayMs: 200 },
      { action: 'retry', delayMs: 400 },
      { action: 'retry', delayMs: 800 },
      { action: 'dead_letter' },
    ]);
  });

  it('dead-letters the first failure when the schedule has no retries', () => {
    expect(nextDelivery(1, 500, undefined, [], NOW)).toEqual({ action: 'dead_letter' });
  });

  describe('Retry-After on 429 and 503', () => {
    it.each([429, 503])('waits at least the seconds a %i asks for', (status) => {
      expect(nextDelivery(1, status, '20', SCHEDULE, NOW)).toEqual({ action: 'retry', delayMs: 20_000 });
    });

    it('never waits less than the schedule says', () => {
      expect(nextDelivery(2, 429, '1', SCHEDULE, NOW)).toEqual({ action: 'retry', delayMs: 30_000 });
      expect(nextDelivery(2, 503, '0', SCHEDULE, NOW)).toEqual({ action: 'retry', delayMs: 30_000 });
    });

    it('is capped at the longest wait of the schedule', () => {
      expect(nextDelivery(1, 503, '86400', SCHEDULE, NOW)).toEqual({ action: 'retry', delayMs: 3_600_000 });
      expect(nextDelivery(1, 429, '99999999999999', [200, 400, 800], NOW)).toEqual({ action: 'retry', delayMs: 800 });
    });

    it('reads an HTTP date, relative to now', () => {
      expect(nextDelivery(1, 503, 'Wed, 25 Nov 2026 08:02:00 GMT', SCHEDULE, NOW)).toEqual({ action: 'retry', delayMs: 120_000 });
      // A date already past asks for nothing more than the schedule.
      expect(nextDelivery(1, 503, 'Wed, 25 Nov 2026 07:00:00 GMT', SCHEDULE, NOW)).toEqual({ action: 'retry', delayMs: 5_000 });
    });

    it('is ignored on other statuses', () => {
      expect(nextDelivery(1, 500, '600', SCHEDULE, NOW)).toEqual({ action: 'retry', delayMs: 5_000 });
      expect(nextDelivery(1, 502, '600', SCHEDULE, NOW)).toEqual({ action: 'retry', delayMs: 5_000 });
    });

    it.each(['', 'soon', '-5', '1.5', '10 seconds'])('is ignored when unreadable (%p)', (header) => {
      expect(nextDelivery(1, 429, header, SCHEDULE, NOW)).toEqual({ action: 'retry', delayMs: 5_000 });
    });
  });

  it.each([0, -1, 1.5, Number.NaN])('refuses attempt %p: attempts count from 1', (attempt) => {
    expect(() => nextDelivery(attempt, 500, undefined, SCHEDULE, NOW)).toThrow(RangeError);
  });
});

describe('retryAfterMs', () => {
  it('reads delay-seconds and HTTP dates (IMF-fixdate, RFC 850, asctime)', () => {
    expect(retryAfterMs('120', NOW)).toBe(120_000);
    expect(retryAfterMs(' 3 ', NOW)).toBe(3_000);
    expect(retryAfterMs('Wed, 25 Nov 2026 08:00:30 GMT', NOW)).toBe(30_000);
    expect(retryAfterMs('Wednesday, 25-Nov-26 08:00:30 GMT', NOW)).toBe(30_000);
    expect(retryAfterMs('Wed Nov 25 08:00:30 2026', NOW)).toBe(30_000);
  });

  it('is undefined without a usable value', () => {
    expect(retryAfterMs(undefined, NOW)).toBeUndefined();
    expect(retryAfterMs('   ', NOW)).toBeUndefined();
    expect(retryAfterMs('not a date', NOW)).toBeUndefined();
  });
});
