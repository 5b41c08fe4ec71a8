import { paymentError, SERVICES, type PaymentError } from '@hoptrace/contracts';

export interface InvoiceRecord {
  id: string;
  status: 'draft' | 'open' | 'paid' | 'void' | 'uncollectible';
  amount_due: number;
  currency: string;
  /** Unix seconds. */
  due_date: number;
}

export interface CustomerRecord {
  id: string;
  name: string;
  email: string;
  invoices: InvoiceRecord[];
}

export type StandingDecision =
  | { outcome: 'in_good_standing' }
  | { outcome: 'refused'; error: PaymentError; paymentRequired?: undefined; invoice?: undefined }
  /** A past-due invoice: billing's 402, decided before any card is tried. */
  | { outcome: 'refused'; error: PaymentError; paymentRequired: true; invoice: InvoiceRecord };

/** Billing's unpaid-invoice rule, as configuration: which version ran is what an incident review asks first. */
export interface UnpaidInvoiceRule {
  version: string;
  /** Days after its due date that an open invoice is still tolerated. */
  grace_days: number;
}

export const UNPAID_INVOICE_RULE: Readonly<UnpaidInvoiceRule> = Object.freeze({ version: 'unpaid_invoice/v3', grace_days: 0 });

/**
 * The rule as a bad deploy leaves it: the grace period's sign flipped, so every open invoice due in
 * the next 30 days counts as overdue. Customers in good standing are refused with a 402 that looks
 * exactly like their own payment problem; only the rule's version and the invoice's dates tell.
 */
export const MISCONFIGURED_UNPAID_INVOICE_RULE: Readonly<UnpaidInvoiceRule> = Object.freeze({
  version: 'unpaid_invoice/v4-rc1',
  grace_days: -30,
});

const DAY = 24 * 60 * 60;

/** An open invoice whose due date, plus the rule's grace, has passed. */
export const pastDueInvoice = (
  customer: CustomerRecord,
  nowSeconds: number,
  rule: UnpaidInvoiceRule = UNPAID_INVOICE_RULE,
): InvoiceRecord | undefined =>
  customer.invoices.find((invoice) => invoice.status === 'open' && invoice.due_date + rule.grace_days * DAY < nowSeconds);

/** Whole days since the invoice fell due; negative while it is not yet due. */
export const daysPastDue = (invoice: InvoiceRecord, nowSeconds: number): number =>
  Math.floor((nowSeconds - invoice.due_date) / DAY);

/**
 * Billing's decision before any card is tried: the customer must exist and owe nothing overdue.
 * A past-due invoice is a 402 that billing decides on its own, without asking the processor.
 */
export function assessCustomer(
  customerId: string,
  customer: CustomerRecord | null,
  nowSeconds: number,
  rule: UnpaidInvoiceRule = UNPAID_INVOICE_RULE,
): StandingDecision {
  if (!customer) {
    return {
      outcome: 'refused',
      error: paymentError('resource_missing', {
        param: 'customer',
        message: `No such customer: '${customerId}'.`,
        origin: SERVICES.billing,
      }),
    };
  }
  const invoice = pastDueInvoice(customer, nowSeconds, rule);
  if (invoice) {
    return {
      outcome: 'refused',
      paymentRequired: true,
      invoice,
      error: paymentError('invoice_past_due', {
        message: `Invoice ${invoice.id} is past due. Pay it before new charges are accepted.`,
        origin: SERVICES.billing,
      }),
    };
  }
  return { outcome: 'in_good_standing' };
}
