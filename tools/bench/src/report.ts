import type { LatencySummary } from './stats';

/** The systems compared: the same four services, differing in one setting each. */
export const SCENARIOS = {
  'bullmq-traced': { label: 'BullMQ, tracing on (default)', transport: 'bullmq', tracing: true },
  'bullmq-untraced': { label: 'BullMQ, tracing off', transport: 'bullmq', tracing: false },
  'redis-traced': { label: 'Transport.REDIS (pub/sub), tracing on', transport: 'redis', tracing: true },
  'http-traced': { label: 'HTTP, tracing on', transport: 'http', tracing: true },
  /**
   * The default system built from another checkout (BENCH_BASELINE): a change's before and after,
   * measured in one run so the machine's mood falls on both alike. Never part of the default set.
   */
  'bullmq-traced-baseline': { label: 'BullMQ, tracing on, baseline (BENCH_BASELINE)', transport: 'bullmq', tracing: true },
} as const;
export type ScenarioId = keyof typeof SCENARIOS;

/** The compared systems of a run without BENCH_SCENARIOS. */
export const DEFAULT_SCENARIOS: readonly ScenarioId[] = ['bullmq-traced', 'bullmq-untraced', 'redis-traced', 'http-traced'];

export interface ProcessUsage {
  name: string;
  /** Share of one core over the phase (100 = one core busy throughout). */
  cpuPercent: number;
  /** Highest resident set size sampled during the phase. */
  peakRssMiB: number;
}

export interface PhaseResult {
  scenario: ScenarioId;
  /** Requests per second asked of the load generator; undefined at saturation. */
  targetRate?: number;
  /** Connections of a saturation phase; a fixed rate opens as many as its requests in flight need. */
  connections?: number;
  durationS: number;
  /** Answers received, per second (2xx or not). */
  throughput: number;
  /** Latency of the 2xx answers. */
  latency: LatencySummary;
  /** Requests that got no HTTP answer (socket error, client timeout). */
  errors: number;
  /** Answers other than 2xx. */
  non2xx: number;
  /** Commands Redis processed per answered request, over the phase. */
  redisCommandsPerRequest: number;
  /**
   * CPU time the four services spent per answered request, in ms. Less sensitive than latency to
   * what else runs on the machine, so the fairest single figure for what tracing or a transport costs.
   */
  serviceCpuMsPerRequest: number;
  processes: ProcessUsage[];
}

export interface FloorResult {
  /** One client, one connection: a Redis round trip (PING). */
  roundTrip: { p50: number; p99: number; perSecond: number };
  /** PINGs a second over `connections` connections: what Redis answers at most here. */
  parallel: { connections: number; perSecond: number };
}

export interface Machine {
  cpus: number;
  cpuModel: string;
  memoryGiB: number;
  node: string;
  os: string;
}

export interface BenchReport {
  startedAt: string;
  finishedAt: string;
  command: string;
  machine: Machine;
  /** What else ran on the machine meanwhile, as far as the run can tell (load average at start). */
  loadAverageAtStart: number[];
  loadAverageAtEnd: number[];
  phases: PhaseResult[];
  floor: FloorResult;
  targets: TargetVerdict[];
}

export interface TargetVerdict {
  target: string;
  met: boolean;
  /** The figures the verdict was read from. */
  measured: string;
}

const FIXED_RATE = 200;

const phaseOf = (phases: readonly PhaseResult[], scenario: ScenarioId, rate?: number) =>
  phases.find((phase) => phase.scenario === scenario && phase.targetRate === rate);

const ms = (value: number) => `${value.toFixed(1)} ms`;
const rps = (value: number) => `${value.toFixed(0)} req/s`;

/** Issue 6's targets, judged from the measured phases. A target whose phases are missing is not met. */
export function judgeTargets(phases: readonly PhaseResult[]): TargetVerdict[] {
  const verdicts: TargetVerdict[] = [];
  const tracedSat = phaseOf(phases, 'bullmq-traced');
  const untracedSat = phaseOf(phases, 'bullmq-untraced');
  const traced200 = phaseOf(phases, 'bullmq-traced', FIXED_RATE);
  const untraced200 = phaseOf(phases, 'bullmq-untraced', FIXED_RATE);
  const redisSat = phaseOf(phases, 'redis-traced');
  const redis200 = phaseOf(phases, 'redis-traced', FIXED_RATE);

  if (tracedSat && untracedSat) {
    const loss = 1 - tracedSat.throughput / untracedSat.throughput;
    verdicts.push({
      target: 'Tracing costs at most 10% throughput (saturation)',
      met: loss <= 0.1,
      measured: `${rps(tracedSat.throughput)} on vs ${rps(untracedSat.throughput)} off: ${(loss * 100).toFixed(1)}% less`,
    });
  } else verdicts.push({ target: 'Tracing costs at most 10% throughput (saturation)', met: false, measured: 'not measured' });

  if (traced200 && untraced200) {
    const extra = traced200.latency.p99 - untraced200.latency.p99;
    verdicts.push({
      target: `Tracing costs at most 2 ms p99 (${FIXED_RATE} req/s)`,
      met: extra <= 2,
      measured: `p99 ${ms(traced200.latency.p99)} on vs ${ms(untraced200.latency.p99)} off: ${extra >= 0 ? '+' : ''}${ms(extra)}`,
    });
  } else verdicts.push({ target: `Tracing costs at most 2 ms p99 (${FIXED_RATE} req/s)`, met: false, measured: 'not measured' });

  if (tracedSat && redisSat && traced200 && redis200) {
    const share = tracedSat.throughput / redisSat.throughput;
    const p99ok = traced200.latency.p99 <= redis200.latency.p99;
    verdicts.push({
      target: `BullMQ reaches at least 70% of Transport.REDIS throughput, with the same p99 or better at ${FIXED_RATE} req/s`,
      met: share >= 0.7 && p99ok,
      measured:
        `${rps(tracedSat.throughput)} vs ${rps(redisSat.throughput)} (${(share * 100).toFixed(0)}%); ` +
        `p99 ${ms(traced200.latency.p99)} vs ${ms(redis200.latency.p99)}`,
    });
  } else verdicts.push({ target: 'BullMQ reaches at least 70% of Transport.REDIS throughput', met: false, measured: 'not measured' });

  if (traced200) {
    const clean = traced200.errors === 0 && traced200.non2xx === 0;
    verdicts.push({
      target: `At ${FIXED_RATE} req/s: p99 below 25 ms for a succeeding charge, no errors`,
      met: traced200.latency.p99 < 25 && clean && traced200.throughput >= FIXED_RATE * 0.95,
      measured: `p99 ${ms(traced200.latency.p99)}, ${rps(traced200.throughput)} answered, ${traced200.errors} errors, ${traced200.non2xx} non-2xx`,
    });
  } else verdicts.push({ target: `At ${FIXED_RATE} req/s: p99 below 25 ms, no errors`, met: false, measured: 'not measured' });
  return verdicts;
}

const cell = (value: number, digits = 1) => (Number.isFinite(value) ? value.toFixed(digits) : '–');

/** The run as Markdown: one table of phases, one of processes, the floor and the targets. */
export function renderMarkdown(report: BenchReport): string {
  const lines: string[] = [];
  const { machine } = report;
  lines.push(
    `Run ${report.startedAt} → ${report.finishedAt} on ${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGiB.toFixed(0)} GiB, ` +
      `Node ${machine.node}, ${machine.os}; ` +
      `load average (1/5/15 min) ${report.loadAverageAtStart.map((l) => l.toFixed(2)).join(' / ')} at start, ` +
      `${report.loadAverageAtEnd.map((l) => l.toFixed(2)).join(' / ')} at the end.`,
    '',
    `Command: \`${report.command}\``,
    '',
    '| system | load | answered req/s | p50 ms | p90 ms | p99 ms | max ms | errors | non-2xx | service CPU ms/req | Redis cmds/req |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  );
  for (const phase of report.phases) {
    const load = phase.targetRate === undefined ? `saturation (${phase.connections} conns)` : `${phase.targetRate} req/s`;
    const { latency } = phase;
    lines.push(
      `| ${SCENARIOS[phase.scenario].label} | ${load} | ${cell(phase.throughput, 0)} | ${cell(latency.p50)} | ${cell(latency.p90)} | ` +
        `${cell(latency.p99)} | ${cell(latency.max)} | ${phase.errors} | ${phase.non2xx} | ${cell(phase.serviceCpuMsPerRequest, 2)} | ` +
        `${cell(phase.redisCommandsPerRequest)} |`,
    );
  }
  const names = [...new Set(report.phases.flatMap((phase) => phase.processes.map((process) => process.name)))];
  lines.push('', `CPU (% of one core) and peak RSS (MiB) of each process, per phase:`, '');
  lines.push(`| system | load | ${names.join(' | ')} |`, `|---|---|${names.map(() => '---:').join('|')}|`);
  for (const phase of report.phases) {
    const load = phase.targetRate === undefined ? 'saturation' : `${phase.targetRate} req/s`;
    const cells = names.map((name) => {
      const usage = phase.processes.find((process) => process.name === name);
      return usage ? `${cell(usage.cpuPercent, 0)}% / ${cell(usage.peakRssMiB, 0)}` : '–';
    });
    lines.push(`| ${SCENARIOS[phase.scenario].label} | ${load} | ${cells.join(' | ')} |`);
  }
  const { floor } = report;
  lines.push(
    '',
    `Floor (redis-benchmark against a redis-server of the same build, alone): one round trip on one connection p50 ${floor.roundTrip.p50.toFixed(3)} ms, ` +
      `p99 ${floor.roundTrip.p99.toFixed(3)} ms (${floor.roundTrip.perSecond.toFixed(0)} sequential round trips/s); ` +
      `${floor.parallel.perSecond.toFixed(0)} PING/s over ${floor.parallel.connections} connections.`,
    '',
    '| target | met | measured |',
    '|---|---|---|',
    ...report.targets.map((verdict) => `| ${verdict.target} | ${verdict.met ? 'yes' : '**no**'} | ${verdict.measured} |`),
  );
  return `${lines.join('\n')}\n`;
}

export const RESULTS_START = '<!-- bench:results:start -->';
export const RESULTS_END = '<!-- bench:results:end -->';

/** `document` with the text between the result markers replaced by `table`; markers appended if absent. */
export function replaceResults(document: string, table: string): string {
  const block = `${RESULTS_START}\n${table}${RESULTS_END}`;
  const start = document.indexOf(RESULTS_START);
  const end = document.indexOf(RESULTS_END);
  if (start === -1 || end === -1 || end < start) return `${document.replace(/\n*$/, '\n\n')}${block}\n`;
  return `${document.slice(0, start)}${block}${document.slice(end + RESULTS_END.length)}`;
}
