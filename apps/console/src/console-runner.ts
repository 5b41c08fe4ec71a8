import { FaultStore } from '@hoptrace/faults';
import { describeRedis } from '@hoptrace/queue-transport';
import {
  DEFAULT_SCENARIO_OPTIONS,
  faultsOff,
  GatewayClient,
  randomMix,
  runScenario,
  scenarioNamed,
  SCENARIOS,
  WebhookReceiver,
  type Scenario,
  type ScenarioOptions,
} from '@hoptrace/scenarios';
import { JaegerClient, type TraceSpan } from '@hoptrace/trace-verdict';
import { Inject, Injectable, NotFoundException, type BeforeApplicationShutdown } from '@nestjs/common';
import { UpstreamError } from './problem.filter';
import { runViewOf } from './run-view';
import type { ConsoleSettings } from './settings';
import { SETTINGS } from './tokens';
import type { MixView, RunView, ScenarioCard } from './wire';

const reason = (error: unknown): string => {
  const cause = (error as { cause?: { message?: string; code?: string } })?.cause;
  return [(error as Error)?.message ?? String(error), cause?.code ?? cause?.message].filter(Boolean).join(': ');
};

/** The runner's Jaeger client, whose failures name Jaeger: an unreachable Jaeger is not a scenario's failure. */
class NamedJaegerClient extends JaegerClient {
  override async getTrace(traceId: string): Promise<TraceSpan[]> {
    try {
      return await super.getTrace(traceId);
    } catch (error) {
      throw new UpstreamError('Jaeger', `Jaeger at ${this.queryUrl}: ${reason(error)}`);
    }
  }
}

/** What else went wrong, named for the page: the gateway's fetch, or Redis (where the faults are). */
function upstreamOf(error: unknown, settings: ConsoleSettings): unknown {
  if (error instanceof UpstreamError) return error;
  const text = reason(error);
  if ((error as Error)?.name === 'MaxRetriesPerRequestError' || /ioredis|Connection is closed/i.test(text)) return new UpstreamError('Redis', `Redis at ${describeRedis(settings)}: ${text}`);
  if (/fetch failed|ECONNREFUSED|aborted|timeout/i.test(text)) return new UpstreamError('The gateway', `the gateway at ${settings.gatewayUrl}: ${text}`);
  return error;
}

/**
 * Runs scenarios exactly as `scenario-runner run` does, through the same library (runScenario, its
 * judge and `explain`), one at a time: a scenario switches faults for every replica, so two at once
 * would each see the other's.
 */
@Injectable()
export class ConsoleRunner implements BeforeApplicationShutdown {
  private queue: Promise<unknown> = Promise.resolve();
  /** The scenario running now, whose fault a shutdown must switch off (as the CLI does on Ctrl-C). */
  private current?: Scenario;
  private readonly jaeger: JaegerClient;
  /** What the scenarios run with (the processor-timeout latency, the webhook retry wait). */
  readonly options: ScenarioOptions;

  constructor(
    @Inject(SETTINGS) private readonly settings: ConsoleSettings,
    private readonly faults: FaultStore,
  ) {
    this.jaeger = new NamedJaegerClient(settings.jaegerQueryUrl);
    this.options = { ...DEFAULT_SCENARIO_OPTIONS, processorLatencyMs: settings.processorLatencyMs, webhookRetryWaitMs: settings.webhookRetryWaitMs };
  }

  catalogue(): ScenarioCard[] {
    return SCENARIOS.map(({ name, summary, expect, fault }) => ({
      name,
      summary,
      expect: { status: expect.status, decidedBy: expect.decidedBy, party: expect.party, ...(expect.code ? { code: expect.code } : {}), ...(expect.declineCode ? { declineCode: expect.declineCode } : {}) },
      fault: (fault?.(this.options) as Record<string, number | boolean> | undefined) ?? null,
    }));
  }

  run(name: string): Promise<RunView> {
    const scenario = scenarioNamed(name);
    if (!scenario) throw new NotFoundException(`unknown scenario "${name}"`);
    return this.serialized(async () => (await this.runAll([scenario]))[0]);
  }

  mix(count: number, seed: number): Promise<MixView> {
    return this.serialized(async () => ({ seed, runs: await this.runAll(randomMix(SCENARIOS, count, seed)) }));
  }

  private serialized<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work, work);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async runAll(scenarios: Scenario[]): Promise<RunView[]> {
    const receiver = scenarios.some((scenario) => scenario.name === 'webhook-failing') ? new WebhookReceiver({ ...this.settings.receiver, faults: this.faults }) : undefined;
    await receiver?.start();
    const views: RunView[] = [];
    try {
      for (const scenario of scenarios) {
        this.current = scenario;
        const result = await runScenario(scenario, {
          gateway: new GatewayClient(this.settings.gatewayUrl),
          faults: this.faults,
          receiver,
          options: this.options,
          jaeger: this.jaeger,
          jaegerUiUrl: this.settings.jaegerUiUrl,
          traceTimeoutMs: 30_000,
          quietMs: 1_500,
        });
        // The trace as judged: settled, so this read holds what the runner's did.
        const spans = result.traceId ? await this.jaeger.getTrace(result.traceId) : [];
        views.push(runViewOf(result, spans, this.settings));
      }
    } catch (error) {
      throw upstreamOf(error, this.settings);
    } finally {
      this.current = undefined;
      await receiver?.stop();
    }
    return views;
  }

  // Before Redis is disconnected (the module does that on application shutdown).
  async beforeApplicationShutdown(): Promise<void> {
    const fault = this.current?.fault?.(this.options);
    if (fault) await this.faults.set(faultsOff(fault)).catch(() => undefined);
  }
}
