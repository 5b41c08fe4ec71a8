import { IsInt, Max, Min } from 'class-validator';
import { IsPaymentMethod, type CardPaymentMethodDto } from './card.dto';
import { CREDIT_LIMITS } from './charge-limits';

const { credits } = CREDIT_LIMITS;

/** The body of `POST /v1/credits`: how many credits to buy, and the card to pay for them with. */
export class TopUpCreditsDto {
  // Decorators run bottom-up: the type check is reported first.
  @Max(credits.maximum, { message: `credits must be at most ${credits.maximum}` })
  @Min(credits.minimum, { message: 'credits must be a positive integer' })
  @IsInt({ message: 'credits must be an integer' })
  credits!: number;

  /** A payment method id, or a raw card (validated by CardPaymentMethodDto once this says it is an object). */
  @IsPaymentMethod()
  payment_method!: string | CardPaymentMethodDto;
}
