import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { PATTERNS, type ChargeEvent } from '@hoptrace/contracts';
import { ATTR_PAYMENT_CHARGE_ID, inSpan } from '@hoptrace/telemetry';
import { NotificationLog } from './notification-log';
import { WebhookDispatcher } from './webhooks/webhook-dispatcher';

@Controller()
export class ChargeEventsHandler {
  constructor(
    private readonly log: NotificationLog,
    private readonly webhooks: WebhookDispatcher,
  ) {}

  @EventPattern(PATTERNS.chargeSucceeded)
  succeeded(@Payload() event: ChargeEvent): Promise<void> {
    return this.notify(event);
  }

  @EventPattern(PATTERNS.chargeFailed)
  failed(@Payload() event: ChargeEvent): Promise<void> {
    return this.notify(event);
  }

  /**
   * Records the notification, then enqueues a webhook delivery per subscribed endpoint. Deliveries
   * happen later, on their own queue: nothing here waits for a merchant's server.
   */
  private notify(event: ChargeEvent): Promise<void> {
    const attributes = { 'event.id': event.id, 'event.type': event.type, [ATTR_PAYMENT_CHARGE_ID]: event.data.object.id };
    return inSpan(`notify ${event.type}`, attributes, async (span) => {
      span.setAttribute('notification.recorded', await this.log.record(event));
      span.setAttribute('webhook.deliveries', await this.webhooks.dispatch(event));
    });
  }
}
