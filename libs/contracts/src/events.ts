import type { Charge, ChargeFailure } from './charge';

/** A payment event, enveloped as Stripe envelopes its events. */
export type ChargeEvent =
  | { id: string; type: 'charge.succeeded'; created: number; data: { object: Charge } }
  | { id: string; type: 'charge.failed'; created: number; data: { object: ChargeFailure } };
