import { Inject, Injectable } from '@nestjs/common';
import type { ChargeEvent } from '@hoptrace/contracts';
import { execOrThrow, REDIS } from '@hoptrace/runtime';
import IORedis from 'ioredis';

export const NOTIFICATIONS_KEY = 'notifier:notifications';
const SEEN_TTL_SECONDS = 7 * 24 * 3600;
const KEEP = 10_000;

export interface Notification {
  event_id: string;
  type: ChargeEvent['type'];
  charge: string;
  customer: string;
  recorded_at: number;
}

/**
 * The notifications this service would send, newest first. An event is recorded once even if its
 * job is delivered again (events are retried), keyed by the event id as webhooks are.
 */
@Injectable()
export class NotificationLog {
  constructor(@Inject(REDIS) private readonly redis: IORedis) {}

  async record(event: ChargeEvent): Promise<boolean> {
    const first = await this.redis.set(`notifier:seen:${event.id}`, '1', 'EX', SEEN_TTL_SECONDS, 'NX');
    if (first !== 'OK') return false;
    const notification: Notification = {
      event_id: event.id,
      type: event.type,
      charge: event.data.object.id,
      customer: event.data.object.customer,
      recorded_at: Date.now(),
    };
    await execOrThrow(this.redis.multi().lpush(NOTIFICATIONS_KEY, JSON.stringify(notification)).ltrim(NOTIFICATIONS_KEY, 0, KEEP - 1));
    return true;
  }
}
