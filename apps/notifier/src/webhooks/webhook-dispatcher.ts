import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { trace, type Attributes, type Span } from '@opentelemetry/api';
import {
  newId,
  QUEUES,
  type ChargeEvent,
  type WebhookDelivery,
  type WebhookEventType,
} from '@hoptrace/contracts';
import { createRedis, messagingTelemetry } from '@hoptrace/queue-transport';
import { RUNTIME_CONFIG, type RuntimeConfig } from '@hoptrace/runtime';
import { ATTR_MESSAGING_MESSAGE_ID, withClientSpanAttributes } from '@hoptrace/telemetry';
import { Queue, Worker, type Job, type JobsOptions } from 'bullmq';
import { postWebhook, type AttemptResult } from './http-delivery';
import { nextDelivery, type DeliveryDecision } from './next-delivery';
import { WEBHOOK_SETTINGS } from './tokens';
import { WebhookDeliveryRecords, webhookEventKey } from './webhook-deliveries.store';
import { WebhookEndpoints } from './webhook-endpoints.store';
import { signWebhook, webhookPayload } from './webhook-payload';
import type { WebhookSettings } from './webhook-settings';

/** One attempt to deliver one event to one endpoint: ids and counters only, never a secret or payload. */
export interface DeliveryJob {
  delivery_id: string;
  event_id: string;
  event_type: WebhookEventType;
  endpoint_id: string;
  /** 1 for the first attempt of a run (the first delivery, or a replay). */
  attempt: number;
  /** 0 for the first delivery, n for the n-th replay. */
  replay: number;
  /** When the delivery was first enqueued (Unix seconds). */
  created: number;
}

const JOB_NAME = 'deliver';

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

/** Span attributes of a delivery attempt, on the job's consumer span and on the HTTP CLIENT span. */
export const ATTR_WEBHOOK_ENDPOINT_ID = 'webhook.endpoint.id';
export const ATTR_WEBHOOK_ATTEMPT = 'webhook.attempt';
export const ATTR_WEBHOOK_EVENT_TYPE = 'webhook.event.type';
export const ATTR_WEBHOOK_EVENT_ID = 'webhook.event.id';
export const ATTR_WEBHOOK_DELIVERY_ID = 'webhook.delivery.id';
export const ATTR_WEBHOOK_REPLAY = 'webhook.replay';
export const ATTR_WEBHOOK_OUTCOME = 'webhook.outcome';

const unixNow = (): number => Math.floor(Date.now() / 1000);

/**
 * Webhook deliveries: fans each charge event out to the endpoints subscribed to it, one job per
 * endpoint on the notifier's own `webhook-deliveries` queue, and consumes that queue. Every attempt is
 * signed afresh, POSTed, and followed by what nextDelivery decides: done, a retry as a delayed job,
 * the endpoint disabled (410), or the dead-letter list. BullMQ's telemetry carries the trace context
 * through each job, so every attempt is in the trace of the charge (or of the replay request).
 */
@Injectable()
export class WebhookDispatcher implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(WebhookDispatcher.name);
  private queue?: Queue<DeliveryJob>;
  private worker?: Worker<DeliveryJob>;

  constructor(
    @Inject(RUNTIME_CONFIG) private readonly config: RuntimeConfig,
    @Inject(WEBHOOK_SETTINGS) private readonly settings: WebhookSettings,
    private readonly endpoints: WebhookEndpoints,
    private readonly records: WebhookDeliveryRecords,
  ) {}

  async onModuleInit(): Promise<void> {
    if (this.settings.developmentKey) {
      this.logger.warn({
        msg: 'WEBHOOK_SECRETS_KEY is not set: webhook signing secrets are encrypted with the public development key. Set it outside development.',
      });
    }
    const name = QUEUES.webhookDeliveries;
    const { redisUrl, queuePrefix: prefix } = this.config;
    this.queue = new Queue<DeliveryJob>(name, {
      connection: createRedis(redisUrl, 'producer'),
      prefix,
      telemetry: messagingTelemetry(name),
    });
    this.worker = new Worker<DeliveryJob>(name, (job) => this.attempt(job), {
      connection: createRedis(redisUrl, 'blocking'),
      prefix,
      concurrency: 8,
      telemetry: messagingTelemetry(name),
    });
    this.queue.on('error', (error) => this.logger.error({ msg: 'queue error', queue: name, reason: error.message }));
    this.worker.on('error', (error) => this.logger.error({ msg: 'worker error', queue: name, reason: error.message }));
    this.worker.on('failed', (job, error) =>
      this.logger.warn({ msg: 'delivery job failed', queue: name, job_id: job?.id, reason: error.message }),
    );
    await Promise.all([this.queue.waitUntilReady(), this.worker.waitUntilReady()]);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.worker?.close();
    await this.queue?.close();
  }

  /** Enqueues a delivery of `event` to every enabled endpoint subscribed to it; returns how many. */
  async dispatch(event: ChargeEvent): Promise<number> {
    const endpoints = await this.endpoints.subscribedTo(event.type);
    if (endpoints.length === 0) return 0;
    await this.records.saveEvent(event.id, JSON.stringify(webhookPayload(event)));
    const created = unixNow();
    await Promise.all(
      endpoints.map((endpoint) =>
        this.enqueue(
          { delivery_id: newId('whdl'), event_id: event.id, event_type: event.type, endpoint_id: endpoint.id, attempt: 1, replay: 0, created },
          // The same event delivered to the notifier twice is fanned out once: BullMQ ignores a known job id.
          `${event.id}-${endpoint.id}`,
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
    try {
      await this.enqueue({
        delivery_id: delivery.id,
        event_id: delivery.event,
        event_type: delivery.event_type,
        endpoint_id: delivery.endpoint,
        attempt: 1,
        replay: pending.replays,
        created: delivery.created,
      });
    } catch (error) {
      await this.records.deadLetter(delivery);
      throw error;
    }
    return pending;
  }

  private async enqueue(job: DeliveryJob, jobId = `${job.delivery_id}-r${job.replay}-a${job.attempt}`, delay = 0): Promise<void> {
    if (!this.queue) throw new Error('the webhook delivery queue is not open');
    await this.queue.add(JOB_NAME, job, { ...JOB_OPTIONS, jobId, ...(delay > 0 ? { delay } : {}) });
  }

  /** One attempt: sign, POST, then do what nextDelivery decides. Runs inside the job's consumer span. */
  private async attempt(job: Job<DeliveryJob>): Promise<{ outcome: string; status?: number }> {
    const delivery = job.data;
    const attributes: Attributes = {
      [ATTR_WEBHOOK_ENDPOINT_ID]: delivery.endpoint_id,
      [ATTR_WEBHOOK_ATTEMPT]: delivery.attempt,
      [ATTR_WEBHOOK_EVENT_TYPE]: delivery.event_type,
      [ATTR_WEBHOOK_EVENT_ID]: delivery.event_id,
      [ATTR_WEBHOOK_DELIVERY_ID]: delivery.delivery_id,
      [ATTR_WEBHOOK_REPLAY]: delivery.replay,
    };
    const span = trace.getActiveSpan();
    span?.setAttributes({ ...attributes, [ATTR_MESSAGING_MESSAGE_ID]: job.id ?? '' });

    // Nothing is sent to an endpoint disabled (or removed) since, nor without the payload: such a
    // delivery goes to the dead-letter list at once, with the reason as its last error.
    const undeliverable = (error: string) =>
      this.follow(delivery, { action: 'dead_letter' }, { error }, delivery.attempt - 1, span);
    const target = await this.endpoints.withSecret(delivery.endpoint_id);
    if (!target) return undeliverable('endpoint_missing');
    if (target.endpoint.status !== 'enabled') return undeliverable('endpoint_disabled');
    const body = await this.records.eventBody(delivery.event_id);
    if (body === null) return undeliverable('event_expired');

    const request = signWebhook(target.secret, delivery.event_id, body, new Date());
    const result = await withClientSpanAttributes(attributes, () => postWebhook(target.endpoint.url, request, this.settings.timeoutMs));
    const decision = nextDelivery(delivery.attempt, result.status, result.retryAfter, this.settings.retryScheduleMs);
    return this.follow(delivery, decision, result, delivery.attempt, span);
  }

  private async follow(
    delivery: DeliveryJob,
    decision: DeliveryDecision,
    result: AttemptResult,
    attempts: number,
    span: Span | undefined,
  ): Promise<{ outcome: string; status?: number }> {
    span?.setAttribute(ATTR_WEBHOOK_OUTCOME, decision.action);
    const lastError = result.status !== undefined ? `http_${result.status}` : (result.error ?? 'unknown');
    const fields = {
      delivery_id: delivery.delivery_id,
      event_id: delivery.event_id,
      endpoint_id: delivery.endpoint_id,
      attempt: delivery.attempt,
      status: result.status,
      error: result.status === undefined ? lastError : undefined,
    };
    switch (decision.action) {
      case 'delivered':
        if (delivery.replay > 0) await this.settleReplay(delivery, 'delivered', attempts, result);
        break;
      case 'disable':
        await this.endpoints.disable(delivery.endpoint_id);
        if (delivery.replay > 0) await this.settleReplay(delivery, 'endpoint_disabled', attempts, result);
        this.logger.warn({ msg: 'webhook endpoint answered 410 Gone: disabled', ...fields });
        break;
      case 'retry':
        span?.setAttribute('webhook.retry.delay_ms', decision.delayMs ?? 0);
        await this.enqueue({ ...delivery, attempt: delivery.attempt + 1 }, undefined, decision.delayMs);
        this.logger.log({ msg: 'webhook attempt failed: retrying', ...fields, retry_in_ms: decision.delayMs });
        break;
      case 'dead_letter':
        await this.records.deadLetter({
          id: delivery.delivery_id,
          object: 'webhook_delivery',
          status: 'dead',
          event: delivery.event_id,
          event_type: delivery.event_type,
          endpoint: delivery.endpoint_id,
          attempts,
          last_status: result.status ?? null,
          last_error: lastError,
          payload_ref: webhookEventKey(delivery.event_id),
          created: delivery.created,
          dead_at: unixNow(),
          replays: delivery.replay,
        });
        this.logger.warn({ msg: 'webhook delivery dead-lettered', ...fields, attempts });
        break;
    }
    return { outcome: decision.action, ...(result.status !== undefined ? { status: result.status } : {}) };
  }

  /** How a replay ended, on its record: it is no longer pending. */
  private async settleReplay(delivery: DeliveryJob, status: 'delivered' | 'endpoint_disabled', attempts: number, result: AttemptResult): Promise<void> {
    const record = await this.records.find(delivery.delivery_id);
    if (!record) return;
    await this.records.update({ ...record, status, attempts, last_status: result.status ?? null, last_error: status === 'delivered' ? null : `http_${result.status}` });
  }
}
