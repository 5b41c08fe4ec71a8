import { FAULT_NAMES, FAULT_VALUES, FaultStore, InvalidFaultError, type Faults } from '@hoptrace/faults';
import {
  DEFAULT_SCENARIO_OPTIONS,
  faultsOff,
  formatResult,
  formatSummary,
  GatewayClient,
  randomMix,
  runScenario,
  scenarioNamed,
  SCENARIOS,
  WebhookReceiver,
  type Scenario,
  type ScenarioResult,
} from '@hoptrace/scenarios';
import { JaegerClient } from '@hoptrace/trace-verdict';
import { createRedis } from '@hoptrace/queue-transport';
import { constants } from 'node:os';
import { parseCommandLine, USAGE, UsageError, type Command, type Settings } from './cli';
import { explain, TraceNotFoundError } from './explain';

const print = (text: string) => process.stdout.write(`${text}\n`);

/** What an interrupted run must undo before the runner exits: the current scenario's fault, the receiver. */
let undoOnInterrupt: () => Promise<void> = async () => undefined;

/**
 * Ctrl-C (SIGINT) or SIGTERM ends the runner at once, exiting 128 + the signal's number, once the
 * fault the current scenario switched on is off again (at most 2 s spent on it). Handled explicitly
 * because inside `docker compose run` the runner is PID 1, which ignores a signal it has no handler for.
 */
function exitOnSignals(): void {
  const onSignal = (signal: NodeJS.Signals) => {
    const code = 128 + constants.signals[signal];
    process.stderr.write(`scenarios: ${signal}, stopping\n`);
    const undo = undoOnInterrupt;
    undoOnInterrupt = async () => process.exit(code); // a second signal does not wait
    void Promise.race([undo(), new Promise((resolve) => setTimeout(resolve, 2_000))]).finally(() => process.exit(code));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}

function list(settings: Settings): void {
  if (settings.json) {
    print(JSON.stringify(SCENARIOS.map(({ name, summary, expect, fault }) => ({ name, summary, expect, fault: fault?.(DEFAULT_SCENARIO_OPTIONS) ?? null }))));
    return;
  }
  const width = Math.max(...SCENARIOS.map((scenario) => scenario.name.length));
  for (const { name, summary, expect } of SCENARIOS) {
    print(`${name.padEnd(width)}  ${expect.status}  ${(expect.decidedBy ?? '-').padEnd(17)}  ${summary}`);
  }
}

function chosen(command: Extract<Command, { kind: 'run' }>): Scenario[] {
  if (command.mix) return randomMix(SCENARIOS, command.mix.count, command.mix.seed);
  if (command.names.includes('all')) return [...SCENARIOS];
  return command.names.map((name) => {
    const scenario = scenarioNamed(name);
    if (!scenario) throw new UsageError(`unknown scenario "${name}" (see "scenario-runner list")`);
    return scenario;
  });
}

async function run(command: Extract<Command, { kind: 'run' }>, settings: Settings, faults: FaultStore): Promise<boolean> {
  const scenarios = chosen(command);
  if (command.mix && !settings.json) print(`a mix of ${command.mix.count} scenarios, seed ${command.mix.seed}\n`);
  const receiver = scenarios.some((scenario) => scenario.name === 'webhook-failing')
    ? new WebhookReceiver({ ...settings.receiver, faults })
    : undefined;
  await receiver?.start();
  const results: ScenarioResult[] = [];
  const options = {
    processorLatencyMs: settings.processorLatencyMs ?? DEFAULT_SCENARIO_OPTIONS.processorLatencyMs,
    webhookRetryWaitMs: settings.webhookRetryWaitMs ?? DEFAULT_SCENARIO_OPTIONS.webhookRetryWaitMs,
    rawCardCvc: settings.rawCardCvc,
  };
  try {
    for (const scenario of scenarios) {
      undoOnInterrupt = async () => {
        const fault = scenario.fault?.(options);
        await Promise.all([fault && faults.set(faultsOff(fault)), receiver?.stop()]);
      };
      const result = await runScenario(scenario, {
        gateway: new GatewayClient(settings.gatewayUrl),
        faults,
        receiver,
        options,
        jaeger: new JaegerClient(settings.jaegerQueryUrl),
        jaegerUiUrl: settings.jaegerUiUrl,
        traceTimeoutMs: 30_000,
        quietMs: 1_500,
      });
      results.push(result);
      if (!settings.json) print(`${formatResult(result)}\n`);
    }
  } finally {
    await receiver?.stop();
  }
  if (settings.json) print(JSON.stringify(results));
  else print(formatSummary(results));
  return results.every((result) => result.passed);
}

async function manageFaults(command: Extract<Command, { kind: 'faults' }>, settings: Settings, faults: FaultStore): Promise<void> {
  let current: Faults;
  if (command.action === 'clear') current = await faults.clear();
  else if (command.action === 'set') current = await faults.set(command.assignments as unknown as Partial<Faults>);
  else current = await faults.read();
  if (settings.json) {
    print(JSON.stringify(current));
    return;
  }
  for (const name of FAULT_NAMES) print(`${name.padEnd(24)} ${String(current[name]).padEnd(6)} (${FAULT_VALUES[name]})`);
}

async function main(): Promise<number> {
  exitOnSignals();
  const { command, settings } = parseCommandLine(process.argv.slice(2), process.env);
  if (command.kind === 'help') {
    print(USAGE);
    return 0;
  }
  if (command.kind === 'list') {
    list(settings);
    return 0;
  }
  if (command.kind === 'explain') {
    print(await explain(command.traceId, settings));
    return 0;
  }
  const redis = createRedis(settings, 'fail-fast', { lazyConnect: true });
  await redis.connect();
  const faults = new FaultStore(redis, settings.queuePrefix);
  try {
    if (command.kind === 'faults') {
      await manageFaults(command, settings, faults);
      return 0;
    }
    return (await run(command, settings, faults)) ? 0 : 1;
  } finally {
    redis.disconnect();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof UsageError || error instanceof InvalidFaultError) {
      process.stderr.write(`scenarios: ${error.message}\n\n${USAGE}\n`);
      process.exitCode = 2;
      return;
    }
    if (error instanceof TraceNotFoundError) {
      process.stderr.write(`scenarios: ${error.message}\n`);
      process.exitCode = 1;
      return;
    }
    process.stderr.write(`scenarios: ${(error as Error).stack ?? String(error)}\n`);
    process.exitCode = 1;
  },
);
