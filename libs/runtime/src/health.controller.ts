import { Controller, Get, Inject, ServiceUnavailableException } from '@nestjs/common';
import IORedis from 'ioredis';
import { REDIS } from './tokens';

/**
 * Readiness (`/healthz`): a service without Redis can do nothing useful, so it takes no traffic.
 * Liveness (`/livez`): the process answers; a Redis outage is no reason to restart it.
 */
@Controller()
export class HealthController {
  constructor(@Inject(REDIS) private readonly redis: IORedis) {}

  @Get('livez')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

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
