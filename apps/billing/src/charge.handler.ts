import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { fail, ok, PATTERNS, type Charge, type ChargeRequest, type Reply } from '@hoptrace/contracts';
import { ChargeEvents } from './charge-events';
import { chargeOf } from './charge-of';
import { logChargeOutcome } from './charge-log';
import { CustomerAssessment } from './customer-assessment';
import { ProcessorClient } from './processor-client';

/**
 * Billing's part of a charge: its own decision about the customer, then the processor's about the
 * card, then the notifier hears how it went. Each step records itself on its span.
 */
@Controller()
export class ChargeHandler {
  constructor(
    private readonly customers: CustomerAssessment,
    private readonly processor: ProcessorClient,
    private readonly events: ChargeEvents,
  ) {}

  @MessagePattern(PATTERNS.createCharge)
  async create(@Payload() request: ChargeRequest): Promise<Reply<Charge>> {
    const reply = await this.charge(request);
    logChargeOutcome(request, reply);
    return reply;
  }

  private async charge(request: ChargeRequest): Promise<Reply<Charge>> {
    const standing = await this.customers.assess(request);
    if (standing.outcome === 'refused') return fail(standing.error);

    const authorization = await this.processor.authorize(request);
    if (!authorization.ok) {
      // Only a card that was tried failed as a charge; a refusal of the request or an outage did not.
      if (authorization.error.type === 'card_error') await this.events.failed(request, authorization.error);
      return authorization;
    }
    const charge = chargeOf(request, authorization.value);
    await this.events.succeeded(charge);
    return ok(charge);
  }
}
