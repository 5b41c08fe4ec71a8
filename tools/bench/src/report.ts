import { LADDER, LADDER_RATE, ladderRate, ratio, renderLadder } from './ladder';
import type { LatencySummary } from './stats';

/**
 * The systems compared. The first three are the lower rungs of the cost ladder, small programs of
 * the benchmark's own (src/rungs, `rung` names the program); the others are the same five services,
 * differing in one setting each.
 */
export const SCENARIOS = {
  'lists-bare': { label: 'Redis lists (LPUSH/BRPOP), plain node:http', rung: 'lists' },
  'bullmq-bare': { label: 'BullMQ alone (Queue.add, waitUntilFinished), plain node:http', rung: 'bullmq' },
  'nest-transport': { label: "BullMQ through hoptrace's Nest transport, trivial handlers", rung: 'nest-transport' },
  'bullmq-traced': { label: 'BullMQ, tracing on (default)', transport: 'bullmq', tracing: true },
  'bullmq-untraced': { label: 'BullMQ, tracing off', transport: 'bullmq', tracing: false },
  'redis-traced': { label: 'Transport.REDIS (pub/sub), tracing on', transport: 'redis', tracing: true },
  'http-traced': { label: 'HTTP, tracing on', transport: 'http', tracing: true },
  /**
   * The default system built from another checkout (BENCH_BASELINE): a change's before and after,
   * measured in one run so the machine's mood falls on both alike. Never part of the default set.
   */
  'bullmq-traced-baseline': { label: 'BullMQ, tracing on, baseline (BENCH_BASELINE)', transport: 'bullmq', tracing: true },
  /** The default system with Jaeger running without one part of its shipped pipeline: what that part costs. Never part of the default set. */
  'jaeger-no-span-metrics': { label: 'BullMQ, tracing on, Jaeger without span metrics', transport: 'bullmq', tracing: true, jaegerWithout: ['span-metrics'] },
  'jaeger-no-tail-sampling': { label: 'BullMQ, tracing on, Jaeger without tail sampling', transport: 'bullmq', tracing: true, jaegerWithout: ['tail-sampling'] },
  'jaeger-memory': { label: 'BullMQ, tracing on, Jaeger storing in memory, not Badger', transport: 'bullmq', tracing: true, jaegerWithout: ['badger'] },
  'jaeger-bare': {
    label: 'BullMQ, tracing on, Jaeger storing every trace in memory, nothing else',
    transport: 'bullmq',
    tracing: true,
    jaegerWithout: ['span-metrics', 'tail-sampling', 'badger'],
  },
} as const;
export type ScenarioId = keyof typeof SCENARIOS;

/** The compared systems of a run without BENCH_SCENARIOS: the ladder from the floor up, then the other transports. */
export const DEFAULT_SCENARIOS: readonly ScenarioId[] = [...LADDER.map(({ scenario }) => scenario), 'redis-traced', 'http-traced'];

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
  /** The same by command (INFO commandstats: a script's own calls under their names), most called first. */
  redisCommandMix?: Record<string, number>;
  /**
   * CPU time the services spent per answered request, in ms. Less sensitive than latency to
   * what else runs on the machine, so the fairest single figure for what tracing or a transport costs.
   */
  serviceCpuMsPerRequest: number;
  /**
   * CPU time all the system's processes spent per answered request, in ms: its services (or rung
   * processes), its redis-server and its Jaeger. What a charge costs the machine; the ladder's figure.
   */
  cpuMsPerRequest: number;
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

/** Every target, judged from the measured phases: the transport's (issue 6), then the ladder's (issue 15). */
export const judgeTargets = (phases: readonly PhaseResult[]): TargetVerdict[] => [...judgeTransportTargets(phases), ...judgeLadderTargets(phases)];

/** Issue 6's targets, judged from the measured phases. A target whose phases are missing is not met. */
export function judgeTransportTargets(phases: readonly PhaseResult[]): TargetVerdict[] {
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

const notMeasured = (target: string): TargetVerdict => ({ target, met: false, measured: 'not measured' });
const times = (value: number) => `${value.toFixed(2)}×`;
const cpu = (value: number) => `${value.toFixed(2)} ms`;

/**
 * Issue 15's targets: the full system with tracing on against bare BullMQ (rung 2 of the ladder),
 * and tracing against the same system without it, each read from one run. CPU per charge is all the
 * system's processes' (cpuMsPerRequest). A target whose phases are missing is not met. Each bound
 * is compared as a product (a ≤ 1.1 × b), not as a quotient, so a figure exactly at its bound meets it.
 */
export function judgeLadderTargets(phases: readonly PhaseResult[]): TargetVerdict[] {
  const rate = LADDER_RATE;
  const traced = { at: phaseOf(phases, 'bullmq-traced', rate), sat: phaseOf(phases, 'bullmq-traced') };
  const untraced = { at: phaseOf(phases, 'bullmq-untraced', rate), sat: phaseOf(phases, 'bullmq-untraced') };
  const bare = { at: phaseOf(phases, 'bullmq-bare', rate), sat: phaseOf(phases, 'bullmq-bare') };
  const verdicts: TargetVerdict[] = [];

  const throughputTarget = "Full system, tracing on, reaches at least 0.7× bare BullMQ's saturation throughput";
  if (traced.sat && bare.sat) {
    const share = ratio(traced.sat.throughput, bare.sat.throughput);
    verdicts.push({ target: throughputTarget, met: traced.sat.throughput >= 0.7 * bare.sat.throughput, measured: `${rps(traced.sat.throughput)} vs ${rps(bare.sat.throughput)}: ${times(share)}` });
  } else verdicts.push(notMeasured(throughputTarget));

  const cpuTargets = [
    { target: `Full system, tracing on, costs at most 1.3× bare BullMQ's CPU per charge at ${rate} req/s`, mine: traced.at, theirs: bare.at, bound: 1.3 },
    { target: "Full system, tracing on, costs at most 2× bare BullMQ's CPU per charge at saturation", mine: traced.sat, theirs: bare.sat, bound: 2 },
  ];
  for (const { target, mine, theirs, bound } of cpuTargets) {
    if (!mine || !theirs) {
      verdicts.push(notMeasured(target));
      continue;
    }
    const multiple = ratio(mine.cpuMsPerRequest, theirs.cpuMsPerRequest);
    verdicts.push({ target, met: mine.cpuMsPerRequest <= bound * theirs.cpuMsPerRequest, measured: `${cpu(mine.cpuMsPerRequest)} vs ${cpu(theirs.cpuMsPerRequest)}: ${times(multiple)}` });
  }

  const tracingTarget = `Tracing costs at most 10% CPU per charge (${rate} req/s and saturation)`;
  if (traced.at && traced.sat && untraced.at && untraced.sat) {
    const extraAt = ratio(traced.at.cpuMsPerRequest, untraced.at.cpuMsPerRequest) - 1;
    const extraSat = ratio(traced.sat.cpuMsPerRequest, untraced.sat.cpuMsPerRequest) - 1;
    const percent = (value: number) => `${value >= 0 ? '+' : ''}${(value * 100).toFixed(1)}%`;
    verdicts.push({
      target: tracingTarget,
      met: traced.at.cpuMsPerRequest <= 1.1 * untraced.at.cpuMsPerRequest && traced.sat.cpuMsPerRequest <= 1.1 * untraced.sat.cpuMsPerRequest,
      measured:
        `${rate} req/s: ${cpu(traced.at.cpuMsPerRequest)} on vs ${cpu(untraced.at.cpuMsPerRequest)} off (${percent(extraAt)}); ` +
        `saturation: ${cpu(traced.sat.cpuMsPerRequest)} vs ${cpu(untraced.sat.cpuMsPerRequest)} (${percent(extraSat)})`,
    });
  } else verdicts.push(notMeasured(tracingTarget));

  const latencyTarget = `Full system, tracing on: p99 at ${rate} req/s within 2× bare BullMQ's`;
  if (traced.at && bare.at) {
    const multiple = ratio(traced.at.latency.p99, bare.at.latency.p99);
    verdicts.push({ target: latencyTarget, met: traced.at.latency.p99 <= 2 * bare.at.latency.p99, measured: `${ms(traced.at.latency.p99)} vs ${ms(bare.at.latency.p99)}: ${times(multiple)}` });
  } else verdicts.push(notMeasured(latencyTarget));
  return verdicts;
}

const cell = (value: number, digits = 1) => (Number.isFinite(value) ? value.toFixed(digits) : '–');

/**
 * Redis commands per charge by command, for each system measured at `rate`: what a hop asks of Redis
 * (a blocking read that returns is one wake-up of its reader). The `top` commands most called by any
 * of them get a column each, the rest one together.
 */
export function renderCommandMix(phases: readonly PhaseResult[], rate: number, top = 10): string {
  const measured = phases.filter((phase) => phase.targetRate === rate && phase.redisCommandMix && Object.keys(phase.redisCommandMix).length > 0);
  if (measured.length === 0) return '';
  const most = new Map<string, number>();
  for (const phase of measured) {
    for (const [command, calls] of Object.entries(phase.redisCommandMix ?? {})) most.set(command, Math.max(most.get(command) ?? 0, calls));
  }
  const columns = [...most.entries()].sort(([, a], [, b]) => b - a).slice(0, top).map(([command]) => command);
  const lines = [
    `| system | all | ${columns.join(' | ')} | other |`,
    `|---|---:|${columns.map(() => '---:').join('|')}|---:|`,
  ];
  for (const phase of measured) {
    const mix = phase.redisCommandMix ?? {};
    const other = Object.entries(mix).reduce((total, [command, calls]) => (columns.includes(command) ? total : total + calls), 0);
    lines.push(`| ${SCENARIOS[phase.scenario].label} | ${cell(phase.redisCommandsPerRequest)} | ${columns.map((command) => cell(mix[command] ?? 0)).join(' | ')} | ${cell(other)} |`);
  }
  return `${lines.join('\n')}\n`;
}

export interface RenderOptions {
  /** Where the ladder's chart is, relative to the Markdown: referenced under the ladder when given. */
  chart?: string;
}

/** The run as Markdown: the ladder (and its chart), one table of phases, one of processes, the floor and the targets. */
export function renderMarkdown(report: BenchReport, options: RenderOptions = {}): string {
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
  );
  const ladder = renderLadder(report.phases);
  if (ladder) {
    lines.push(
      "The cost ladder. CPU is that of all the system's processes (its services or rung processes, its redis-server, its Jaeger) " +
        'per answered charge; in brackets, each figure as a multiple of the rung below, then of bare BullMQ.',
      '',
      ladder.trimEnd(),
      '',
    );
    if (options.chart) lines.push(`![CPU ms per charge on each rung of the ladder, at a fixed rate and at saturation](${options.chart})`, '');
  }
  const rate = ladderRate(report.phases);
  const mix = rate === undefined ? '' : renderCommandMix(report.phases, rate);
  if (mix) {
    lines.push(
      `Redis commands per charge at ${rate} req/s, by command (INFO commandstats; the commands a Lua script runs count under their own names, besides its EVALSHA):`,
      '',
      mix.trimEnd(),
      '',
    );
  }
  if (ladder || mix) lines.push('Every phase:', '');
  lines.push(
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
