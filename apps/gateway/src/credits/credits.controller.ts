import { Body, Controller, Headers, HttpCode, Inject, Post, Req, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Charge } from '@hoptrace/contracts';
import { SETTINGS } from '@hoptrace/runtime';
import { IDEMPOTENCY_HEADER, IDEMPOTENCY_HEADER_DOC, IdempotencyInterceptor } from '@hoptrace/http-edge';
import type { GatewaySettings } from '../gateway.settings';
import type { AuthenticatedRequest } from '../auth/api-key.guard';
import { RequiresPermission } from '../auth/requires-permission.decorator';
import { CardVault } from '../cards/card-vault';
import { ChargeRelay, chargeIdOf } from '../charge-relay';
import { PaymentMethodPipe } from '../http/payment-method.pipe';
import { ApiProblems, AUTHENTICATED_PROBLEMS, COMMON_PROBLEMS, PAYMENT_PROBLEMS } from '../openapi/api-problems.decorator';
import { CreditTopUpObject, TopUpCreditsBody } from '../openapi/schemas';
import { CreditLedger } from './credit-ledger';

export interface CreditTopUp {
  object: 'credit_top_up';
  credits: number;
  balance: number;
  charge: Charge;
}

/**
 * Buying credits is a charge like any other, through billing and the processor, to the API key's
 * customer: a declined card here is a 402 decided by the processor, and the balance is untouched.
 */
@ApiTags('credits')
@ApiBearerAuth('api_key')
@Controller('v1/credits')
export class CreditsController {
  constructor(
    private readonly relay: ChargeRelay,
    private readonly ledger: CreditLedger,
    private readonly cards: CardVault,
    @Inject(SETTINGS) private readonly config: GatewaySettings,
  ) {}

  @Post()
  @HttpCode(201)
  @RequiresPermission('credits:write')
  @UseInterceptors(IdempotencyInterceptor)
  @ApiOperation({ summary: 'Buy credits', description: "A charge to the API key's customer; credits are added once it succeeds." })
  @ApiHeader(IDEMPOTENCY_HEADER_DOC)
  @ApiCreatedResponse({ type: CreditTopUpObject, description: 'The credits were bought.' })
  @ApiProblems(...PAYMENT_PROBLEMS, ...AUTHENTICATED_PROBLEMS, ...COMMON_PROBLEMS)
  async topUp(
    @Body(PaymentMethodPipe) params: TopUpCreditsBody,
    @Req() http: AuthenticatedRequest,
    @Headers(IDEMPOTENCY_HEADER) idempotencyKey?: string,
  ): Promise<CreditTopUp> {
    const charge_id = chargeIdOf(http, idempotencyKey);
    const charge = await this.relay.charge({
      charge_id,
      amount: params.credits * this.config.credits.priceInCents,
      currency: 'usd',
      customer: http.apiKey?.customer ?? '',
      ...this.cards.paymentMethod(params.payment_method, charge_id),
    });
    const balance = await this.ledger.topUp(http.apiKey?.id ?? '', params.credits);
    return { object: 'credit_top_up', credits: params.credits, balance, charge };
  }
}
