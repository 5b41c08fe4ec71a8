import { IsInt, IsString, Matches, Max, Min } from 'class-validator';
import { IsPaymentMethod, type CardPaymentMethodDto } from './card.dto';
import type { ChargeParams } from './charge';
import { CHARGE_LIMITS } from './charge-limits';

const { amount, currency, customer } = CHARGE_LIMITS;

/**
 * The body of `POST /v1/charges`, validated at the edge, within CHARGE_LIMITS.
 */
export class CreateChargeDto implements Omit<ChargeParams, 'payment_method'> {
  // class-validator runs a property's decorators bottom-up: the type check goes last here so that
  // it is reported first.
  @Max(amount.maximum, { message: `amount must be at most ${amount.maximum}` })
  @Min(amount.minimum, { message: 'amount must be a positive integer' })
  @IsInt({ message: 'amount must be an integer number of minor units' })
  amount!: number;

  @Matches(currency, { message: 'currency must be a three-letter ISO 4217 code in lowercase' })
  @IsString()
  currency!: string;

  @Matches(customer, { message: 'customer must be a customer id such as cus_demo' })
  @IsString()
  customer!: string;

  /** A payment method id, or a raw card (validated by CardPaymentMethodDto once this says it is an object). */
  @IsPaymentMethod()
  payment_method!: string | CardPaymentMethodDto;
}
