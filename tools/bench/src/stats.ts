/** Latency percentiles of one load phase, in milliseconds. */
export interface LatencySummary {
  count: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  mean: number;
}

/**
 * The nearest-rank percentile (the smallest sample with at least p% of the samples at or below it),
 * of samples already sorted ascending. No interpolation: every figure reported is a real latency.
 */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  if (p <= 0) return sorted[0];
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, rank) - 1];
}

export function summarize(samples: readonly number[]): LatencySummary {
  const sorted = [...samples].sort((a, b) => a - b);
  const sum = sorted.reduce((total, value) => total + value, 0);
  return {
    count: sorted.length,
    p50: percentile(sorted, 50),
    p90: percentile(sorted, 90),
    p99: percentile(sorted, 99),
    max: sorted.length ? sorted[sorted.length - 1] : Number.NaN,
    mean: sorted.length ? sum / sorted.length : Number.NaN,
  };
}

/** CPU time (user + system) in clock ticks, from the text of /proc/<pid>/stat. */
export function cpuTicksOf(stat: string): number {
  // The command name (field 2) is in parentheses and may hold spaces: count fields after its ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).trim().split(/\s+/);
  // utime and stime are fields 14 and 15 of the whole line, 12 and 13 after the name and state.
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  if (!Number.isFinite(utime) || !Number.isFinite(stime)) throw new Error('unreadable /proc/<pid>/stat');
  return utime + stime;
}

/** A memory field of /proc/<pid>/status (VmRSS, VmHWM), in MiB; undefined when absent. */
export function memoryMiBOf(status: string, field: 'VmRSS' | 'VmHWM'): number | undefined {
  const match = new RegExp(`^${field}:\\s+(\\d+)\\s+kB`, 'm').exec(status);
  return match ? Number(match[1]) / 1024 : undefined;
}

/** Share of one core used over an interval: 100 is one core busy the whole time. */
export const cpuPercent = (ticks: number, ticksPerSecond: number, seconds: number): number =>
  seconds > 0 ? (100 * ticks) / ticksPerSecond / seconds : Number.NaN;
