import { cpuPercent, cpuTicksOf, memoryMiBOf, percentile, summarize } from './stats';

describe('percentile (nearest rank)', () => {
  const hundred = Array.from({ length: 100 }, (_, i) => i + 1);

  it('reports a real sample, never an interpolated one', () => {
    expect(percentile(hundred, 50)).toBe(50);
    expect(percentile(hundred, 90)).toBe(90);
    expect(percentile(hundred, 99)).toBe(99);
    expect(percentile(hundred, 100)).toBe(100);
    expect(percentile([1, 2, 3], 50)).toBe(2);
    expect(percentile([1, 2, 3, 4], 50)).toBe(2);
  });

  it('takes the smallest sample for p0 and NaN for no samples', () => {
    expect(percentile([3, 7], 0)).toBe(3);
    expect(percentile([], 50)).toBeNaN();
  });

  it('lets one slow request of a hundred set p99 only from the next rank on', () => {
    const samples = [...Array(99).fill(2), 500];
    expect(summarize(samples)).toMatchObject({ p99: 2, max: 500 });
    expect(summarize([...samples, 500]).p99).toBe(500);
  });
});

describe('summarize', () => {
  it('sorts unsorted samples and gives count, mean and max', () => {
    expect(summarize([5, 1, 3])).toEqual({ count: 3, p50: 3, p90: 5, p99: 5, max: 5, mean: 3 });
  });
});

describe('/proc readers', () => {
  it('adds utime and stime, whatever the command name holds', () => {
    const stat = '4242 (node main.js) S 1 4242 4242 0 -1 4194304 1000 0 0 0 731 69 0 0 20 0 11 0 12345 1000000 20000';
    expect(cpuTicksOf(stat)).toBe(800);
    expect(() => cpuTicksOf('')).toThrow(/unreadable/);
  });

  it('reads VmRSS and VmHWM in MiB', () => {
    const status = 'Name:\tnode\nVmHWM:\t  204800 kB\nVmRSS:\t  102400 kB\n';
    expect(memoryMiBOf(status, 'VmRSS')).toBe(100);
    expect(memoryMiBOf(status, 'VmHWM')).toBe(200);
    expect(memoryMiBOf('Name:\tnode\n', 'VmRSS')).toBeUndefined();
  });

  it('turns ticks into a share of one core', () => {
    expect(cpuPercent(150, 100, 10)).toBe(15);
    expect(cpuPercent(2000, 100, 10)).toBe(200);
    expect(cpuPercent(1, 100, 0)).toBeNaN();
  });
});

describe('open-loop schedule', () => {
  it('spaces requests evenly at the rate', () => {
    const { dueAt } = jest.requireActual('./open-loop') as typeof import('./open-loop');
    expect([0, 1, 2, 200].map((i) => dueAt(i, 200))).toEqual([0, 5, 10, 1000]);
    expect(dueAt(3, 400)).toBe(7.5);
  });
});
