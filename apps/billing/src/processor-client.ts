import { Inject, Injectable } from '@nestjs/common';
import type { ClientProxy } from '@nestjs/microservices';
import { trace } from '@opentelemetry/api';
import { PATTERNS, SERVICES, type Authorization, type ChargeRequest, type Reply } from '@hoptrace/contracts';
import { CHARGE_HOP_WORDING, HopClient } from '@hoptrace/runtime';
import { recordPaymentOutcome } from '@hoptrace/telemetry';
import { PROCESSOR } from './tokens';

/**
 * Billing's hop to the payment processor. The processor decides and marks its own span; billing
 * records only what it heard back, and stays green for a decline it merely passes on.
 */
@Injectable()
export class ProcessorClient {
  private readonly hop: HopClient<typeof PATTERNS.authorizePayment>;

  constructor(@Inject(PROCESSOR) processor: ClientProxy) {
    this.hop = new HopClient(processor, { origin: SERVICES.billing, wording: CHARGE_HOP_WORDING });
  }

  async authorize(request: ChargeRequest): Promise<Reply<Authorization>> {
    // The charge id is the authorization's idempotency key: a retried charge is authorized at most once.
    const reply = await this.hop.send(PATTERNS.authorizePayment, { ...request, idempotency_key: request.charge_id });
    const span = trace.getActiveSpan();
    // An error of billing's own origin is the hop failing (HopClient has marked the span); any other came from the processor.
    if (span && (reply.ok || reply.error.origin !== SERVICES.billing)) {
      recordPaymentOutcome(span, reply.ok ? 'succeeded' : { error: reply.error });
    }
    return reply;
  }
}
