import { Inject, Injectable, Logger } from '@nestjs/common';
import type { ClientProxy } from '@nestjs/microservices';
import { chargeEventId, type Charge, type ChargeEvent, type ChargeRequest, type PaymentError } from '@hoptrace/contracts';
import { cardDetailsOf } from '@hoptrace/payments';
import { lastValueFrom } from 'rxjs';
import { NOTIFIER } from './tokens';

/** `charge.succeeded`, named by the charge it announces. */
export const chargeSucceeded = (charge: Charge): ChargeEvent => ({
  id: chargeEventId(charge.id, 'charge.succeeded'),
  type: 'charge.succeeded',
  created: charge.created,
  data: { object: charge },
});

/** `charge.failed`. The event names the card by its summary only: the sealed card is for the processor, not for webhooks. */
export function chargeFailed(request: ChargeRequest, error: PaymentError, nowSeconds: number): ChargeEvent {
  const { charge_id, card, ...params } = request;
  return {
    id: chargeEventId(charge_id, 'charge.failed'),
    type: 'charge.failed',
    created: nowSeconds,
    data: {
      object: {
        id: charge_id,
        ...params,
        ...(card ? { payment_method_details: cardDetailsOf(card) } : {}),
        failure_code: error.code,
        decline_code: error.decline_code,
        failure_origin: error.origin,
      },
    },
  };
}

/** Tells the notifier how a charge went. Billing never waits for an answer. */
@Injectable()
export class ChargeEvents {
  private readonly logger = new Logger(ChargeEvents.name);

  constructor(@Inject(NOTIFIER) private readonly notifier: ClientProxy) {}

  succeeded(charge: Charge): Promise<void> {
    return this.emit(chargeSucceeded(charge));
  }

  failed(request: ChargeRequest, error: PaymentError): Promise<void> {
    return this.emit(chargeFailed(request, error, Math.floor(Date.now() / 1000)));
  }

  /** The charge's outcome stands whether or not the notifier hears of it; a lost event is logged. */
  private async emit(event: ChargeEvent): Promise<void> {
    try {
      await lastValueFrom(this.notifier.emit(event.type, event), { defaultValue: undefined });
    } catch (error) {
      this.logger.error(`could not emit ${event.type} ${event.id}: ${(error as Error).message}`);
    }
  }
}
