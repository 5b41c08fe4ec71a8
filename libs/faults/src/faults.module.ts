import { Global, Logger, Module } from '@nestjs/common';
import { REDIS, SETTINGS, type ServiceSettings } from '@hoptrace/runtime';
import type IORedis from 'ioredis';
import { FaultStore } from './fault-store';

/** Gives a service the fault store on its own Redis connection. */
@Global()
@Module({
  providers: [
    {
      provide: FaultStore,
      inject: [REDIS, SETTINGS],
      useFactory: (redis: IORedis, settings: ServiceSettings) => {
        const logger = new Logger(FaultStore.name);
        return new FaultStore(redis, settings.queuePrefix, (error) => logger.warn({ msg: 'ignoring an invalid fault', reason: error.message }));
      },
    },
  ],
  exports: [FaultStore],
})
export class FaultsModule {}
