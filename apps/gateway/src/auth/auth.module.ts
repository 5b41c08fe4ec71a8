import { Module, type ExecutionContext } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import { ThrottlerStorageRedisService } from '@nest-lab/throttler-storage-redis';
import { REDIS, SETTINGS } from '@hoptrace/runtime';
import type { GatewaySettings } from '../gateway.settings';
import IORedis from 'ioredis';
import { ApiKeyGuard, type AuthenticatedRequest } from './api-key.guard';
import { ApiKeyStore } from './api-key.store';
import { PaymentRateLimitGuard } from './payment-rate-limit.guard';

/** API keys, then the payment rate limit: guards run in the order they are provided here. */
@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      inject: [SETTINGS, REDIS],
      useFactory: (config: GatewaySettings, redis: IORedis) => ({
        throttlers: [
          {
            name: 'default',
            ttl: 60_000,
            // A key's plan may set a lower limit than the gateway's; the API key guard has run first.
            limit: (context: ExecutionContext) =>
              context.switchToHttp().getRequest<AuthenticatedRequest>().apiKey?.rate_limit_per_minute ?? config.paymentRateLimitPerMinute,
          },
        ],
        storage: new ThrottlerStorageRedisService(redis),
      }),
    }),
  ],
  providers: [
    ApiKeyStore,
    { provide: APP_GUARD, useClass: ApiKeyGuard },
    { provide: APP_GUARD, useClass: PaymentRateLimitGuard },
  ],
})
export class AuthModule {}
