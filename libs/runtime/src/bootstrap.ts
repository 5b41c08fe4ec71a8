import { Logger, type DynamicModule, type INestApplication, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger as PinoNestLogger } from 'nestjs-pino';
import { fail, messageProblem, type ServiceName } from '@hoptrace/contracts';
import { BullMqServer, tolerateRedisOutages } from '@hoptrace/queue-transport';
import type { RuntimeConfig } from './config';
import { RuntimeModule } from './runtime.module';

export interface ServiceDefinition {
  name: string;
  /** The service's root module, or a dynamic one configured by its main.ts. */
  module: Type<unknown> | DynamicModule;
  config: RuntimeConfig;
  /** The queue this service consumes, if any. */
  queue?: string;
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
  const app = await NestFactory.create({
    module: class ServiceRoot {},
    imports: [RuntimeModule.forService(service.config, service.name), service.module],
  }, { bodyParser: service.bodyParser ?? true, bufferLogs: true });
  app.useLogger(app.get(PinoNestLogger));
  app.enableShutdownHooks();
  service.configure?.(app);
  if (service.queue) {
    app.connectMicroservice(
      {
        strategy: new BullMqServer({
          queue: service.queue,
          redisUrl: service.config.redisUrl,
          prefix: service.config.queuePrefix,
          lockDurationMs: service.config.queueLockDurationMs,
          stalledIntervalMs: service.config.queueStalledIntervalMs,
          validate: messageProblem,
          unavailableReply: () =>
            fail({
              type: 'api_error',
              code: 'service_unavailable',
              message: 'A service lost its connection to Redis while handling this request. Retry with the same Idempotency-Key.',
              origin: service.name as ServiceName,
            }),
        }),
      },
      { inheritAppConfig: true },
    );
    await app.startAllMicroservices();
  }
  await app.listen(service.config.port, service.config.host);
  logger.log(`${service.name} ready on port ${service.config.port}${service.queue ? `, consuming queue "${service.queue}"` : ''}`);
  return app;
}
