import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { demoCustomers, type CustomerRecord } from '@hoptrace/payments';
import { execOrThrow, REDIS } from '@hoptrace/runtime';
import IORedis from 'ioredis';

const keyOf = (id: string) => `billing:customer:${id}`;

/** Billing's customers and their invoices, kept in Redis so that every billing replica sees the same. */
@Injectable()
export class CustomerDirectory implements OnApplicationBootstrap {
  constructor(@Inject(REDIS) private readonly redis: IORedis) {}

  /** Seeds the demo customers. Re-seeding on every boot keeps their due dates relative to today. */
  async onApplicationBootstrap(): Promise<void> {
    const now = Math.floor(Date.now() / 1000);
    const pipeline = this.redis.pipeline();
    for (const customer of demoCustomers(now)) pipeline.set(keyOf(customer.id), JSON.stringify(customer));
    await execOrThrow(pipeline);
  }

  async find(id: string): Promise<CustomerRecord | null> {
    const raw = await this.redis.get(keyOf(id));
    return raw ? (JSON.parse(raw) as CustomerRecord) : null;
  }
}
