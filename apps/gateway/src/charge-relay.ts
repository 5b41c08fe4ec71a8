import { Inject, Injectable } from '@nestjs/common';
import type { ClientProxy } from '@nestjs/microservices';
import { newId, PATTERNS, SERVICES, type Charge, type ChargeRequest } from '@hoptrace/contracts';
import { chargeIdFor } from '@hoptrace/idempotency';
import { CHARGE_HOP_WORDING, HopClient } from '@hoptrace/runtime';
import { currentTraceId, ProblemException } from '@hoptrace/http-edge';
import type { AuthenticatedRequest } from './auth/api-key.guard';
import { BILLING } from './tokens';

/**
 * A retry under the same Idempotency-Key names the same charge, so the processor authorizes it at
 * most once; without a key every request is a new charge.
 */
export const chargeIdOf = (http: AuthenticatedRequest, idempotencyKey?: string): string =>
  idempotencyKey && http.apiKey ? chargeIdFor(http.apiKey.id, idempotencyKey) : newId('ch');

/**
 * Hands a charge to billing and relays its answer. The gateway decides nothing here: a refusal is
 * thrown on unchanged, with the origin of the hop that decided it.
 */
@Injectable()
export class ChargeRelay {
  private readonly billing: HopClient<typeof PATTERNS.createCharge>;

  constructor(@Inject(BILLING) billing: ClientProxy) {
    this.billing = new HopClient(billing, { origin: SERVICES.gateway, wording: CHARGE_HOP_WORDING });
  }

  async charge(request: ChargeRequest): Promise<Charge> {
    const reply = await this.billing.send(PATTERNS.createCharge, request);
    if (!reply.ok) throw new ProblemException(reply.error);
    return { ...reply.value, trace_id: currentTraceId() };
  }
}
