import { Body, Controller, Headers, HttpCode, Post, Req, UseInterceptors } from '@nestjs/common';
import { CreateChargeDto, type Charge } from '@hoptrace/contracts';
import type { AuthenticatedRequest } from './auth/api-key.guard';
import { RequiresPermission } from './auth/requires-permission.decorator';
import { ChargeRelay, chargeIdOf } from './charge-relay';
import { IDEMPOTENCY_HEADER, IdempotencyInterceptor } from './idempotency/idempotency.interceptor';

@Controller('v1/charges')
export class ChargesController {
  constructor(private readonly relay: ChargeRelay) {}

  @Post()
  @HttpCode(201)
  @RequiresPermission('charges:write')
  @UseInterceptors(IdempotencyInterceptor)
  create(
    @Body() params: CreateChargeDto,
    @Req() http: AuthenticatedRequest,
    @Headers(IDEMPOTENCY_HEADER) idempotencyKey?: string,
  ): Promise<Charge> {
    return this.relay.charge({
      charge_id: chargeIdOf(http, idempotencyKey),
      amount: params.amount,
      currency: params.currency,
      customer: params.customer,
      payment_method: params.payment_method,
    });
  }
}
