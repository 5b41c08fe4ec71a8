import { Inject, Injectable } from '@nestjs/common';
import type { ListPage, WebhookDelivery } from '@hoptrace/contracts';
import { execOrThrow, REDIS } from '@hoptrace/runtime';
import { webhookEventKey, type DeliveryLinks } from '@hoptrace/webhooks';
import IORedis from 'ioredis';

/** Dead letters, newest first: delivery ids scored by when they went dead (ms). */
export const DEAD_DELIVERIES_KEY = 'notifier:webhook_deliveries:dead';
export const deliveryKey = (id: string): string => `notifier:webhook_delivery:${id}`;
/** What a replay of a dead letter links to: the charge's trace and the delivery's last attempt. */
export const deliveryLinksKey = (id: string): string => `notifier:webhook_delivery_links:${id}`;
/** Events and dead letters are kept 30 days, as Stripe keeps events. */
export const RETENTION_SECONDS = 30 * 24 * 3600;

/**
 * What the notifier keeps of deliveries: each event's payload while it may still be delivered, and
 * the deliveries that exhausted the retry schedule (the dead-letter list), for reading and replay.
 * Deliveries that succeed leave nothing here: their record is the trace. No secret is stored here.
 */
@Injectable()
export class WebhookDeliveryRecords {
  constructor(@Inject(REDIS) private readonly redis: IORedis) {}

  async saveEvent(eventId: string, body: string): Promise<void> {
    await this.redis.set(webhookEventKey(eventId), body, 'EX', RETENTION_SECONDS);
  }

  eventBody(eventId: string): Promise<string | null> {
    return this.redis.get(webhookEventKey(eventId));
  }

  async find(id: string): Promise<WebhookDelivery | null> {
    const raw = await this.redis.get(deliveryKey(id));
    return raw ? (JSON.parse(raw) as WebhookDelivery) : null;
  }

  /** Puts a delivery on the dead-letter list and keeps its payload as long as the record. */
  async deadLetter(delivery: WebhookDelivery, links?: DeliveryLinks): Promise<void> {
    const multi = this.redis.multi();
    if (links) multi.set(deliveryLinksKey(delivery.id), JSON.stringify(links), 'EX', RETENTION_SECONDS);
    await execOrThrow(
      multi
        .set(deliveryKey(delivery.id), JSON.stringify(delivery), 'EX', RETENTION_SECONDS)
        .zadd(DEAD_DELIVERIES_KEY, delivery.dead_at * 1000, delivery.id)
        .expire(webhookEventKey(delivery.event), RETENTION_SECONDS),
    );
  }

  /** The spans a replay of the delivery links to; none once they have expired. */
  async linksOf(id: string): Promise<DeliveryLinks | undefined> {
    const raw = await this.redis.get(deliveryLinksKey(id));
    return raw ? (JSON.parse(raw) as DeliveryLinks) : undefined;
  }

  /** Records a delivery's new state; off the dead-letter list unless it is `dead`. */
  async update(delivery: WebhookDelivery): Promise<void> {
    const multi = this.redis.multi().set(deliveryKey(delivery.id), JSON.stringify(delivery), 'EX', RETENTION_SECONDS);
    if (delivery.status !== 'dead') multi.zrem(DEAD_DELIVERIES_KEY, delivery.id);
    await execOrThrow(multi);
  }

  /** The dead letters, newest first. Records that have expired leave the list as they are met. */
  async listDead(limit: number): Promise<ListPage<WebhookDelivery>> {
    const ids = await this.redis.zrevrange(DEAD_DELIVERIES_KEY, 0, limit);
    if (ids.length === 0) return { data: [], has_more: false };
    const raws = await this.redis.mget(ids.map(deliveryKey));
    const expired = ids.filter((_id, index) => raws[index] === null);
    if (expired.length > 0) await this.redis.zrem(DEAD_DELIVERIES_KEY, ...expired);
    const found = raws.flatMap((raw) => (raw ? [JSON.parse(raw) as WebhookDelivery] : [])).filter((delivery) => delivery.status === 'dead');
    return { data: found.slice(0, limit), has_more: ids.length > limit };
  }
}
