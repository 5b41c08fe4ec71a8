import { Body, Controller, Headers, HttpCode, Inject, Post, Req, UseInterceptors } from '@nestjs/common';
import type { ClientProxy } from '@nestjs/microservices';
import {
  CreateChargeDto,
  newId,
  PATTERNS,
  SERVICES,
  type Charge,
  type ChargeRequest,
  type Reply,
} from '@hoptrace/contracts';
import { transportFailure } from '@hoptrace/queue-transport';
import { lastValueFrom } from 'rxjs';
import { chargeIdFor } from '@hoptrace/idempotency';
import type { AuthenticatedRequest } from './auth/api-key.guard';
import { RequiresPermission } from './auth/requires-permission.decorator';
import { IDEMPOTENCY_HEADER, IdempotencyInterceptor } from './idempotency/idempotency.interceptor';
import { currentTraceId } from './http/current-trace';
import { ProblemException } from './http/problem.exception';
import { BILLING } from './tokens';

@Controller('v1/charges')
export class ChargesController {
  constructor(@Inject(BILLING) private readonly billing: ClientProxy) {}

  /** Creates a charge. The gateway only names it and relays billing's answer: it decides nothing here. */
  @Post()
  @HttpCode(201)
  @RequiresPermission('charges:write')
  @UseInterceptors(IdempotencyInterceptor)
  async create(
    @Body() params: CreateChargeDto,
    @Req() http: AuthenticatedRequest,
    @Headers(IDEMPOTENCY_HEADER) idempotencyKey?: string,
  ): Promise<Charge> {
    // A retry under the same key names the same charge, so the processor authorizes it at most once.
    const chargeId = idempotencyKey && http.apiKey ? chargeIdFor(http.apiKey.id, idempotencyKey) : newId('ch');
    const request: ChargeRequest = {
      charge_id: chargeId,
      amount: params.amount,
      currency: params.currency,
      customer: params.customer,
      payment_method: params.payment_method,
    };
    let reply: Reply<Charge>;
    try {
      reply = await lastValueFrom(this.billing.send<Reply<Charge>>(PATTERNS.createCharge, request));
    } catch (error) {
      throw new ProblemException(transportFailure(error, SERVICES.gateway));
    }
    if (!reply.ok) throw new ProblemException(reply.error);
    return { ...reply.value, trace_id: currentTraceId() };
  }
}
