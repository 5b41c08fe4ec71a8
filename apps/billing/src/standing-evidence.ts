import { faultAttributes, type Faults } from '@hoptrace/faults';
import { daysPastDue, type CustomerRecord, type StandingDecision, type UnpaidInvoiceRule } from '@hoptrace/payments';
import type { Attributes } from '@opentelemetry/api';

/**
 * What billing's decision rested on, as span attributes: the rule's configuration, the customer's
 * invoices as billing read them and, for a past-due refusal, the invoice that decided it.
 */
export function standingEvidence(input: {
  rule: UnpaidInvoiceRule;
  faults: Faults;
  customer: CustomerRecord | null;
  decision: StandingDecision;
  now: number;
}): Attributes {
  const { rule, faults, customer, decision, now } = input;
  const open = customer?.invoices.filter((invoice) => invoice.status === 'open') ?? [];
  return {
    'billing.rule.name': 'unpaid_invoice',
    'billing.rule.version': rule.version,
    'billing.rule.grace_days': rule.grace_days,
    ...faultAttributes(faults, ['billing_misconfigured']),
    ...(customer
      ? {
          'billing.customer.open_invoices': open.length,
          'billing.customer.amount_open': open.reduce((sum, invoice) => sum + invoice.amount_due, 0),
        }
      : {}),
    ...(decision.outcome === 'refused' && decision.paymentRequired
      ? {
          'billing.invoice.id': decision.invoice.id,
          'billing.invoice.status': decision.invoice.status,
          'billing.invoice.amount_due': decision.invoice.amount_due,
          'billing.invoice.due_date': new Date(decision.invoice.due_date * 1000).toISOString(),
          'billing.invoice.days_past_due': daysPastDue(decision.invoice, now),
        }
      : {}),
  };
}
