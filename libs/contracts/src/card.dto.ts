import {
  IsInt,
  IsObject,
  IsString,
  Matches,
  Max,
  Min,
  registerDecorator,
  ValidateNested,
  type ValidationOptions,
} from 'class-validator';
import { luhnValid, type CardDetails } from './card';
import { CARD_LIMITS } from './charge-limits';

/*
 * Messages here never quote the value: a card number or CVC must not come back in an error body.
 */

/** A raw card, validated at the edge. Card numbers are digits only, as Stripe takes them. */
export class CardDto implements CardDetails {
  // Decorators run bottom-up, and only the first failure is reported: the type check first.
  @IsLuhnValid({ message: 'number must be a valid card number (it fails the Luhn check)' })
  @Matches(CARD_LIMITS.number, { message: 'number must be 12 to 19 digits' })
  @IsString({ message: 'number must be a string of digits' })
  number!: string;

  @Max(CARD_LIMITS.expMonth.maximum, { message: 'exp_month must be a month from 1 to 12' })
  @Min(CARD_LIMITS.expMonth.minimum, { message: 'exp_month must be a month from 1 to 12' })
  @IsInt({ message: 'exp_month must be an integer' })
  exp_month!: number;

  @Max(CARD_LIMITS.expYear.maximum, { message: 'exp_year must be a four-digit year' })
  @Min(CARD_LIMITS.expYear.minimum, { message: 'exp_year must be a four-digit year' })
  @IsInt({ message: 'exp_year must be an integer' })
  exp_year!: number;

  @Matches(CARD_LIMITS.cvc, { message: 'cvc must be 3 or 4 digits' })
  @IsString({ message: 'cvc must be a string of digits' })
  cvc!: string;
}

/** `payment_method: { card: {...} }`: a card given in full instead of a payment method id. */
export class CardPaymentMethodDto {
  @ValidateNested()
  @IsObject({ message: 'card must be an object with number, exp_month, exp_year and cvc' })
  card!: CardDto;

  /**
   * The instances class-validator validates, from the parsed body. Built here rather than by
   * class-transformer's @Type, which needs reflect-metadata wherever these contracts are loaded.
   */
  static from(given: object): CardPaymentMethodDto {
    const { card } = given as { card?: unknown };
    const method = Object.assign(new CardPaymentMethodDto(), given);
    if (typeof card === 'object' && card !== null && !Array.isArray(card)) method.card = Object.assign(new CardDto(), card);
    return method;
  }
}

export const PAYMENT_METHOD_ID = /^pm_[A-Za-z0-9_]{1,128}$/;

function IsLuhnValid(options: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isLuhnValid',
      target: target.constructor,
      propertyName: String(propertyName),
      options,
      validator: { validate: (value: unknown) => typeof value === 'string' && luhnValid(value) },
    });
}

/**
 * `payment_method` is either a payment method id (`pm_card_visa`) or an object holding a card. This
 * checks which; the card inside an object is validated by {@link CardPaymentMethodDto}.
 */
export function IsPaymentMethod(): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isPaymentMethod',
      target: target.constructor,
      propertyName: String(propertyName),
      validator: {
        validate: (value: unknown) =>
          typeof value === 'string'
            ? PAYMENT_METHOD_ID.test(value)
            : typeof value === 'object' && value !== null && !Array.isArray(value),
        defaultMessage: (args) =>
          typeof args?.value === 'string'
            ? 'payment_method must be a payment method id such as pm_card_visa'
            : 'payment_method must be a payment method id such as pm_card_visa, or { card: { number, exp_month, exp_year, cvc } }',
      },
    });
}
