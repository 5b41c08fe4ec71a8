import { paymentError, SERVICES, type PaymentError } from '@hoptrace/contracts';
import { redactApiKey, secretMatches, type ApiKeyRecord, type Permission } from './api-keys';

export type AccessDecision =
  | { outcome: 'granted'; key: ApiKeyRecord }
  | { outcome: 'unauthenticated'; error: PaymentError; invalidToken: boolean }
  | { outcome: 'forbidden'; error: PaymentError; key: ApiKeyRecord };

/**
 * Whether a request may go on. 401 when the caller is not known (no key, or a key that matches no
 * record), 403 when it is known but its key lacks the permission: the client fixes the first by
 * sending a key, the second only by using another.
 */
export function decideAccess(
  presented: string | undefined,
  record: ApiKeyRecord | null,
  required: Permission,
): AccessDecision {
  const origin = SERVICES.gateway;
  if (presented === undefined) {
    return {
      outcome: 'unauthenticated',
      invalidToken: false,
      error: paymentError('authentication_required', {
        message: 'No API key provided. Send it as "Authorization: Bearer sk_test_…".',
        origin,
      }),
    };
  }
  if (!record || !secretMatches(presented, record)) {
    return {
      outcome: 'unauthenticated',
      invalidToken: true,
      error: paymentError('authentication_required', { message: `Invalid API key provided: ${redactApiKey(presented)}.`, origin }),
    };
  }
  if (!record.permissions.includes(required)) {
    return {
      outcome: 'forbidden',
      key: record,
      error: paymentError('permission_denied', {
        message: `The API key ${record.id} does not have the permission ${required}.`,
        origin,
      }),
    };
  }
  return { outcome: 'granted', key: record };
}
