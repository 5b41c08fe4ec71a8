import { parseRedisBenchmarkCsv } from './redis-benchmark';
import { judgeLadderTargets, judgeTargets, judgeTransportTargets, renderCommandMix, renderMarkdown, replaceResults, RESULTS_END, RESULTS_START, type PhaseResult } from './report';

const phase = (over: Partial<PhaseResult>): PhaseResult => ({
  scenario: 'bullmq-traced',
  connections: 32,
  durationS: 15,
  throughput: 200,
  latency: { count: 3000, p50: 5, p90: 8, p99: 12, max: 30, mean: 6 },
  errors: 0,
  non2xx: 0,
  redisCommandsPerRequest: 20,
  serviceCpuMsPerRequest: 2.5,
  cpuMsPerRequest: 3,
  processes: [{ name: 'gateway', cpuPercent: 40, peakRssMiB: 120 }],
  ...over,
});

const sat = (scenario: PhaseResult['scenario'], throughput: number, extra: Partial<PhaseResult> = {}) =>
  phase({ scenario, throughput, targetRate: undefined, ...extra });
const at200 = (scenario: PhaseResult['scenario'], p99: number, extra: Partial<PhaseResult> = {}) =>
  phase({ scenario, targetRate: 200, latency: { count: 3000, p50: 5, p90: 8, p99, max: 40, mean: 6 }, ...extra });

describe('judgeTransportTargets', () => {
  it('meets every target when the figures are within them', () => {
    const verdicts = judgeTransportTargets([
      at200('bullmq-traced', 12),
      sat('bullmq-traced', 950),
      at200('bullmq-untraced', 10.5),
      sat('bullmq-untraced', 1000),
      at200('redis-traced', 12),
      sat('redis-traced', 1300),
    ]);
    expect(verdicts.map((v) => v.met)).toEqual([true, true, true, true]);
    expect(verdicts[0].measured).toBe('950 req/s on vs 1000 req/s off: 5.0% less');
  });

  it('misses each target just past its bound', () => {
    const verdicts = judgeTransportTargets([
      at200('bullmq-traced', 25, { errors: 1 }),
      sat('bullmq-traced', 899),
      at200('bullmq-untraced', 22.9),
      sat('bullmq-untraced', 1000),
      at200('redis-traced', 24.9),
      sat('redis-traced', 1000),
    ]);
    expect(verdicts.map((v) => v.met)).toEqual([false, false, false, false]);
  });

  it('counts a fixed rate the system could not keep up with as missed', () => {
    const [, , , latency] = judgeTransportTargets([at200('bullmq-traced', 10, { throughput: 150 })]);
    expect(latency.met).toBe(false);
  });

  it('never calls a target met when its phases were not measured', () => {
    expect(judgeTargets([]).every((v) => !v.met && v.measured === 'not measured')).toBe(true);
  });
});

describe('judgeLadderTargets', () => {
  /** The five phases the ladder's targets read, with the traced system's figures given. */
  const run = (traced: { sat: number; cpu200: number; cpuSat: number; p99: number }, untraced = { sat: 1000, cpu200: 4, cpuSat: 2 }) => [
    at200('bullmq-bare', 20, { cpuMsPerRequest: 4 }),
    sat('bullmq-bare', 1000, { cpuMsPerRequest: 1.5 }),
    at200('bullmq-untraced', 20, { cpuMsPerRequest: untraced.cpu200 }),
    sat('bullmq-untraced', untraced.sat, { cpuMsPerRequest: untraced.cpuSat }),
    at200('bullmq-traced', traced.p99, { cpuMsPerRequest: traced.cpu200 }),
    sat('bullmq-traced', traced.sat, { cpuMsPerRequest: traced.cpuSat }),
  ];

  it('meets every target at its bound', () => {
    const verdicts = judgeLadderTargets(run({ sat: 700, cpu200: 4.4, cpuSat: 2.2, p99: 40 }, { sat: 700, cpu200: 4, cpuSat: 2 }));
    expect(verdicts.map((v) => [v.target, v.met])).toEqual([
      ["Full system, tracing on, reaches at least 0.7× bare BullMQ's saturation throughput", true],
      ["Full system, tracing on, costs at most 1.3× bare BullMQ's CPU per charge at 200 req/s", true],
      ["Full system, tracing on, costs at most 2× bare BullMQ's CPU per charge at saturation", true],
      ['Tracing costs at most 10% CPU per charge (200 req/s and saturation)', true],
      ["Full system, tracing on: p99 at 200 req/s within 2× bare BullMQ's", true],
    ]);
    expect(verdicts[0].measured).toBe('700 req/s vs 1000 req/s: 0.70×');
    expect(verdicts[1].measured).toBe('4.40 ms vs 4.00 ms: 1.10×');
    expect(verdicts[3].measured).toBe('200 req/s: 4.40 ms on vs 4.00 ms off (+10.0%); saturation: 2.20 ms vs 2.00 ms (+10.0%)');
    expect(verdicts[4].measured).toBe('40.0 ms vs 20.0 ms: 2.00×');
  });

  it('misses each target just past its bound', () => {
    const verdicts = judgeLadderTargets(run({ sat: 699, cpu200: 5.3, cpuSat: 3.01, p99: 40.1 }, { sat: 800, cpu200: 4.8, cpuSat: 2.2 }));
    expect(verdicts.map((v) => v.met)).toEqual([false, false, false, false, false]);
  });

  it('misses the tracing target when either load costs more than 10%', () => {
    const [, , , tracing] = judgeLadderTargets(run({ sat: 900, cpu200: 4.2, cpuSat: 2.3, p99: 20 }));
    expect(tracing.met).toBe(false);
    expect(tracing.measured).toContain('(+15.0%)');
  });

  it('never calls a target met when its phases were not measured', () => {
    expect(judgeLadderTargets([sat('bullmq-traced', 900)]).every((v) => !v.met && v.measured === 'not measured')).toBe(true);
  });

  it('is part of every run’s verdicts, after the transport’s', () => {
    const all = judgeTargets([]);
    expect(all.map((v) => v.target)).toEqual([...judgeTransportTargets([]), ...judgeLadderTargets([])].map((v) => v.target));
    expect(all).toHaveLength(9);
  });
});

describe('renderMarkdown', () => {
  it('writes one row per phase, the processes, the floor and the verdicts', () => {
    const phases = [at200('bullmq-traced', 12), sat('bullmq-traced', 950)];
    const markdown = renderMarkdown({
      startedAt: '2026-11-26T11:00:00Z',
      finishedAt: '2026-11-26T11:05:00Z',
      command: 'npm run bench',
      machine: { cpus: 2, cpuModel: 'Xeon', memoryGiB: 24, node: 'v24.0.0', os: 'Linux 6' },
      loadAverageAtStart: [1.5, 1, 0.5],
      loadAverageAtEnd: [2, 1, 0.5],
      phases,
      floor: { roundTrip: { p50: 0.031, p99: 0.079, perSecond: 30000 }, parallel: { connections: 32, perSecond: 120000 } },
      targets: judgeTargets(phases),
    });
    expect(markdown).toContain('| BullMQ, tracing on (default) | 200 req/s | 200 | 5.0 | 8.0 | 12.0 | 40.0 | 0 | 0 | 2.50 | 20.0 |');
    expect(markdown).toContain('| BullMQ, tracing on (default) | saturation (32 conns) | 950 |');
    expect(markdown).toContain('| BullMQ, tracing on (default) | 200 req/s | 40% / 120 |');
    expect(markdown).toContain('p50 0.031 ms');
    expect(markdown).toContain('| Tracing costs at most 10% throughput (saturation) | **no** | not measured |');
  });
});

describe('renderMarkdown with the ladder', () => {
  const report = (phases: PhaseResult[]) => ({
    startedAt: '2026-11-26T11:00:00Z',
    finishedAt: '2026-11-26T11:05:00Z',
    command: 'npm run bench',
    machine: { cpus: 2, cpuModel: 'Xeon', memoryGiB: 24, node: 'v24.0.0', os: 'Linux 6' },
    loadAverageAtStart: [1.5, 1, 0.5],
    loadAverageAtEnd: [2, 1, 0.5],
    phases,
    floor: { roundTrip: { p50: 0.031, p99: 0.079, perSecond: 30000 }, parallel: { connections: 32, perSecond: 120000 } },
    targets: judgeTargets(phases),
  });

  it('puts the ladder and its chart before the phases, and every verdict after them', () => {
    const phases = [at200('bullmq-bare', 20), sat('bullmq-bare', 1000), at200('bullmq-traced', 12), sat('bullmq-traced', 950)];
    const markdown = renderMarkdown(report(phases), { chart: 'docs/images/bench-ladder.svg' });
    const ladderAt = markdown.indexOf('| 2. bare BullMQ | 1000 (–, ×1.00) |');
    const chartAt = markdown.indexOf('](docs/images/bench-ladder.svg)');
    const phasesAt = markdown.indexOf('| system | load |');
    expect(ladderAt).toBeGreaterThan(0);
    expect(chartAt).toBeGreaterThan(ladderAt);
    expect(phasesAt).toBeGreaterThan(chartAt);
    expect(markdown).toContain("| Full system, tracing on, reaches at least 0.7× bare BullMQ's saturation throughput | yes | 950 req/s vs 1000 req/s: 0.95× |");
  });

  it('has no ladder, and no chart, when no rung was measured', () => {
    const markdown = renderMarkdown(report([sat('redis-traced', 700)]), { chart: 'ladder.svg' });
    expect(markdown).not.toContain('| rung |');
    expect(markdown).not.toContain('ladder.svg');
  });
});

describe('replaceResults', () => {
  it('replaces only what lies between the markers', () => {
    const doc = `# Benchmarks\nintro\n${RESULTS_START}\nold\n${RESULTS_END}\n## Span budget\n`;
    expect(replaceResults(doc, 'new\n')).toBe(`# Benchmarks\nintro\n${RESULTS_START}\nnew\n${RESULTS_END}\n## Span budget\n`);
  });

  it('appends the block when the markers are missing', () => {
    expect(replaceResults('# Benchmarks\n', 'table\n')).toBe(`# Benchmarks\n\n${RESULTS_START}\ntable\n${RESULTS_END}\n`);
  });
});

describe('parseRedisBenchmarkCsv', () => {
  it('reads rps and latencies by column name', () => {
    const csv = [
      '"test","rps","avg_latency_ms","min_latency_ms","p50_latency_ms","p95_latency_ms","p99_latency_ms","max_latency_ms"',
      '"PING_MBULK","31250.00","0.030","0.016","0.031","0.039","0.079","0.543"',
    ].join('\n');
    expect(parseRedisBenchmarkCsv(csv)).toEqual([{ test: 'PING_MBULK', rps: 31250, p50: 0.031, p99: 0.079, max: 0.543 }]);
  });

  it('names a missing column', () => {
    expect(() => parseRedisBenchmarkCsv('"test","rps"\n"PING","1"')).toThrow(/no "p50_latency_ms" column/);
  });
});

describe('renderCommandMix', () => {
  const phases = [
    at200('lists-bare', 10, { redisCommandsPerRequest: 10, redisCommandMix: { lpush: 4, brpop: 4, blpop: 2 } }),
    at200('bullmq-bare', 30, { redisCommandsPerRequest: 66, redisCommandMix: { evalsha: 12, xadd: 18, xread: 9, hset: 27 } }),
    sat('bullmq-bare', 900, { redisCommandMix: { evalsha: 1000 } }),
  ];

  it('gives the most called commands a column each, the rest one together, at the rate asked', () => {
    const table = renderCommandMix(phases, 200, 3).trimEnd().split('\n');
    expect(table[0]).toBe('| system | all | hset | xadd | evalsha | other |');
    expect(table[2]).toBe('| Redis lists (LPUSH/BRPOP), plain node:http | 10.0 | 0.0 | 0.0 | 0.0 | 10.0 |');
    expect(table[3]).toBe('| BullMQ alone (Queue.add, waitUntilFinished), plain node:http | 66.0 | 27.0 | 18.0 | 12.0 | 9.0 |');
    expect(table).toHaveLength(4);
  });

  it('writes nothing when no phase at that rate counted commands', () => {
    expect(renderCommandMix(phases, 400)).toBe('');
  });
});
