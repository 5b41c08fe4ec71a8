import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { PATTERNS, type ChargeEvent } from '@hoptrace/contracts';
import { ATTR_PAYMENT_CHARGE_ID, inSpan } from '@hoptrace/telemetry';
import { NotificationLog } from './notification-log';

@Controller()
export class ChargeEventsHandler {
  constructor(private readonly log: NotificationLog) {}

  @EventPattern(PATTERNS.chargeSucceeded)
  succeeded(@Payload() event: ChargeEvent): Promise<void> {
    return this.notify(event);
  }

  @EventPattern(PATTERNS.chargeFailed)
  failed(@Payload() event: ChargeEvent): Promise<void> {
    return this.notify(event);
  }

  private notify(event: ChargeEvent): Promise<void> {
    const attributes = { 'event.id': event.id, 'event.type': event.type, [ATTR_PAYMENT_CHARGE_ID]: event.data.object.id };
    return inSpan(`notify ${event.type}`, attributes, async (span) => {
      span.setAttribute('notification.recorded', await this.log.record(event));
    });
  }
}
