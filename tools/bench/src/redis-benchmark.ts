/** One row of `redis-benchmark --csv` (Redis 7): requests a second and latency percentiles in ms. */
export interface RedisBenchmarkRow {
  test: string;
  rps: number;
  p50: number;
  p99: number;
  max: number;
}

const unquote = (cell: string) => cell.trim().replace(/^"(.*)"$/, '$1');

/** Parses redis-benchmark's CSV output by its header, so a column added by a later Redis does no harm. */
export function parseRedisBenchmarkCsv(csv: string): RedisBenchmarkRow[] {
  const lines = csv.split('\n').map((line) => line.trim()).filter((line) => line.startsWith('"'));
  const header = lines.shift()?.split(',').map(unquote);
  if (!header) throw new Error('redis-benchmark printed no CSV header');
  const column = (name: string) => {
    const index = header.indexOf(name);
    if (index === -1) throw new Error(`redis-benchmark CSV has no "${name}" column: ${header.join(',')}`);
    return index;
  };
  const [test, rps, p50, p99, max] = ['test', 'rps', 'p50_latency_ms', 'p99_latency_ms', 'max_latency_ms'].map(column);
  return lines.map((line) => {
    const cells = line.split(',').map(unquote);
    return { test: cells[test], rps: Number(cells[rps]), p50: Number(cells[p50]), p99: Number(cells[p99]), max: Number(cells[max]) };
  });
}
