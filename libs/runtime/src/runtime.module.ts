import { Global, Inject, Logger, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { createRedis } from '@hoptrace/queue-transport';
import { shutdownTelemetry } from '@hoptrace/telemetry';
import type IORedis from 'ioredis';
import { LoggerModule } from 'nestjs-pino';
import { HealthController } from './health.controller';
import { httpLoggerOptions, serviceLogDestination } from './logging';
import type { ServiceSettings } from './service-settings';
import { QUEUE_TRANSPORT, REDIS, SETTINGS } from './tokens';
import type { QueueTransport } from './transport';

/** Closes the data connection, then flushes the spans still buffered: nothing is lost on shutdown. */
class RuntimeShutdown implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: IORedis) {}

  async onApplicationShutdown(): Promise<void> {
    this.redis.disconnect();
    await shutdownTelemetry();
  }
}

/**
 * What every service gets: its settings (SETTINGS), the transport its ClientsModule registrations
 * ask for their clients (QUEUE_TRANSPORT), a Redis connection for its own data (failing fast
 * while Redis is down rather than queueing commands), a health probe, structured logs (pino, one
 * JSON object per line, with the trace context and without secrets), and an orderly shutdown.
 */
@Global()
@Module({})
export class RuntimeModule {
  static forService(settings: ServiceSettings, service: string, transport: QueueTransport): DynamicModule {
    return {
      module: RuntimeModule,
      imports: [LoggerModule.forRoot({ pinoHttp: [httpLoggerOptions(service, settings.logLevel), serviceLogDestination()] })],
      controllers: [HealthController],
      providers: [
        { provide: SETTINGS, useValue: settings },
        { provide: QUEUE_TRANSPORT, useValue: transport },
        {
          provide: REDIS,
          // Connected before any provider sees it: with the offline queue off, a command sent while
          // connecting would fail rather than wait.
          useFactory: async () => {
            const redis = createRedis(settings, 'fail-fast', { lazyConnect: true });
            // Without a listener ioredis prints each failed reconnection to stderr, outside the JSON log.
            const logger = new Logger('Redis');
            redis.on('error', (error: Error) => logger.warn({ msg: 'redis connection error', reason: error.message }));
            await redis.connect();
            return redis;
          },
        },
        RuntimeShutdown,
      ],
      exports: [SETTINGS, QUEUE_TRANSPORT, REDIS],
    };
  }
}
