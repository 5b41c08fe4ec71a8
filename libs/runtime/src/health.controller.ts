import { Controller, Get, Inject, ServiceUnavailableException } from '@nestjs/common';
import IORedis from 'ioredis';
import { REDIS } from './tokens';

/** Liveness and readiness in one: a service without Redis can do nothing useful. */
@Controller()
export class HealthController {
  constructor(@Inject(REDIS) private readonly redis: IORedis) {}

  @Get('healthz')
  async health(): Promise<{ status: 'ok' }> {
    try {
      await this.redis.ping();
      return { status: 'ok' };
    } catch {
      throw new ServiceUnavailableException('redis unreachable');
    }
  }
}
