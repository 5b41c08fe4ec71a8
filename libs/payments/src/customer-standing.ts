import { SERVICES, type PaymentError } from '@hoptrace/contracts';

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
  | { outcome: 'refused'; error: PaymentError; invoice?: InvoiceRecord };

/** An open invoice whose due date has passed. */
export const pastDueInvoice = (customer: CustomerRecord, nowSeconds: number): InvoiceRecord | undefined =>
  customer.invoices.find((invoice) => invoice.status === 'open' && invoice.due_date < nowSeconds);

/**
 * Billing's decision before any card is tried: the customer must exist and owe nothing overdue.
 * A past-due invoice is a 402 that billing decides on its own, without asking the processor.
 */
export function assessCustomer(
  customerId: string,
  customer: CustomerRecord | null,
  nowSeconds: number,
): StandingDecision {
  if (!customer) {
    return {
      outcome: 'refused',
      error: {
        type: 'invalid_request_error',
        code: 'resource_missing',
        param: 'customer',
        message: `No such customer: '${customerId}'.`,
        origin: SERVICES.billing,
      },
    };
  }
  const invoice = pastDueInvoice(customer, nowSeconds);
  if (invoice) {
    return {
      outcome: 'refused',
      invoice,
      error: {
        type: 'invalid_request_error',
        code: 'invoice_past_due',
        message: `Invoice ${invoice.id} is past due. Pay it before new charges are accepted.`,
        origin: SERVICES.billing,
      },
    };
  }
  return { outcome: 'in_good_standing' };
}
