import { seeded } from '@hoptrace/scenarios';

/**
 * Mixed charge traffic for the sampling and monitoring tests: mostly successes, card declines the
 * processor decides, past-due invoices billing decides, and customers in good standing whose invoice
 * is not yet due (`cus_enterprise`, whom the `billing_misconfigured` fault refuses). Drawn from a
 * seeded generator, so a run sends the same mix every time.
 */
export interface PlannedCharge {
  customer: string;
  paymentMethod: string;
}

export interface SentCharge extends PlannedCharge {
  status: number;
  traceId: string;
  /** The decision as the gateway reported it (problem+json `origin` and decline code). */
  origin?: string;
  declineCode?: string;
  /** The hops a whole trace of this outcome reaches, and the one that decided a 402. */
  expected: { hops: string[]; decidedBy?: string };
}

const WEIGHTED: Array<[weight: number, charge: PlannedCharge]> = [
  [50, { customer: 'cus_demo', paymentMethod: 'pm_card_visa' }],
  [15, { customer: 'cus_enterprise', paymentMethod: 'pm_card_mastercard' }],
  [5, { customer: 'cus_demo', paymentMethod: 'pm_card_visa_chargeDeclinedInsufficientFunds' }],
  [4, { customer: 'cus_demo', paymentMethod: 'pm_card_chargeDeclinedExpiredCard' }],
  [3, { customer: 'cus_demo', paymentMethod: 'pm_card_visa_chargeDeclined' }],
  [5, { customer: 'cus_past_due', paymentMethod: 'pm_card_visa' }],
];

export function chargeMix(count: number, seed: number, weights = WEIGHTED): PlannedCharge[] {
  const random = seeded(seed);
  const total = weights.reduce((sum, [weight]) => sum + weight, 0);
  return Array.from({ length: count }, () => {
    let draw = random() * total;
    for (const [weight, charge] of weights) {
      draw -= weight;
      if (draw < 0) return charge;
    }
    return weights[weights.length - 1][1];
  });
}

/** What a whole trace of an answer reaches: a refusal by billing never reaches the processor, and only card outcomes are announced. */
function expectedOf(status: number, origin: string | undefined): SentCharge['expected'] {
  if (status === 402 && origin === 'billing') return { hops: ['gateway', 'billing'], decidedBy: 'billing' };
  if (status === 402) return { hops: ['gateway', 'billing', 'payment-processor', 'notifier'], decidedBy: origin };
  if (status === 201) return { hops: ['gateway', 'billing', 'payment-processor', 'notifier'] };
  return { hops: ['gateway', 'billing', 'payment-processor'] };
}

export async function sendCharge(gatewayUrl: string, charge: PlannedCharge): Promise<SentCharge> {
  const response = await fetch(`${gatewayUrl}/v1/charges`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer sk_test_demo' },
    body: JSON.stringify({ amount: 1999, currency: 'usd', customer: charge.customer, payment_method: charge.paymentMethod }),
    signal: AbortSignal.timeout(30_000),
  });
  const body = (await response.json()) as { trace_id: string; origin?: string; decline_code?: string; code?: string };
  const origin = response.status === 402 ? body.origin : undefined;
  return {
    ...charge,
    status: response.status,
    traceId: body.trace_id,
    origin,
    declineCode: response.status === 402 ? (body.decline_code ?? body.code) : undefined,
    expected: expectedOf(response.status, origin),
  };
}

/** Sends every charge, `concurrency` at a time, and returns them in order with their answers. */
export async function sendCharges(gatewayUrl: string, planned: PlannedCharge[], concurrency: number): Promise<SentCharge[]> {
  const sent: SentCharge[] = new Array(planned.length);
  let next = 0;
  const worker = async () => {
    while (next < planned.length) {
      const index = next++;
      sent[index] = await sendCharge(gatewayUrl, planned[index]);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return sent;
}
