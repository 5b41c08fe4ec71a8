import { Injectable, type PipeTransform } from '@nestjs/common';
import { CardPaymentMethodDto } from '@hoptrace/contracts';
import { ProblemException, validationProblem, VALIDATOR_OPTIONS } from '@hoptrace/http-edge';
import { validateSync, ValidationError } from 'class-validator';

/**
 * Validates the card of a body whose `payment_method` is an object. class-validator validates a
 * property either as a value or as a nested object, not as one or the other, so the global pipe
 * checks which of the two `payment_method` is and this pipe, run after it, validates the card, with
 * the same options and errors: `param` is then `payment_method[card][number]`, say. Its messages
 * never quote the value.
 */
@Injectable()
export class PaymentMethodPipe implements PipeTransform {
  transform<T extends { payment_method?: unknown }>(body: T): T {
    const given = body?.payment_method;
    if (typeof given !== 'object' || given === null) return body;
    const method = CardPaymentMethodDto.from(given);
    const errors = validateSync(method, VALIDATOR_OPTIONS);
    if (errors.length > 0) {
      const parent = Object.assign(new ValidationError(), { property: 'payment_method', value: given, children: errors });
      throw new ProblemException(validationProblem([parent]));
    }
    return { ...body, payment_method: { card: { ...method.card } } };
  }
}
