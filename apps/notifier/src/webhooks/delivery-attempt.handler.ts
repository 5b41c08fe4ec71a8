import { Controller, Inject, Logger } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { trace, type Attributes } from '@opentelemetry/api';
import { SETTINGS } from '@hoptrace/runtime';
import { withClientSpan } from '@hoptrace/telemetry';
import {
  DELIVER,
  followUp,
  nextDelivery,
  startsOwnTrace,
  type AttemptResult,
  type DeliveryDecision,
  type DeliveryJob,
  type FollowUp,
} from '@hoptrace/webhooks';
import type { NotifierSettings } from '../notifier.settings';
import { postWebhook } from './http-delivery';
import { activeTraceparent, linkActiveSpan } from './trace-links';
import {
  ATTR_WEBHOOK_ATTEMPT,
  ATTR_WEBHOOK_DELIVERY_ID,
  ATTR_WEBHOOK_ENDPOINT_ID,
  ATTR_WEBHOOK_EVENT_ID,
  ATTR_WEBHOOK_EVENT_TYPE,
  ATTR_WEBHOOK_OUTCOME,
  ATTR_WEBHOOK_REPLAY,
  ATTR_WEBHOOK_RETRY_DELAY_MS,
} from './webhook-attributes';
import { WebhookDeliveryRecords } from './webhook-deliveries.store';
import { WebhookDispatcher } from './webhook-dispatcher';
import { WebhookEndpoints } from './webhook-endpoints.store';
import { signWebhook } from './webhook-payload';

const unixNow = (): number => Math.floor(Date.now() / 1000);

/** The name of an attempt's HTTP CLIENT span: low-cardinality, the endpoint and event in attributes. */
export const WEBHOOK_CLIENT_SPAN_NAME = 'POST webhook';

/**
 * One delivery attempt, a job of the webhook-deliveries queue, run inside the job's consumer span:
 * load the endpoint and the payload, sign, POST, decide what follows (nextDelivery, followUp), record
 * it on the span, then carry it out. The first attempt is in the charge's trace (BullMQ's telemetry
 * carries the context through the job); a later attempt or a replay is the root of a trace of its
 * own, linked to the charge's trace and to the attempt before, and found by `webhook.event.id`.
 */
@Controller()
export class DeliveryAttemptHandler {
  private readonly logger = new Logger(DeliveryAttemptHandler.name);

  constructor(
    @Inject(SETTINGS) private readonly settings: NotifierSettings,
    private readonly endpoints: WebhookEndpoints,
    private readonly records: WebhookDeliveryRecords,
    private readonly dispatcher: WebhookDispatcher,
  ) {}

  @EventPattern(DELIVER)
  async attempt(@Payload() delivery: DeliveryJob): Promise<void> {
    const attributes: Attributes = {
      [ATTR_WEBHOOK_ENDPOINT_ID]: delivery.endpoint_id,
      [ATTR_WEBHOOK_ATTEMPT]: delivery.attempt,
      [ATTR_WEBHOOK_EVENT_TYPE]: delivery.event_type,
      [ATTR_WEBHOOK_EVENT_ID]: delivery.event_id,
      [ATTR_WEBHOOK_DELIVERY_ID]: delivery.delivery_id,
      [ATTR_WEBHOOK_REPLAY]: delivery.replay,
    };
    trace.getActiveSpan()?.setAttributes(attributes);
    if (startsOwnTrace(delivery)) linkActiveSpan(delivery.links);

    // Nothing is sent to an endpoint disabled (or removed) since, nor without the payload: such a
    // delivery goes to the dead-letter list at once, with the reason as its last error.
    const undeliverable = (error: string) => this.follow(delivery, { action: 'dead_letter' }, { error }, delivery.attempt - 1);
    const target = await this.endpoints.withSecret(delivery.endpoint_id);
    if (!target) return undeliverable('endpoint_missing');
    if (target.endpoint.status !== 'enabled') return undeliverable('endpoint_disabled');
    const body = await this.records.eventBody(delivery.event_id);
    if (body === null) return undeliverable('event_expired');

    const request = signWebhook(target.secret, delivery.event_id, body, new Date());
    const { timeoutMs, retryScheduleMs } = this.settings.webhooks;
    const result = await withClientSpan(WEBHOOK_CLIENT_SPAN_NAME, attributes, () => postWebhook(target.endpoint.url, request, timeoutMs));
    const decision = nextDelivery(delivery.attempt, result.status, result.retryAfter, retryScheduleMs);
    return this.follow(delivery, decision, result, delivery.attempt);
  }

  private async follow(delivery: DeliveryJob, decision: DeliveryDecision, result: AttemptResult, attempts: number): Promise<void> {
    const plan = followUp(delivery, decision, result, attempts, unixNow(), activeTraceparent());
    const span = trace.getActiveSpan();
    span?.setAttribute(ATTR_WEBHOOK_OUTCOME, plan.outcome);
    if (plan.retry) span?.setAttribute(ATTR_WEBHOOK_RETRY_DELAY_MS, plan.retry.delayMs);
    await this.carryOut(delivery, plan);
    if (plan.log) {
      this.logger[plan.log.level]({
        msg: plan.log.msg,
        delivery_id: delivery.delivery_id,
        event_id: delivery.event_id,
        endpoint_id: delivery.endpoint_id,
        attempt: delivery.attempt,
        status: result.status,
        error: result.status === undefined ? plan.lastError : undefined,
        ...(plan.retry ? { retry_in_ms: plan.retry.delayMs } : {}),
        ...(plan.deadLetter ? { attempts } : {}),
      });
    }
  }

  private async carryOut(delivery: DeliveryJob, plan: FollowUp): Promise<void> {
    if (plan.disableEndpoint) await this.endpoints.disable(delivery.endpoint_id);
    if (plan.settleReplay) {
      const record = await this.records.find(delivery.delivery_id);
      const { status, attempts, lastStatus, lastError } = plan.settleReplay;
      if (record) await this.records.update({ ...record, status, attempts, last_status: lastStatus, last_error: lastError });
    }
    if (plan.retry) await this.dispatcher.retry(plan.retry.job, plan.retry.delayMs);
    // A replay links to the charge's trace and to this, the last attempt.
    if (plan.deadLetter) await this.records.deadLetter(plan.deadLetter, { ...delivery.links, previous: activeTraceparent() });
  }
}
