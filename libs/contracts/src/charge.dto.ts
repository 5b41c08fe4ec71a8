import { IsInt, IsString, Matches, Max, Min } from 'class-validator';
import { IsPaymentMethod, type CardPaymentMethodDto } from './card.dto';
import type { ChargeParams } from './charge';

/**
 * The body of `POST /v1/charges`, validated at the edge. Limits follow Stripe: integer minor units up
 * to eight digits. The per-currency minimum is the processor's rule, not a shape rule.
 */
export class CreateChargeDto implements Omit<ChargeParams, 'payment_method'> {
  // class-validator runs a property's decorators bottom-up: the type check goes last here so that
  // it is reported first.
  @Max(99_999_999, { message: 'amount must be at most 99999999' })
  @Min(1, { message: 'amount must be a positive integer' })
  @IsInt({ message: 'amount must be an integer number of minor units' })
  amount!: number;

  @Matches(/^[a-z]{3}$/, { message: 'currency must be a three-letter ISO 4217 code in lowercase' })
  @IsString()
  currency!: string;

  @Matches(/^cus_[A-Za-z0-9_]{1,64}$/, { message: 'customer must be a customer id such as cus_demo' })
  @IsString()
  customer!: string;

  /** A payment method id, or a raw card (validated by CardPaymentMethodDto once this says it is an object). */
  @IsPaymentMethod()
  payment_method!: string | CardPaymentMethodDto;
}
