import { holdFor } from './hold';

describe('holdFor', () => {
  it('waits again when a timer ends before the clock has reached the hold', async () => {
    let clock = 0;
    const waits: number[] = [];
    // The first timer ends 0.06 ms short of its 3000 ms, as Node's can.
    const advances = [2999.94, 1];
    await holdFor(3000, () => clock, async (ms) => {
      waits.push(ms);
      clock += advances.shift() ?? ms;
    });
    expect(waits).toEqual([3000, 1]);
    expect(clock).toBeGreaterThanOrEqual(3000);
  });

  it('does not wait for a hold of zero', async () => {
    const wait = jest.fn(async () => undefined);
    await holdFor(0, () => 0, wait);
    expect(wait).not.toHaveBeenCalled();
  });

  it('holds for at least the time asked by performance.now', async () => {
    const start = performance.now();
    await holdFor(25);
    expect(performance.now() - start).toBeGreaterThanOrEqual(25);
  });
});
