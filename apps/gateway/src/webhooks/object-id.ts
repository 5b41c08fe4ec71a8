import { paymentError, SERVICES } from '@hoptrace/contracts';
import { ProblemException } from '@hoptrace/http-edge';

/**
 * Refuses an id that cannot be one of `noun`'s with the same 404 the notifier gives an unknown one:
 * not worth a trip to the notifier, and no different to the client.
 */
export function requireObjectId(id: string, shape: RegExp, noun: string): void {
  if (shape.test(id)) return;
  throw new ProblemException(
    paymentError('resource_not_found', { param: 'id', message: `No such ${noun}: '${id.slice(0, 64)}'.`, origin: SERVICES.gateway }),
  );
}
