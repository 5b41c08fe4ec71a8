import type { Authorization, Charge, ChargeRequest } from '@hoptrace/contracts';

/** The charge a granted authorization makes of a request. */
export function chargeOf(request: ChargeRequest, authorization: Authorization): Charge {
  const charge: Charge = {
    id: request.charge_id,
    object: 'charge',
    status: 'succeeded',
    amount: request.amount,
    currency: request.currency,
    customer: request.customer,
    payment_method: request.payment_method,
    created: authorization.authorized_at,
  };
  if (authorization.payment_method_details) charge.payment_method_details = authorization.payment_method_details;
  return charge;
}
