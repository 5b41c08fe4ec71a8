import { FaultStore } from '@hoptrace/faults';
import { Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { createRedis } from '@hoptrace/queue-transport';
import type IORedis from 'ioredis';
import { ConsoleController, HealthController } from './console.controller';
import { ConsoleRunner } from './console-runner';
import { settingsFrom, type ConsoleSettings } from './settings';
import { REDIS, SETTINGS } from './tokens';

@Module({
  controllers: [ConsoleController, HealthController],
  providers: [
    { provide: SETTINGS, useFactory: () => settingsFrom(process.env) },
    {
      provide: REDIS,
      inject: [SETTINGS],
      // Failing fast: the page shows a Redis that is away instead of waiting on it. The console starts
      // without Redis too; ioredis reconnects by itself, and each request that meets it away answers
      // 502 "Redis unreachable".
      useFactory: (settings: ConsoleSettings) => {
        const redis = createRedis(settings, 'fail-fast', { lazyConnect: true });
        redis.on('error', () => undefined);
        redis.connect().catch(() => undefined);
        return redis;
      },
    },
    { provide: FaultStore, inject: [REDIS, SETTINGS], useFactory: (redis: IORedis, settings: ConsoleSettings) => new FaultStore(redis, settings.queuePrefix) },
    ConsoleRunner,
  ],
})
export class ConsoleModule implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: IORedis) {}

  onApplicationShutdown(): void {
    this.redis.disconnect();
  }
}
