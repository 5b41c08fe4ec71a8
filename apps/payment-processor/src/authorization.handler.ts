import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  fail,
  ok,
  PATTERNS,
  type Authorization,
  type AuthorizationRequest,
  type Reply,
} from '@hoptrace/contracts';
import { decideAuthorization, decideCardAuthorization } from '@hoptrace/payments';
import { authorizationFault, FaultStore, faultAttributes, holdFor, processorFailure, type FaultName } from '@hoptrace/faults';
import {
  ATTR_PAYMENT_AMOUNT,
  ATTR_PAYMENT_CHARGE_ID,
  ATTR_PAYMENT_CURRENCY,
  ATTR_PAYMENT_METHOD,
  inSpan,
  recordDecision,
  recordFailure,
  recordPaymentOutcome,
} from '@hoptrace/telemetry';
import { randomInt } from 'node:crypto';
import { CardVault } from './card-vault';
import { ChargeLedger } from './charge-ledger';

/** The faults that act on an authorization. `processor_unavailable` acts on the queue: no job arrives. */
const PROCESSOR_FAULTS: readonly FaultName[] = ['processor_latency_ms', 'processor_failure_rate'];

@Controller()
export class AuthorizationHandler {
  constructor(
    private readonly ledger: ChargeLedger,
    private readonly faults: FaultStore,
    private readonly cards: CardVault,
  ) {}

  /** The card network's answer. A decline is a reply, and this span is where the 402 is decided. */
  @MessagePattern(PATTERNS.authorizePayment)
  authorize(@Payload() request: AuthorizationRequest): Promise<Reply<Authorization>> {
    const attributes = {
      [ATTR_PAYMENT_CHARGE_ID]: request.charge_id,
      [ATTR_PAYMENT_AMOUNT]: request.amount,
      [ATTR_PAYMENT_CURRENCY]: request.currency,
      [ATTR_PAYMENT_METHOD]: request.payment_method,
    };
    return inSpan('payment.authorize', attributes, async (span) => {
      const faults = await this.faults.read();
      span.setAttributes(faultAttributes(faults, PROCESSOR_FAULTS));
      const fault = authorizationFault(faults, request.charge_id);
      if (fault.delayMs > 0) {
        // Its own span, so the trace shows the time lost here and what lost it.
        await inSpan('fault.processor_latency', faultAttributes(faults, ['processor_latency_ms']), () => holdFor(fault.delayMs));
      }
      if (fault.fails) {
        const error = processorFailure();
        recordFailure(span, error);
        return fail(error);
      }
      const decision = request.card
        ? decideCardAuthorization(request, this.cards.open(request.card, request.charge_id), new Date())
        : decideAuthorization(request);
      recordDecision(span, decision);
      if (decision.outcome !== 'approved') return fail(decision.error);
      const { entry, replayed } = await this.ledger.record(
        ChargeLedger.entryFor(request, {
          charge_id: request.charge_id,
          // randomInt draws from Node's pooled CSPRNG output; randomBytes made a syscall per charge.
          authorization_code: randomInt(0x1000000).toString(16).toUpperCase().padStart(6, '0'),
          network: decision.card.brand,
          last4: decision.card.last4,
          authorized_at: Math.floor(Date.now() / 1000),
          payment_method_details: this.cards.details(request, decision.card),
        }),
      );
      recordPaymentOutcome(span, 'succeeded');
      span.setAttribute('payment.ledger.replayed', replayed);
      const { charge_id, authorization_code, network, last4, authorized_at, payment_method_details } = entry;
      return ok({ charge_id, authorization_code, network, last4, authorized_at, payment_method_details });
    });
  }
}
