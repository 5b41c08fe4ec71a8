import { Body, Controller, Headers, HttpCode, Post, Req, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Charge } from '@hoptrace/contracts';
import { IDEMPOTENCY_HEADER, IDEMPOTENCY_HEADER_DOC, IdempotencyInterceptor } from '@hoptrace/http-edge';
import type { AuthenticatedRequest } from './auth/api-key.guard';
import { RequiresPermission } from './auth/requires-permission.decorator';
import { CardVault } from './cards/card-vault';
import { ChargeRelay, chargeIdOf } from './charge-relay';
import { PaymentMethodPipe } from './http/payment-method.pipe';
import { ApiProblems, AUTHENTICATED_PROBLEMS, COMMON_PROBLEMS, PAYMENT_PROBLEMS } from './openapi/api-problems.decorator';
import { ChargeObject, CreateChargeBody } from './openapi/schemas';

@ApiTags('charges')
@ApiBearerAuth('api_key')
@Controller('v1/charges')
export class ChargesController {
  constructor(
    private readonly relay: ChargeRelay,
    private readonly cards: CardVault,
  ) {}

  @Post()
  @HttpCode(201)
  @RequiresPermission('charges:write')
  @UseInterceptors(IdempotencyInterceptor)
  @ApiOperation({ summary: 'Create a charge', description: 'Billing checks the customer, the processor authorizes the card.' })
  @ApiHeader(IDEMPOTENCY_HEADER_DOC)
  @ApiCreatedResponse({ type: ChargeObject, description: 'The charge succeeded.' })
  @ApiProblems(...PAYMENT_PROBLEMS, ...AUTHENTICATED_PROBLEMS, ...COMMON_PROBLEMS)
  create(
    @Body(PaymentMethodPipe) params: CreateChargeBody,
    @Req() http: AuthenticatedRequest,
    @Headers(IDEMPOTENCY_HEADER) idempotencyKey?: string,
  ): Promise<Charge> {
    const charge_id = chargeIdOf(http, idempotencyKey);
    return this.relay.charge({
      charge_id,
      amount: params.amount,
      currency: params.currency,
      customer: params.customer,
      ...this.cards.paymentMethod(params.payment_method, charge_id),
    });
  }
}
