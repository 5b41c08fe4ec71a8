import autocannon from 'autocannon';
import { createRedis } from '@hoptrace/queue-transport';
import type IORedis from 'ioredis';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { SERVICE_APPS, startRedis, startSystem } from '../../../libs/testing/src/index';
import { ladderChartSvg, ladderRows } from './ladder';
import { openLoop, type OpenLoopResult } from './open-loop';
import { parseRedisBenchmarkCsv } from './redis-benchmark';
import { commandsPerRequest, parseCommandStats } from './redis-commandstats';
import {
  judgeTargets,
  renderMarkdown,
  replaceResults,
  DEFAULT_SCENARIOS,
  SCENARIOS,
  type BenchReport,
  type FloorResult,
  type PhaseResult,
  type ProcessUsage,
  type ScenarioId,
} from './report';
import { cpuPercent, cpuTicksOf, memoryMiBOf, summarize } from './stats';
import { fullSystem, startRung, type BenchSystem, type Watched } from './systems';

/** Settings, each from the environment, so a quicker or longer run needs no code change. */
const settings = {
  outDir: resolve(process.env.BENCH_OUT ?? 'tmp/bench'),
  seconds: Number(process.env.BENCH_SECONDS ?? 15),
  warmupSeconds: Number(process.env.BENCH_WARMUP_SECONDS ?? 5),
  rates: (process.env.BENCH_RATES ?? '200').split(',').filter((rate) => rate.trim() !== '').map(Number),
  /** Connections of the closed-loop saturation phase. */
  saturationConnections: Number(process.env.BENCH_CONNECTIONS ?? 32),
  saturation: process.env.BENCH_SATURATION !== '0',
  scenarios: (process.env.BENCH_SCENARIOS ?? DEFAULT_SCENARIOS.join(',')).split(',') as ScenarioId[],
  /** A checkout whose dist/apps the `bullmq-traced-baseline` system runs (build it there first). */
  baselineRoot: process.env.BENCH_BASELINE ? resolve(process.env.BENCH_BASELINE) : undefined,
  /** Writes a --cpu-prof profile of every service per scenario to <out>/profiles. */
  cpuProfile: process.env.BENCH_CPU_PROF === '1',
  updateBenchmarksMd: process.env.BENCH_UPDATE_DOC !== '0',
};

const CHARGE = JSON.stringify({ amount: 1999, currency: 'usd', customer: 'cus_demo', payment_method: 'pm_card_visa' });
const HEADERS = { authorization: 'Bearer sk_test_demo', 'content-type': 'application/json' };
const TICKS_PER_SECOND = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;

/** The command as run: `npm run bench`, after whichever BENCH_* settings were given. */
const commandLine = (env: NodeJS.ProcessEnv): string =>
  [
    ...Object.keys(env)
      .filter((name) => name.startsWith('BENCH_'))
      .sort()
      .map((name) => `${name}=${env[name]}`),
    'npm run bench',
  ].join(' ');

/** The ladder's chart: beside results.md, and (with BENCH_UPDATE_DOC) committed beside BENCHMARKS.md's other images. */
const CHART_FILE = 'ladder.svg';
const DOC_CHART = 'docs/images/bench-ladder.svg';

const log = (message: string) => console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}`);

const read = (path: string): string | undefined => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
};

/** CPU ticks at start and end, and the highest RSS seen in between, of each watched process. */
function watch(processes: Watched[]): { stop(seconds: number): ProcessUsage[] } {
  const ticksAtStart = new Map(processes.map((p) => [p.pid, cpuTicksOf(read(`/proc/${p.pid}/stat`) ?? '')]));
  const peak = new Map<number, number>();
  const sample = () => {
    for (const p of processes) {
      const rss = memoryMiBOf(read(`/proc/${p.pid}/status`) ?? '', 'VmRSS');
      if (rss !== undefined) peak.set(p.pid, Math.max(peak.get(p.pid) ?? 0, rss));
    }
  };
  sample();
  const timer = setInterval(sample, 250);
  return {
    stop(seconds) {
      clearInterval(timer);
      sample();
      return processes.map((p) => {
        const ticks = cpuTicksOf(read(`/proc/${p.pid}/stat`) ?? '') - (ticksAtStart.get(p.pid) ?? 0);
        return { name: p.name, cpuPercent: cpuPercent(ticks, TICKS_PER_SECOND, seconds), peakRssMiB: peak.get(p.pid) ?? Number.NaN };
      });
    },
  };
}

const commandsProcessed = async (redis: IORedis): Promise<number> => {
  const info = await redis.info('stats');
  return Number(/total_commands_processed:(\d+)/.exec(info)?.[1] ?? Number.NaN);
};

const commandStats = async (redis: IORedis): Promise<Record<string, number>> => parseCommandStats(await redis.info('commandstats'));

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Waits, at most `limitMs`, until every compared system is idle (all their processes together, Jaeger
 * included, under a tenth of a core over half a second): work left over from an overloaded phase
 * (a backlog of requests whose callers gave up, spans still being exported and stored) must not be
 * billed to the phase after it, which is another system's. Settling only the system about to be
 * measured left the HTTP system's backlog from 400 req/s running into the next system's saturation
 * phase: BullMQ with tracing on, measured there, read 376 and 411 req/s where it reads 480-560 alone.
 */
async function settle(systems: readonly BenchSystem[], limitMs = 30_000): Promise<void> {
  const pids = systems.flatMap((system) => system.processes.map((p) => p.pid));
  const ticks = () => pids.reduce((total, pid) => total + cpuTicksOf(read(`/proc/${pid}/stat`) ?? ''), 0);
  const started = Date.now();
  const deadline = started + limitMs;
  while (Date.now() < deadline) {
    const before = ticks();
    await sleep(500);
    if (cpuPercent(ticks() - before, TICKS_PER_SECOND, 0.5) < 10) {
      if (Date.now() - started > 2000) log(`  idle after ${((Date.now() - started) / 1000).toFixed(1)} s`);
      return;
    }
  }
  log(`  still busy after ${limitMs / 1000} s; going on`);
}

/** One load phase: a fixed rate, or as fast as `connections` closed-loop clients go. */
async function drive(
  system: BenchSystem,
  redis: IORedis,
  scenario: ScenarioId,
  load: { rate?: number; connections?: number; seconds: number },
): Promise<PhaseResult> {
  const commandsBefore = await commandsProcessed(redis);
  const mixBefore = await commandStats(redis);
  const usage = watch(system.processes);
  const started = process.hrtime.bigint();
  const outcome = load.rate ? await fixedRate(system, load.rate, load.seconds) : await saturate(system, load.connections ?? settings.saturationConnections, load.seconds);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const processes = usage.stop(seconds);
  const mixAfter = await commandStats(redis);
  // Less the reader's own: INFO commandstats twice and INFO stats once.
  const commands = (await commandsProcessed(redis)) - commandsBefore - 3;
  return {
    scenario,
    targetRate: load.rate,
    connections: load.connections,
    durationS: outcome.durationS,
    throughput: outcome.answered / outcome.durationS,
    latency: summarize(outcome.latencies),
    errors: outcome.errors,
    non2xx: outcome.non2xx,
    redisCommandsPerRequest: outcome.answered ? commands / outcome.answered : Number.NaN,
    redisCommandMix: commandsPerRequest(mixBefore, mixAfter, outcome.answered),
    serviceCpuMsPerRequest: outcome.answered ? cpuMs(processes.filter((p) => SERVICE_NAMES.has(p.name)), seconds) / outcome.answered : Number.NaN,
    cpuMsPerRequest: outcome.answered ? cpuMs(processes, seconds) / outcome.answered : Number.NaN,
    processes,
  };
}

const SERVICE_NAMES: ReadonlySet<string> = new Set(SERVICE_APPS);

/** CPU milliseconds `processes` used over a phase of `seconds`. */
const cpuMs = (processes: ProcessUsage[], seconds: number): number => processes.reduce((total, p) => total + (p.cpuPercent / 100) * seconds * 1000, 0);

/** Evenly spaced requests at `rate` (see openLoop). */
const fixedRate = (system: BenchSystem, rate: number, seconds: number): Promise<OpenLoopResult> =>
  openLoop({ url: `${system.gatewayUrl}/v1/charges`, method: 'POST', headers: HEADERS, body: CHARGE, rate, seconds, timeoutMs: 10_000 });

/** As fast as `connections` closed-loop autocannon clients go: the throughput ceiling. */
async function saturate(system: BenchSystem, connections: number, seconds: number): Promise<OpenLoopResult> {
  const latencies: number[] = [];
  let answered = 0;
  const instance = autocannon({
    url: `${system.gatewayUrl}/v1/charges`,
    method: 'POST',
    headers: HEADERS,
    body: CHARGE,
    connections,
    duration: seconds,
    timeout: 10,
  });
  instance.on('response', (_client: unknown, status: number, _bytes: number, responseTime: number) => {
    answered += 1;
    if (status >= 200 && status < 300) latencies.push(responseTime);
  });
  const result = await instance;
  return { durationS: result.duration, latencies, answered, non2xx: result.non2xx, errors: result.errors };
}

interface Running {
  scenario: ScenarioId;
  system: BenchSystem;
  redis: IORedis;
}

async function startScenario(scenario: ScenarioId): Promise<Running> {
  const system = await startScenarioSystem(scenario);
  const redis = createRedis(system.redisUrl, 'fail-fast', { lazyConnect: true });
  await redis.connect();
  return { scenario, system, redis };
}

/** NODE_OPTIONS that make every Node process of `scenario` write a CPU profile, when BENCH_CPU_PROF asks. */
function profiling(scenario: ScenarioId): Record<string, string> {
  if (!settings.cpuProfile) return {};
  mkdirSync(join(settings.outDir, 'profiles', scenario), { recursive: true });
  return { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${join(settings.outDir, 'profiles', scenario)}` };
}

async function startScenarioSystem(scenario: ScenarioId): Promise<BenchSystem> {
  const definition = SCENARIOS[scenario];
  log(`${scenario}: starting the system (${definition.label})`);
  if ('rung' in definition) return startRung(definition.rung, { dir: join(settings.outDir, scenario), env: profiling(scenario) });
  const { transport, tracing } = definition;
  const env: Record<string, string> = {
    HOPTRACE_TRANSPORT: transport,
    OTEL_SDK_DISABLED: tracing ? 'false' : 'true',
    // The SDK's default export interval, not the tests' 200 ms: the benchmark measures production settings.
    OTEL_BSP_SCHEDULE_DELAY: '5000',
    // The rate limit is a product feature, not the subject here: far above any rate driven.
    PAYMENT_RATE_LIMIT_PER_MINUTE: '100000000',
    ...profiling(scenario),
  };
  const baseline = scenario === 'bullmq-traced-baseline';
  if (baseline && !settings.baselineRoot) throw new Error('bullmq-traced-baseline needs BENCH_BASELINE=<a checkout with dist/apps built>');
  // BullMQ is the services' own transport; the others only the benchmark's entries of them know.
  const system = await startSystem({
    dir: join(settings.outDir, scenario),
    env,
    jaeger: 'jaegerWithout' in definition ? { without: definition.jaegerWithout } : undefined,
    root: baseline ? settings.baselineRoot : undefined,
    distDir: transport === 'bullmq' ? undefined : 'dist/tools/bench',
  });
  return fullSystem(system);
}

const stopScenario = async ({ system, redis }: Running) => {
  redis.disconnect();
  await system.stop();
};

/**
 * Every compared system runs at once (idle ones cost next to nothing: they export no spans and
 * their workers block on Redis), and each phase is driven against one system after the other, so a
 * change in what else loads the machine falls on all of them rather than on whichever ran then.
 */
async function runAll(): Promise<PhaseResult[]> {
  const running: Running[] = [];
  try {
    for (const scenario of settings.scenarios) running.push(await startScenario(scenario));
    for (const { system, redis, scenario } of running) {
      log(`${scenario}: warm-up, ${settings.warmupSeconds} s at 100 req/s`);
      await drive(system, redis, scenario, { rate: 100, seconds: settings.warmupSeconds });
    }
    const loads: Array<{ rate?: number; connections?: number }> = settings.rates.map((rate) => ({ rate }));
    if (settings.saturation) loads.push({ connections: settings.saturationConnections });
    const phases: PhaseResult[] = [];
    for (const load of loads) {
      for (const { system, redis, scenario } of running) {
        log(`${scenario}: ${load.rate ? `${load.rate} req/s` : `saturation, ${load.connections} connections`} for ${settings.seconds} s`);
        await settle(running.map((other) => other.system));
        const phase = await drive(system, redis, scenario, { ...load, seconds: settings.seconds });
        log(
          `  ${phase.throughput.toFixed(0)} req/s, p50 ${phase.latency.p50.toFixed(1)} p99 ${phase.latency.p99.toFixed(1)} ` +
            `max ${phase.latency.max.toFixed(1)} ms, errors ${phase.errors}, non-2xx ${phase.non2xx}, ` +
            `${phase.serviceCpuMsPerRequest.toFixed(2)} service CPU ms/req`,
        );
        phases.push(phase);
      }
    }
    // One table per system, in the order the systems were listed.
    return settings.scenarios.flatMap((scenario) => phases.filter((phase) => phase.scenario === scenario));
  } finally {
    await Promise.all(running.map(stopScenario));
  }
}

/** What Redis alone can do here: the round trip a hop cannot beat, and Redis' own ceiling. */
async function measureFloor(): Promise<FloorResult> {
  const redis = await startRedis({ dir: join(settings.outDir, 'floor') });
  try {
    const bench = (connections: number, requests: number) =>
      parseRedisBenchmarkCsv(
        execFileSync('redis-benchmark', ['-h', '127.0.0.1', '-p', String(redis.port), '-c', String(connections), '-n', String(requests), '-t', 'ping_mbulk', '--csv'], {
          encoding: 'utf8',
        }),
      )[0];
    const single = bench(1, 20_000);
    const parallel = bench(32, 200_000);
    return {
      roundTrip: { p50: single.p50, p99: single.p99, perSecond: single.rps },
      parallel: { connections: 32, perSecond: parallel.rps },
    };
  } finally {
    await redis.stop();
  }
}

function machine(): BenchReport['machine'] {
  const cpus = os.cpus();
  return {
    cpus: os.availableParallelism(),
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    memoryGiB: os.totalmem() / 2 ** 30,
    node: process.version,
    os: `${os.type()} ${os.release()}`,
  };
}

async function main(): Promise<void> {
  const startedAt = new Date().toISOString();
  const loadAverageAtStart = os.loadavg();
  mkdirSync(settings.outDir, { recursive: true });
  for (const scenario of settings.scenarios) {
    if (!(scenario in SCENARIOS)) throw new Error(`unknown scenario "${scenario}"; known: ${Object.keys(SCENARIOS).join(', ')}`);
  }
  if (!existsSync('dist/apps/gateway/main.js')) throw new Error('dist/apps is missing: build first (npm run bench does)');
  if (!existsSync('dist/tools/bench/gateway/main.js') || !existsSync('dist/tools/bench/rungs/lists/main.js')) {
    throw new Error('dist/tools/bench is missing: build first (npm run bench does)');
  }

  log('floor: redis-benchmark');
  const floor = await measureFloor();
  const phases: PhaseResult[] = [];
  phases.push(...(await runAll()));

  const report: BenchReport = {
    startedAt,
    finishedAt: new Date().toISOString(),
    command: commandLine(process.env),
    machine: machine(),
    loadAverageAtStart,
    loadAverageAtEnd: os.loadavg(),
    phases,
    floor,
    targets: judgeTargets(phases),
  };
  // A run that measured no rung (BENCH_SCENARIOS) draws no chart, and leaves the committed one alone.
  const chart = ladderRows(phases).length > 0 ? ladderChartSvg(phases) : undefined;
  const markdown = renderMarkdown(report, { chart: chart && CHART_FILE });
  const written = [join(settings.outDir, 'results.md'), 'results.json'];
  writeFileSync(join(settings.outDir, 'results.json'), `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(join(settings.outDir, 'results.md'), markdown);
  if (chart) {
    writeFileSync(join(settings.outDir, CHART_FILE), chart);
    written.push(CHART_FILE);
  }
  if (settings.updateBenchmarksMd && existsSync('BENCHMARKS.md')) {
    if (chart) {
      mkdirSync(dirname(DOC_CHART), { recursive: true });
      writeFileSync(DOC_CHART, chart);
      written.push(DOC_CHART);
    }
    writeFileSync('BENCHMARKS.md', replaceResults(readFileSync('BENCHMARKS.md', 'utf8'), renderMarkdown(report, { chart: chart && DOC_CHART })));
    written.push('BENCHMARKS.md');
  }
  console.log(`\n${markdown}`);
  log(`wrote ${written.join(', ')}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
