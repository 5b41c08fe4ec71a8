import { Logger, type DynamicModule, type INestApplication, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger as PinoNestLogger } from 'nestjs-pino';
import { fail, messageProblem, serviceUnavailable, type ServiceName } from '@hoptrace/contracts';
import { RethrowRpcExceptions, tolerateRedisOutages } from '@hoptrace/queue-transport';
import { QueueMetricsModule } from './queue-metrics';
import { RuntimeModule } from './runtime.module';
import type { ServiceSettings } from './service-settings';
import type { Env, SettingsDefinition } from './settings';
import { exitOnSignals } from './shutdown';
import { bullMqTransport, type ConsumerOptions, type QueueTransport } from './transport';

/** A service, as its main.ts starts it. */
export interface ServiceDefinition<S extends ServiceSettings = ServiceSettings> {
  name: ServiceName;
  /** What it reads from its environment (secrets included), checked before anything starts. */
  settings: SettingsDefinition<S>;
  /** Its root module; modules read the settings through SETTINGS. */
  module: Type<unknown> | DynamicModule;
  /** The queue this service consumes, if any. */
  queue?: string;
  /**
   * Other queues it works off, each with its messages' contracts (the notifier's webhook deliveries):
   * consumed over the same transport, so that every consumer has the same lock and stall settings;
   * with `queue`, reported at /metrics.
   */
  ownQueues?: ReadonlyArray<{ queue: string } & ConsumerOptions>;
  /** Nest's own body parser, on unless the service parses bodies itself. */
  bodyParser?: boolean;
  /** Last touches to the HTTP app before it listens (pipes, filters, middleware). */
  configure?: (app: INestApplication) => void;
}

export interface RunOptions<S extends ServiceSettings> {
  env?: Env;
  /** Another transport than BullMQ, for the benchmark's comparison (tools/bench) only. */
  transport?: (settings: S) => QueueTransport;
}

/**
 * Reads and checks the service's settings, then starts it. A setting that means nothing (or a
 * secret missing in production) throws here, synchronously, naming its variable: the service does
 * not start.
 */
export function runService<S extends ServiceSettings>(service: ServiceDefinition<S>, options: RunOptions<S> = {}): Promise<INestApplication> {
  const settings = service.settings.read(options.env ?? process.env);
  return bootstrapService(service, settings, options.transport?.(settings) ?? bullMqTransport(settings));
}

/**
 * Starts a service: its queue consumer first, then its HTTP port, so "healthy" means "consuming".
 * Every `Logger` of Nest's, the framework's own included, writes through pino from the first line
 * on: what is logged before the pino logger exists is buffered, then written through it.
 */
async function bootstrapService<S extends ServiceSettings>(service: ServiceDefinition<S>, settings: S, transport: QueueTransport): Promise<INestApplication> {
  const logger = new Logger(service.name);
  tolerateRedisOutages((fields) => logger.warn(fields));
  const reportedQueues = [...(service.queue ? [service.queue] : []), ...(service.ownQueues ?? []).map(({ queue }) => queue)];
  const app = await NestFactory.create({
    module: class ServiceRoot {},
    imports: [
      RuntimeModule.forService(settings, service.name, transport),
      ...(reportedQueues.length > 0 ? [QueueMetricsModule.forQueues(reportedQueues)] : []),
      service.module,
    ],
  }, { bodyParser: service.bodyParser ?? true, bufferLogs: true });
  app.useLogger(app.get(PinoNestLogger));
  exitOnSignals(app);
  service.configure?.(app);
  if (service.queue || service.ownQueues?.length) app.useGlobalFilters(new RethrowRpcExceptions(app.getHttpAdapter()));
  if (service.queue) {
    const strategy = transport.server(service.queue, app, {
      validate: messageProblem,
      unavailableReply: () =>
        fail(serviceUnavailable(service.name, 'A service lost its connection to Redis while handling this request. Retry with the same Idempotency-Key.')),
    });
    app.connectMicroservice({ strategy }, { inheritAppConfig: true });
  }
  for (const { queue, ...options } of service.ownQueues ?? []) {
    app.connectMicroservice({ strategy: transport.server(queue, app, options) }, { inheritAppConfig: true });
  }
  await app.startAllMicroservices();
  await app.listen(settings.port, settings.host);
  const consuming = service.queue ? `, consuming "${service.queue}" over ${transport.nameFor(service.queue)}` : '';
  logger.log(`${service.name} ready on port ${settings.port}${consuming}`);
  return app;
}
