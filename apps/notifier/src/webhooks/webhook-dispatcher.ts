import { Inject, Injectable } from '@nestjs/common';
import type { ClientProxy } from '@nestjs/microservices';
import { newId, type ChargeEvent, type WebhookDelivery } from '@hoptrace/contracts';
import { BullMqRecord } from '@hoptrace/queue-transport';
import { attemptJobId, DELIVER, firstDeliveryJobId, startsOwnTrace, type DeliveryJob } from '@hoptrace/webhooks';
import type { JobsOptions } from 'bullmq';
import { lastValueFrom } from 'rxjs';
import { activeTraceparent } from './trace-links';
import { DELIVERIES } from './tokens';
import { WebhookDeliveryRecords } from './webhook-deliveries.store';
import { WebhookEndpoints } from './webhook-endpoints.store';
import { webhookPayload } from './webhook-payload';

/**
 * An attempt whose HTTP outcome is known never fails its job: what follows is decided by
 * nextDelivery and done with new delayed jobs. A job fails only when the notifier could not do its
 * part (Redis unreachable, say); BullMQ then tries that attempt again a few times.
 */
const JOB_OPTIONS: JobsOptions = {
  attempts: 3,
  backoff: { type: 'exponential', delay: 1000 },
  removeOnComplete: { age: 3600, count: 10_000 },
  removeOnFail: { age: 7 * 24 * 3600 },
};

const unixNow = (): number => Math.floor(Date.now() / 1000);

/**
 * Puts webhook deliveries on the notifier's own `webhook-deliveries` queue: each charge event fanned
 * out to the endpoints subscribed to it (one job per endpoint), a dead letter sent again, and the
 * next attempt of a failed one. The attempts themselves are DeliveryAttemptHandler's.
 */
@Injectable()
export class WebhookDispatcher {
  constructor(
    @Inject(DELIVERIES) private readonly deliveries: ClientProxy,
    private readonly endpoints: WebhookEndpoints,
    private readonly records: WebhookDeliveryRecords,
  ) {}

  /** Enqueues a delivery of `event` to every enabled endpoint subscribed to it; returns how many. */
  async dispatch(event: ChargeEvent): Promise<number> {
    const endpoints = await this.endpoints.subscribedTo(event.type);
    if (endpoints.length === 0) return 0;
    await this.records.saveEvent(event.id, JSON.stringify(webhookPayload(event)));
    const created = unixNow();
    // The first attempts stay in the charge's trace; later ones link back to this span.
    const charge = activeTraceparent();
    const links = charge ? { charge } : undefined;
    await Promise.all(
      endpoints.map((endpoint) =>
        this.enqueue(
          { delivery_id: newId('whdl'), event_id: event.id, event_type: event.type, endpoint_id: endpoint.id, attempt: 1, replay: 0, created, ...(links ? { links } : {}) },
          firstDeliveryJobId(event.id, endpoint.id),
        ),
      ),
    );
    return endpoints.length;
  }

  /**
   * Sends a dead letter again from the first attempt of the schedule. Null when no such delivery is
   * known; a delivery already on its way again is left as it is.
   */
  async replay(id: string): Promise<WebhookDelivery | null> {
    const delivery = await this.records.find(id);
    if (!delivery || delivery.status === 'pending') return delivery;
    const pending: WebhookDelivery = { ...delivery, status: 'pending', replays: delivery.replays + 1 };
    await this.records.update(pending);
    const links = await this.records.linksOf(delivery.id);
    try {
      await this.enqueue({
        delivery_id: delivery.id,
        event_id: delivery.event,
        event_type: delivery.event_type,
        endpoint_id: delivery.endpoint,
        attempt: 1,
        replay: pending.replays,
        created: delivery.created,
        ...(links ? { links } : {}),
      });
    } catch (error) {
      await this.records.deadLetter(delivery);
      throw error;
    }
    return pending;
  }

  /** The next attempt of a delivery, after `delayMs`. */
  retry(job: DeliveryJob, delayMs: number): Promise<void> {
    return this.enqueue(job, attemptJobId(job), delayMs);
  }

  /**
   * A later attempt or a replay is added without the trace context (`omitContext`): it starts a trace
   * of its own when it runs, linked to the charge's and to the attempt before (DeliveryAttemptHandler),
   * rather than keeping the charge's trace open for as long as the retries go on.
   */
  private async enqueue(job: DeliveryJob, jobId = attemptJobId(job), delay = 0): Promise<void> {
    const options: JobsOptions = {
      ...JOB_OPTIONS,
      jobId,
      ...(delay > 0 ? { delay } : {}),
      ...(startsOwnTrace(job) ? { telemetry: { omitContext: true } } : {}),
    };
    await lastValueFrom(this.deliveries.emit(DELIVER, new BullMqRecord(job, options)), { defaultValue: undefined });
  }
}
