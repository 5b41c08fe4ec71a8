import { Global, Logger, Module } from '@nestjs/common';
import { REDIS, RUNTIME_CONFIG, type RuntimeConfig } from '@hoptrace/runtime';
import type IORedis from 'ioredis';
import { FaultStore } from './fault-store';

/** Gives a service the fault store on its own Redis connection. */
@Global()
@Module({
  providers: [
    {
      provide: FaultStore,
      inject: [REDIS, RUNTIME_CONFIG],
      useFactory: (redis: IORedis, config: RuntimeConfig) => {
        const logger = new Logger(FaultStore.name);
        return new FaultStore(redis, config.queuePrefix, (error) => logger.warn({ msg: 'ignoring an invalid fault', reason: error.message }));
      },
    },
  ],
  exports: [FaultStore],
})
export class FaultsModule {}
