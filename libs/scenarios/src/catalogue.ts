import { SERVICES } from '@hoptrace/contracts';
import { TEST_PAYMENT_METHODS } from '@hoptrace/payments';
import { randomUUID } from 'node:crypto';
import type { GatewayClient } from './gateway-client';
import type { Scenario, ScenarioContext, ScenarioOptions, ScenarioOutcome } from './scenario';
import { demoPayer, impostorPayer, type Payer } from './x402-payer';

const { gateway, billing, processor, notifier, facilitator } = SERVICES;

/** The payment method as the scenario's options ask: a test `pm_` id, or the raw test card behind it. */
function paymentMethod(id: string, options: ScenarioOptions): unknown {
  if (!options.rawCardCvc) return id;
  const { number } = TEST_PAYMENT_METHODS[id];
  return { card: { number, exp_month: 12, exp_year: new Date().getUTCFullYear() + 3, cvc: options.rawCardCvc } };
}

const chargeOf = (options: ScenarioOptions, payment_method: string, customer = 'cus_demo') => ({
  amount: 1999,
  currency: 'usd',
  customer,
  payment_method: paymentMethod(payment_method, options),
});

const answer = async (sent: ReturnType<GatewayClient['charge']>): Promise<ScenarioOutcome> => ({ answer: await sent });

/** A card the processor declines: the 402 is the processor's, and billing and the gateway only pass it on. */
const cardDecline = (name: string, summary: string, payment_method: string, code: string, declineCode: string): Scenario => ({
  name,
  summary,
  expect: { status: 402, decidedBy: processor, party: 'customer', code, declineCode, reaches: [gateway, billing, processor, notifier] },
  run: ({ gateway: api, options }) => answer(api.charge(chargeOf(options, payment_method))),
});

/**
 * Every scenario hoptrace knows: the 402s, decided at three different hops, and the statuses they
 * are confused with. Each names what it expects; the runner checks it against Jaeger's data alone.
 */
export const SCENARIOS: readonly Scenario[] = [
  {
    name: 'success',
    summary: 'A good card and a customer in good standing: 201, and no span claims a 402.',
    expect: { status: 201, decidedBy: null, party: 'nobody', reaches: [gateway, billing, processor, notifier] },
    run: ({ gateway: api, options }) => answer(api.charge(chargeOf(options, 'pm_card_visa'))),
  },
  cardDecline('insufficient-funds', 'The issuer declines for lack of funds.', 'pm_card_visa_chargeDeclinedInsufficientFunds', 'card_declined', 'insufficient_funds'),
  cardDecline('expired-card', 'The card has expired.', 'pm_card_chargeDeclinedExpiredCard', 'expired_card', 'expired_card'),
  cardDecline('generic-decline', 'The issuer declines without saying why.', 'pm_card_visa_chargeDeclined', 'card_declined', 'generic_decline'),
  cardDecline('fraud-block', 'The processor blocks the charge as fraudulent; the customer only hears "declined".', 'pm_card_chargeDeclinedFraudulent', 'card_declined', 'fraudulent'),
  cardDecline('lost-or-stolen-card', 'The card was reported lost.', 'pm_card_visa_chargeDeclinedLostCard', 'card_declined', 'lost_card'),
  cardDecline('incorrect-cvc', 'The CVC does not match.', 'pm_card_chargeDeclinedIncorrectCvc', 'incorrect_cvc', 'incorrect_cvc'),
  {
    name: 'invoice-past-due',
    summary: 'The customer owes an invoice 10 days overdue: billing refuses before any card is tried.',
    expect: { status: 402, decidedBy: billing, party: 'merchant', code: 'invoice_past_due', reaches: [gateway, billing], absent: [processor] },
    run: ({ gateway: api, options }) => answer(api.charge(chargeOf(options, 'pm_card_visa', 'cus_past_due'))),
  },
  {
    name: 'billing-misconfigured',
    summary:
      "A bad rule config flags an invoice that is not due for 14 days: a server-side bug that looks like the customer's payment problem.",
    fault: () => ({ billing_misconfigured: true }),
    expect: { status: 402, decidedBy: billing, party: 'operators', code: 'invoice_past_due', reaches: [gateway, billing], absent: [processor] },
    run: ({ gateway: api, options }) => answer(api.charge(chargeOf(options, 'pm_card_visa', 'cus_enterprise'))),
  },
  {
    name: 'credit-exhausted',
    summary: 'A metered call with no prepaid credit left: the gateway itself answers 402, with an x402 PAYMENT-REQUIRED header.',
    expect: { status: 402, decidedBy: gateway, party: 'merchant', code: 'insufficient_credit', absent: [billing, processor, notifier], headers: ['payment-required'] },
    run: async ({ gateway: api }) => ({
      answer: await api.request({ method: 'GET', path: '/v1/reports/credit_usage', apiKey: 'sk_test_readonly' }),
    }),
  },
  x402Refusal('x402-insufficient-balance', "The x402 client pays from a wallet that cannot cover the price: the facilitator refuses, and the 402 is the facilitator's.", () => demoPayer('underfunded'), 'invalid_exact_evm_insufficient_balance'),
  x402Refusal('x402-bad-signature', "The payment claims a wallet its signer does not hold: the facilitator finds the signature is not the payer's.", impostorPayer, 'invalid_exact_evm_signature'),
  {
    name: 'x402-paid',
    summary: 'A metered call with no credit left, paid with x402: the client pays the 402 and retries, the facilitator verifies and settles, 200.',
    expect: { status: 200, decidedBy: null, party: 'nobody', reaches: [gateway, facilitator], absent: [billing, processor, notifier], headers: ['payment-response'] },
    run: async ({ gateway: api }) => ({ answer: await meteredCall(api.through(demoPayer('funded').fetch)) }),
  },
  {
    name: 'x402-replayed-payment',
    summary: 'A paid call sent again with the same PAYMENT-SIGNATURE: the facilitator settled it once and refuses it now, 402.',
    expect: { status: 402, decidedBy: facilitator, party: 'customer', code: 'payment_refused', declineCode: 'invalid_exact_evm_nonce_already_used', reaches: [gateway, facilitator], absent: [billing, processor], headers: ['payment-required'] },
    run: async ({ gateway: api }) => {
      const payer = demoPayer('funded');
      const paid = await meteredCall(api.through(payer.fetch));
      const [signature] = payer.signatures;
      if (paid.status !== 200 || !signature) return { answer: paid, differences: [`the first, paid call answered ${paid.status}, expected 200`] };
      return { answer: await meteredCall(api, { 'payment-signature': signature }), notes: [`paid first: 200, trace ${paid.traceId}`] };
    },
  },
  {
    name: 'facilitator-down',
    summary: 'The x402 facilitator does not answer: the gateway cannot know whether the payment is good, so 503, never a 402.',
    fault: () => ({ facilitator_unavailable: true }),
    expect: { status: 503, decidedBy: null, party: 'operators', code: 'service_unavailable', reaches: [gateway, facilitator], absent: [billing, processor, notifier] },
    run: async ({ gateway: api }) => ({ answer: await meteredCall(api.through(demoPayer('funded').fetch)) }),
  },
  {
    name: 'processor-timeout',
    summary: 'The processor answers after billing stopped waiting: 504, the outcome unknown, never a 402.',
    fault: (options) => ({ processor_latency_ms: options.processorLatencyMs }),
    expect: { status: 504, decidedBy: null, party: 'operators', code: 'upstream_timeout', reaches: [gateway, billing, processor], slowestIn: processor },
    run: ({ gateway: api, options }) => answer(api.charge(chargeOf(options, 'pm_card_visa'))),
  },
  {
    name: 'processor-down',
    summary: 'No processor worker takes the authorization: billing withdraws it and answers 503 with Retry-After, never a 402.',
    fault: () => ({ processor_unavailable: true }),
    expect: {
      status: 503,
      decidedBy: null,
      party: 'operators',
      code: 'service_unavailable',
      reaches: [gateway, billing],
      absent: [processor],
      unansweredHop: 'payment-processor',
      slowestIn: billing,
      headers: ['retry-after'],
    },
    run: ({ gateway: api, options }) => answer(api.charge(chargeOf(options, 'pm_card_visa'))),
  },
  {
    name: 'processor-errors',
    summary: 'The processor fails on its own side: 502 and a red processor span, but no decline and no 402.',
    fault: () => ({ processor_failure_rate: 1 }),
    expect: { status: 502, decidedBy: null, party: 'operators', code: 'processor_error', reaches: [gateway, billing, processor] },
    run: ({ gateway: api, options }) => answer(api.charge(chargeOf(options, 'pm_card_visa'))),
  },
  {
    name: 'no-api-key',
    summary: 'A charge without an API key: 401 with WWW-Authenticate, decided by the gateway.',
    expect: { status: 401, decidedBy: null, party: 'merchant', code: 'authentication_required', absent: [billing, processor, notifier], headers: ['www-authenticate'] },
    run: async ({ gateway: api, options }) => ({
      answer: await api.request({ method: 'POST', path: '/v1/charges', body: chargeOf(options, 'pm_card_visa') }),
    }),
  },
  {
    name: 'readonly-key',
    summary: 'A charge with a key that may only read: 403, decided by the gateway.',
    expect: { status: 403, decidedBy: null, party: 'merchant', code: 'permission_denied', absent: [billing, processor, notifier] },
    run: ({ gateway: api, options }) => answer(api.charge(chargeOf(options, 'pm_card_visa'), { apiKey: 'sk_test_readonly' })),
  },
  {
    name: 'rate-limited',
    summary: 'A key on a plan of 3 payment requests a minute sends a fourth: 429 with Retry-After, decided by the gateway.',
    expect: { status: 429, decidedBy: null, party: 'merchant', code: 'rate_limited', absent: [billing, processor, notifier], headers: ['retry-after'] },
    run: async ({ gateway: api, options }) => {
      // The first three may be charges or, within a minute of an earlier run, 429s already.
      for (let sent = 0; sent < 3; sent += 1) await api.charge(chargeOf(options, 'pm_card_visa'), { apiKey: 'sk_test_limited' });
      return answer(api.charge(chargeOf(options, 'pm_card_visa'), { apiKey: 'sk_test_limited' }));
    },
  },
  {
    name: 'idempotent-retry',
    summary: 'A declined charge retried with the same Idempotency-Key: the same 402 replayed by the gateway, the card not tried again.',
    expect: { status: 402, decidedBy: processor, party: 'customer', code: 'card_declined', declineCode: 'insufficient_funds', replayed: true, absent: [billing, processor, notifier] },
    run: async ({ gateway: api, options }) => {
      const idempotencyKey = `scenario-${randomUUID()}`;
      const first = await api.charge(chargeOf(options, 'pm_card_visa_chargeDeclinedInsufficientFunds'), { idempotencyKey });
      const retry = await api.charge(chargeOf(options, 'pm_card_visa_chargeDeclinedInsufficientFunds'), { idempotencyKey });
      return { answer: retry, notes: [`first attempt: ${first.status}, trace ${first.traceId}`] };
    },
  },
  {
    name: 'webhook-failing',
    summary: "The merchant's webhook endpoint answers 500: the charge is still 201, and the notifier retries the delivery.",
    fault: () => ({ webhook_receiver_status: 500 }),
    expect: { status: 201, decidedBy: null, party: 'merchant', reaches: [gateway, billing, processor, notifier], webhookAttempts: 2 },
    run: (context) => webhookFailing(context),
  },
];

/** The metered report, with a key that has no credit: every call must be paid. */
const meteredCall = (api: GatewayClient, headers?: Record<string, string>) =>
  api.request({ method: 'GET', path: '/v1/reports/credit_usage', apiKey: 'sk_test_readonly', headers });

/** An x402 payment the facilitator refuses, for `reason`: its 402, not the gateway's. */
function x402Refusal(name: string, summary: string, payer: () => Payer, reason: string): Scenario {
  return {
    name,
    summary,
    expect: { status: 402, decidedBy: facilitator, party: 'customer', code: 'payment_refused', declineCode: reason, reaches: [gateway, facilitator], absent: [billing, processor], headers: ['payment-required'] },
    run: async ({ gateway: api }) => ({ answer: await meteredCall(api.through(payer().fetch)) }),
  };
}

async function webhookFailing({ gateway: api, receiver, options }: ScenarioContext): Promise<ScenarioOutcome> {
  if (!receiver) throw new Error('webhook-failing needs the demo webhook receiver');
  const path = `/hooks/${randomUUID()}`;
  const created = await api.request({
    method: 'POST',
    path: '/v1/webhook_endpoints',
    apiKey: 'sk_test_demo',
    body: { url: receiver.urlFor(path), enabled_events: ['charge.succeeded'], description: 'hoptrace scenario webhook-failing' },
  });
  const endpoint = created.body as { id?: string; secret?: string };
  if (created.status !== 201 || !endpoint.id || !endpoint.secret) {
    return { answer: created, differences: [`registering the webhook endpoint answered ${created.status}`] };
  }
  receiver.trust(path, endpoint.secret);
  try {
    const charged = await api.charge(chargeOf(options, 'pm_card_visa'));
    const chargeId = (charged.body as { id?: string }).id;
    const forCharge = () => receiver.deliveries.filter((delivery) => delivery.path === path && delivery.chargeId === chargeId);
    const retried = await receiver.waitFor(() => forCharge().length >= 2, options.webhookRetryWaitMs);
    const seen = forCharge();
    const differences: string[] = [];
    if (!retried) differences.push(`the receiver saw ${seen.length} delivery attempt(s) of the charge's event within ${options.webhookRetryWaitMs} ms, expected a retry`);
    if (seen.some((delivery) => !delivery.verified)) differences.push('a delivery failed Standard Webhooks signature verification');
    if (new Set(seen.map((delivery) => delivery.webhookId)).size > 1) differences.push('retries of one event carried different webhook-id values');
    const start = seen[0]?.receivedAt ?? 0;
    const notes = seen.map((delivery, index) => `delivery ${index + 1}: ${delivery.type} answered ${delivery.answered} at +${((delivery.receivedAt - start) / 1000).toFixed(1)}s, signature ${delivery.verified ? 'valid' : 'INVALID'}`);
    return { answer: charged, differences, notes };
  } finally {
    // The endpoint belonged to this run: no later charge is delivered to a receiver that is gone.
    await api.request({ method: 'DELETE', path: `/v1/webhook_endpoints/${endpoint.id}`, apiKey: 'sk_test_demo' });
  }
}

export const scenarioNamed = (name: string): Scenario | undefined => SCENARIOS.find((scenario) => scenario.name === name);
