import { IsInt, IsString, Matches, Max, Min } from 'class-validator';

/** The body of `POST /v1/credits`: how many credits to buy, and the card to pay for them with. */
export class TopUpCreditsDto {
  // Decorators run bottom-up: the type check is reported first.
  @Max(1_000_000, { message: 'credits must be at most 1000000' })
  @Min(1, { message: 'credits must be a positive integer' })
  @IsInt({ message: 'credits must be an integer' })
  credits!: number;

  @Matches(/^pm_[A-Za-z0-9_]{1,128}$/, { message: 'payment_method must be a payment method id such as pm_card_visa' })
  @IsString()
  payment_method!: string;
}
