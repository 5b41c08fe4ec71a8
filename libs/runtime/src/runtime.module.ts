import { Global, Inject, Logger, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { shutdownTelemetry } from '@hoptrace/telemetry';
import IORedis from 'ioredis';
import { LoggerModule } from 'nestjs-pino';
import type { RuntimeConfig } from './config';
import { HealthController } from './health.controller';
import { httpLoggerOptions, serviceLogDestination } from './logging';
import { REDIS, RUNTIME_CONFIG } from './tokens';

/** Closes the data connection, then flushes the spans still buffered: nothing is lost on shutdown. */
class RuntimeShutdown implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: IORedis) {}

  async onApplicationShutdown(): Promise<void> {
    this.redis.disconnect();
    await shutdownTelemetry();
  }
}

/**
 * What every service gets: its configuration, a Redis connection for its own data (failing fast
 * while Redis is down rather than queueing commands), a health probe, structured logs (pino, one
 * JSON object per line, with the trace context and without secrets), and an orderly shutdown.
 */
@Global()
@Module({})
export class RuntimeModule {
  static forService(config: RuntimeConfig, service: string): DynamicModule {
    return {
      module: RuntimeModule,
      imports: [LoggerModule.forRoot({ pinoHttp: [httpLoggerOptions(service, config.logLevel), serviceLogDestination()] })],
      controllers: [HealthController],
      providers: [
        { provide: RUNTIME_CONFIG, useValue: config },
        {
          provide: REDIS,
          // Connected before any provider sees it: with the offline queue off, a command sent while
          // connecting would fail rather than wait.
          useFactory: async () => {
            const redis = new IORedis(config.redisUrl, {
              maxRetriesPerRequest: 1,
              enableOfflineQueue: false,
              lazyConnect: true,
            });
            // Without a listener ioredis prints each failed reconnection to stderr, outside the JSON log.
            const logger = new Logger('Redis');
            redis.on('error', (error: Error) => logger.warn({ msg: 'redis connection error', reason: error.message }));
            await redis.connect();
            return redis;
          },
        },
        RuntimeShutdown,
      ],
      exports: [RUNTIME_CONFIG, REDIS],
    };
  }
}
