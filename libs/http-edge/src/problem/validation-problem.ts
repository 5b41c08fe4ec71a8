import { paymentError, SERVICES, type PaymentError } from '@hoptrace/contracts';
import type { ValidationError, ValidatorOptions } from 'class-validator';

/** Strict validation, the same for every body: unknown fields are errors, and the first error is the one reported. */
export const VALIDATOR_OPTIONS: ValidatorOptions = {
  whitelist: true,
  forbidNonWhitelisted: true,
  forbidUnknownValues: true,
  stopAtFirstError: true,
};

const paramPath = (error: ValidationError, parent?: string): string =>
  parent ? `${parent}[${error.property}]` : error.property;

/** The first leaf of class-validator's error tree, with the path to it in Stripe's param notation. */
function firstLeaf(error: ValidationError, parent?: string): { error: ValidationError; param: string } {
  const param = paramPath(error, parent);
  const child = error.children?.[0];
  return child && !error.constraints ? firstLeaf(child, param) : { error, param };
}

/**
 * Turns class-validator's findings into the problem a client can act on: which parameter, and what
 * is wrong with it, worded as Stripe words its parameter errors.
 */
export function validationProblem(errors: ValidationError[]): PaymentError {
  const origin = SERVICES.gateway;
  if (errors.length === 0) {
    return paymentError('parameter_invalid', { message: 'The request body is invalid.', origin });
  }
  const { error, param } = firstLeaf(errors[0]);
  const constraints = error.constraints ?? {};
  if ('whitelistValidation' in constraints) {
    return paymentError('parameter_unknown', { param, message: `Received unknown parameter: ${param}.`, origin });
  }
  if (error.value === undefined || error.value === null) {
    return paymentError('parameter_missing', { param, message: `Missing required param: ${param}.`, origin });
  }
  const [first] = Object.values(constraints);
  return paymentError('parameter_invalid', { param, message: first ? `Invalid ${param}: ${first}.` : `Invalid ${param}.`, origin });
}
