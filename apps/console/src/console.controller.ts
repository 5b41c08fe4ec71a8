import { FaultStore, InvalidFaultError, isFaultName, NO_FAULTS, type Faults } from '@hoptrace/faults';
import { BadRequestException, Body, Controller, Delete, Get, Header, HttpCode, Inject, NotFoundException, Param, Post, Put } from '@nestjs/common';
import { ConsoleRunner } from './console-runner';
import { faultsViewOf, onValuesFor } from './faults-view';
import { PrometheusReader } from './prometheus-reader';
import type { ConsoleSettings } from './settings';
import { SETTINGS } from './tokens';
import type { FaultsView, LiveView, MixView, RunView, ScenarioCard } from './wire';

const MAX_MIX = 50;

/** The console's API, which its page calls: the catalogue and runs, the faults, the live 402 rates. */
@Controller('api')
export class ConsoleController {
  private readonly prometheus: PrometheusReader;
  private readonly onValues: Faults;

  constructor(
    @Inject(SETTINGS) private readonly settings: ConsoleSettings,
    private readonly runner: ConsoleRunner,
    private readonly faults: FaultStore,
  ) {
    this.prometheus = new PrometheusReader(settings.prometheusUrl);
    this.onValues = onValuesFor(runner.options);
  }

  @Get('scenarios')
  scenarios(): ScenarioCard[] {
    return this.runner.catalogue();
  }

  @Post('scenarios/:name/runs')
  @HttpCode(200)
  run(@Param('name') name: string): Promise<RunView> {
    return this.runner.run(name);
  }

  /** The seeded random mix, as `run --mix N --seed S`: the same scenarios for the same seed. */
  @Post('mix')
  @HttpCode(200)
  mix(@Body() body: { count?: unknown; seed?: unknown } | undefined): Promise<MixView> {
    const count = body?.count ?? 5;
    const seed = body?.seed ?? Date.now() % 2 ** 31;
    if (!Number.isInteger(count) || (count as number) < 1 || (count as number) > MAX_MIX) throw new BadRequestException(`count must be an integer from 1 to ${MAX_MIX}`);
    if (!Number.isInteger(seed) || (seed as number) < 0) throw new BadRequestException('seed must be a non-negative integer');
    return this.runner.mix(count as number, seed as number);
  }

  @Get('faults')
  @Header('cache-control', 'no-store')
  async readFaults(): Promise<FaultsView> {
    return faultsViewOf(await this.faults.read(), this.onValues);
  }

  /** Switches one fault, for every replica: `{"value": true}`, `{"value": 500}`, or its zero value for off. */
  @Put('faults/:name')
  async setFault(@Param('name') name: string, @Body() body: { value?: unknown } | undefined): Promise<FaultsView> {
    if (!isFaultName(name)) throw new NotFoundException(`unknown fault "${name}"`);
    const value = body?.value;
    if (typeof value !== 'boolean' && typeof value !== 'number') throw new BadRequestException(`"value" must be a number or a boolean, as ${name} accepts`);
    try {
      return faultsViewOf(await this.faults.set({ [name]: value }), this.onValues);
    } catch (error) {
      if (error instanceof InvalidFaultError) throw new BadRequestException(error.message);
      throw error;
    }
  }

  @Delete('faults')
  async clearFaults(): Promise<FaultsView> {
    return faultsViewOf(await this.faults.set({ ...NO_FAULTS }), this.onValues);
  }

  @Get('live')
  @Header('cache-control', 'no-store')
  live(): Promise<LiveView> {
    return this.prometheus.live(this.settings.liveWindowSeconds, this.settings.liveStepSeconds);
  }

  /** Where the page's links go: Jaeger's UI and the gateway, as the browser reaches them. */
  @Get('links')
  links(): { jaegerUiUrl: string; gatewayUiUrl: string; prometheusUrl: string } {
    return { jaegerUiUrl: this.settings.jaegerUiUrl, gatewayUiUrl: this.settings.gatewayUiUrl, prometheusUrl: this.settings.prometheusUiUrl };
  }
}

@Controller()
export class HealthController {
  @Get('healthz')
  health(): { status: 'ok' } {
    return { status: 'ok' };
  }
}
