import type { PaymentError } from '@hoptrace/contracts';

/**
 * A refusal to relay as problem+json. Thrown rather than returned so that one filter renders every
 * error response; it carries the deciding hop's error unchanged.
 */
export class ProblemException extends Error {
  constructor(
    readonly error: PaymentError,
    /** Headers the status calls for, such as WWW-Authenticate with a 401. */
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(error.message);
  }
}
