import { ApiExtraModels, ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import {
  CARD_LIMITS,
  CardDto,
  CHARGE_LIMITS,
  CREDIT_LIMITS,
  CreateChargeDto,
  ERROR_CODES,
  PAYMENT_METHOD_ID,
  SERVICES,
  TopUpCreditsDto,
} from '@hoptrace/contracts';

/*
 * What the OpenAPI document says about bodies and answers. The request classes extend the validated
 * DTOs of @hoptrace/contracts, so validation and documentation cannot drift apart, while the
 * services that never serve HTTP do not depend on @nestjs/swagger.
 */

const ORIGINS = Object.values(SERVICES);

export class CardBody extends CardDto {
  @ApiProperty({ description: 'The card number, digits only; it must pass the Luhn check.', example: '4242424242424242', pattern: CARD_LIMITS.number.source })
  declare number: string;

  @ApiProperty({ example: 12, ...CARD_LIMITS.expMonth })
  declare exp_month: number;

  @ApiProperty({ description: 'Four digits.', example: 2034, ...CARD_LIMITS.expYear })
  declare exp_year: number;

  @ApiProperty({ description: 'The security code, 3 or 4 digits.', example: '123', pattern: CARD_LIMITS.cvc.source })
  declare cvc: string;
}

export class CardPaymentMethodBody {
  @ApiProperty({
    type: CardBody,
    description:
      "A raw card. The gateway seals its number and CVC for the processor at once: no other hop, store, log or trace sees them. Stripe's test card numbers have their test payment methods' outcomes (see README).",
  })
  card!: CardBody;
}

/** `payment_method`: a payment method id, or `{ card }`. */
const PAYMENT_METHOD_SCHEMA = {
  oneOf: [
    { type: 'string', pattern: PAYMENT_METHOD_ID.source, example: 'pm_card_visa', description: "A Stripe test payment method; its outcome is Stripe's (see README)." },
    { $ref: getSchemaPath(CardPaymentMethodBody) },
  ],
};

@ApiExtraModels(CardPaymentMethodBody)
export class CreateChargeBody extends CreateChargeDto {
  @ApiProperty({ description: "Amount in the currency's minor unit (cents for usd).", example: 1999, ...CHARGE_LIMITS.amount })
  declare amount: number;

  @ApiProperty({ description: 'Three-letter ISO 4217 code, lowercase.', example: 'usd', pattern: CHARGE_LIMITS.currency.source })
  declare currency: string;

  @ApiProperty({ description: 'The customer to charge.', example: 'cus_demo', pattern: CHARGE_LIMITS.customer.source })
  declare customer: string;

  @ApiProperty({ ...PAYMENT_METHOD_SCHEMA, description: 'A payment method id such as pm_card_visa, or a raw card: { card: { number, exp_month, exp_year, cvc } }.' })
  declare payment_method: string | CardPaymentMethodBody;
}

@ApiExtraModels(CardPaymentMethodBody)
export class TopUpCreditsBody extends TopUpCreditsDto {
  @ApiProperty({ description: 'Credits to buy; each costs CREDIT_PRICE_CENTS.', example: 100, ...CREDIT_LIMITS.credits })
  declare credits: number;

  @ApiProperty({ ...PAYMENT_METHOD_SCHEMA, description: 'The card to pay with: a payment method id, or a raw card.' })
  declare payment_method: string | CardPaymentMethodBody;
}

export class CardSummaryObject {
  @ApiProperty({ enum: ['visa', 'mastercard', 'amex', 'discover', 'unknown'], example: 'visa' }) brand!: string;
  @ApiProperty({ example: '4242' }) last4!: string;
  @ApiPropertyOptional({ description: 'Given with a raw card.', example: 12 }) exp_month?: number;
  @ApiPropertyOptional({ description: 'Given with a raw card.', example: 2034 }) exp_year?: number;
  @ApiPropertyOptional({ enum: ['credit', 'debit', 'prepaid', 'unknown'] }) funding?: string;
}

export class PaymentMethodDetailsObject {
  @ApiProperty({ enum: ['card'] }) type!: 'card';
  @ApiProperty({ type: CardSummaryObject, description: 'The card as it may be shown: never its number or CVC.' }) card!: CardSummaryObject;
}

export class ChargeObject {
  @ApiProperty({ example: 'ch_3Qy9v2LkdIwHu7ix0a1b2c3d' }) id!: string;
  @ApiProperty({ enum: ['charge'] }) object!: 'charge';
  @ApiProperty({ enum: ['succeeded'] }) status!: 'succeeded';
  @ApiProperty({ example: 1999 }) amount!: number;
  @ApiProperty({ example: 'usd' }) currency!: string;
  @ApiProperty({ example: 'cus_demo' }) customer!: string;
  @ApiProperty({ description: 'The payment method id: the one given, or one made for a raw card.', example: 'pm_card_visa' }) payment_method!: string;
  @ApiProperty({ type: PaymentMethodDetailsObject }) payment_method_details!: PaymentMethodDetailsObject;
  @ApiProperty({ description: 'Unix seconds.' }) created!: number;
  @ApiProperty({ description: 'The W3C trace id of the request that created the charge.', example: '593dfc517d0fc9c78e748d54b9e6f095' })
  trace_id!: string;
}

export class CreditTopUpObject {
  @ApiProperty({ enum: ['credit_top_up'] }) object!: 'credit_top_up';
  @ApiProperty() credits!: number;
  @ApiProperty({ description: 'The balance after the top-up.' }) balance!: number;
  @ApiProperty({ type: ChargeObject }) charge!: ChargeObject;
}

class CreditUsageEntry {
  @ApiProperty() resource!: string;
  @ApiProperty() credits!: number;
  @ApiProperty({ description: 'Unix seconds.' }) at!: number;
}

class CreditUsageData {
  @ApiProperty() balance!: number;
  @ApiProperty({ type: [CreditUsageEntry] }) usage!: CreditUsageEntry[];
}

export class ReportObject {
  @ApiProperty({ example: 'credit_usage' }) id!: string;
  @ApiProperty({ enum: ['report'] }) object!: 'report';
  @ApiProperty() description!: string;
  @ApiProperty({ description: 'Unix seconds.' }) generated_at!: number;
  @ApiProperty({ type: CreditUsageData }) data!: CreditUsageData;
}

/** RFC 9457 problem details with Stripe's error fields: the body of every error. */
export class ProblemDocument {
  @ApiProperty({ description: 'A page of docs/errors, relative to the gateway.', example: '/errors/card_declined' }) type!: string;
  @ApiProperty({ example: 'Card declined' }) title!: string;
  @ApiProperty({ example: 402 }) status!: number;
  @ApiProperty({ example: 'Your card has insufficient funds.' }) detail!: string;
  @ApiProperty({ example: '/v1/charges' }) instance!: string;
  @ApiProperty({ enum: Object.keys(ERROR_CODES), example: 'card_declined' }) code!: string;
  @ApiPropertyOptional({ example: 'insufficient_funds' }) decline_code?: string;
  @ApiPropertyOptional({ enum: ['try_again_later', 'do_not_try_again', 'confirm_card_data'] }) advice_code?: string;
  @ApiPropertyOptional({ description: 'The parameter or header at fault.', example: 'amount' }) param?: string;
  @ApiProperty({ enum: ORIGINS, description: 'The service that decided.', example: 'payment-processor' }) origin!: string;
  @ApiPropertyOptional({ example: 'e6ef283bedca05b9ab731f40f8ebdf7c' }) trace_id?: string;
}
