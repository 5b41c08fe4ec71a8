import type { CustomerRecord } from './customer-standing';

const DAY = 24 * 60 * 60;

/** The customers a fresh system starts with. Due dates are relative so the demo never ages. */
export function demoCustomers(nowSeconds: number): CustomerRecord[] {
  return [
    {
      id: 'cus_demo',
      name: 'Demo Customer',
      email: 'demo@example.com',
      invoices: [{ id: 'in_demo_paid', status: 'paid', amount_due: 0, currency: 'usd', due_date: nowSeconds - 30 * DAY }],
    },
    {
      id: 'cus_enterprise',
      name: 'Enterprise Customer',
      email: 'billing@enterprise.example.com',
      invoices: [{ id: 'in_enterprise_open', status: 'open', amount_due: 250000, currency: 'usd', due_date: nowSeconds + 14 * DAY }],
    },
    {
      id: 'cus_past_due',
      name: 'Past Due Customer',
      email: 'late@example.com',
      invoices: [{ id: 'in_past_due', status: 'open', amount_due: 4900, currency: 'usd', due_date: nowSeconds - 10 * DAY }],
    },
  ];
}
