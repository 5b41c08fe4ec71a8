import { Logger, type DynamicModule, type INestApplication, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger as PinoNestLogger } from 'nestjs-pino';
import type { CustomTransportStrategy } from '@nestjs/microservices';
import { fail, messageProblem, serviceUnavailable, type ServiceName } from '@hoptrace/contracts';
import { BullMqServer, HttpRpcServer, RedisPubSubServer, RethrowRpcExceptions, tolerateRedisOutages } from '@hoptrace/queue-transport';
import type { RuntimeConfig } from './config';
import { QueueMetricsModule } from './queue-metrics';
import { RuntimeModule } from './runtime.module';
import { exitOnSignals } from './shutdown';
import { transportFor } from './transport';

export interface ServiceDefinition {
  name: string;
  /** The service's root module, or a dynamic one configured by its main.ts. */
  module: Type<unknown> | DynamicModule;
  config: RuntimeConfig;
  /** The queue this service consumes, if any. */
  queue?: string;
  /** Other queues it works off (the notifier's webhook deliveries); with `queue`, reported at /metrics. */
  ownQueues?: readonly string[];
  /** Nest's own body parser, on unless the service parses bodies itself. */
  bodyParser?: boolean;
  /** Last touches to the HTTP app before it listens (pipes, filters, middleware). */
  configure?: (app: INestApplication) => void;
}

/**
 * Starts a service: its queue consumer first, then its HTTP port, so "healthy" means "consuming".
 * Every `Logger` of Nest's, the framework's own included, writes through pino from the first line
 * on: what is logged before the pino logger exists is buffered, then written through it.
 */
export async function bootstrapService(service: ServiceDefinition): Promise<INestApplication> {
  const logger = new Logger(service.name);
  tolerateRedisOutages((fields) => logger.warn(fields));
  const reportedQueues = [...(service.queue ? [service.queue] : []), ...(service.ownQueues ?? [])];
  const app = await NestFactory.create({
    module: class ServiceRoot {},
    imports: [
      RuntimeModule.forService(service.config, service.name),
      ...(reportedQueues.length > 0 ? [QueueMetricsModule.forQueues(reportedQueues)] : []),
      service.module,
    ],
  }, { bodyParser: service.bodyParser ?? true, bufferLogs: true });
  app.useLogger(app.get(PinoNestLogger));
  exitOnSignals(app);
  service.configure?.(app);
  if (service.queue) {
    app.useGlobalFilters(new RethrowRpcExceptions(app.getHttpAdapter()));
    app.connectMicroservice(
      { strategy: consumerOf(app, { ...service, queue: service.queue }) },
      { inheritAppConfig: true },
    );
    await app.startAllMicroservices();
  }
  await app.listen(service.config.port, service.config.host);
  const transport = service.queue ? transportFor(service.queue, service.config.transport) : undefined;
  logger.log(`${service.name} ready on port ${service.config.port}${service.queue ? `, consuming "${service.queue}" over ${transport}` : ''}`);
  return app;
}

/** The server side of the transport that carries requests to the service's queue (see transportFor). */
function consumerOf(app: INestApplication, service: ServiceDefinition & { queue: string }): CustomTransportStrategy {
  const { config } = service;
  switch (transportFor(service.queue, config.transport)) {
    case 'redis':
      return new RedisPubSubServer({ redisUrl: config.redisUrl });
    case 'http':
      // On the service's own HTTP port: the route is added before the app listens.
      return new HttpRpcServer(app.getHttpAdapter());
    case 'bullmq':
      return new BullMqServer({
        queue: service.queue,
        redisUrl: config.redisUrl,
        prefix: config.queuePrefix,
        lockDurationMs: config.queueLockDurationMs,
        stalledIntervalMs: config.queueStalledIntervalMs,
        validate: messageProblem,
        unavailableReply: () =>
          fail(
            serviceUnavailable(
              service.name as ServiceName,
              'A service lost its connection to Redis while handling this request. Retry with the same Idempotency-Key.',
            ),
          ),
      });
  }
}
