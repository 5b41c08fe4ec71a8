import {
  assessCustomer,
  daysPastDue,
  MISCONFIGURED_UNPAID_INVOICE_RULE,
  pastDueInvoice,
  type CustomerRecord,
  type InvoiceRecord,
} from './customer-standing';
import { demoCustomers } from './demo-customers';

const DAY = 24 * 60 * 60;
const NOW = 1_750_000_000;

const invoice = (overrides: Partial<InvoiceRecord> = {}): InvoiceRecord => ({
  id: 'in_test',
  status: 'open',
  amount_due: 4900,
  currency: 'usd',
  due_date: NOW + DAY,
  ...overrides,
});

const customer = (...invoices: InvoiceRecord[]): CustomerRecord => ({
  id: 'cus_test',
  name: 'Test Customer',
  email: 'test@example.com',
  invoices,
});

describe('assessCustomer', () => {
  it('refuses an unknown customer as resource_missing on customer, decided by billing (not a 402 code)', () => {
    expect(assessCustomer('cus_nobody', null, NOW)).toEqual({
      outcome: 'refused',
      error: {
        type: 'invalid_request_error',
        code: 'resource_missing',
        param: 'customer',
        message: "No such customer: 'cus_nobody'.",
        origin: 'billing',
      },
    });
  });

  it('refuses a customer with an open invoice whose due date has passed, returning that invoice', () => {
    const overdue = invoice({ id: 'in_overdue', due_date: NOW - DAY });
    const decision = assessCustomer('cus_test', customer(overdue), NOW);

    expect(decision.outcome).toBe('refused');
    if (decision.outcome !== 'refused') return;
    expect(decision.invoice).toBe(overdue);
    expect(decision.error).toMatchObject({
      type: 'invalid_request_error',
      code: 'invoice_past_due',
      origin: 'billing',
    });
    expect(decision.error.message).toContain('in_overdue');
    // The request itself is well formed: no parameter is at fault.
    expect(decision.error).not.toHaveProperty('param');
  });

  it('refuses one second after the due date', () => {
    expect(assessCustomer('cus_test', customer(invoice({ due_date: NOW - 1 })), NOW).outcome).toBe('refused');
  });

  it('still accepts on the due date itself', () => {
    expect(assessCustomer('cus_test', customer(invoice({ due_date: NOW })), NOW)).toEqual({ outcome: 'in_good_standing' });
  });

  it.each<[string, InvoiceRecord[]]>([
    ['no invoices at all', []],
    ['an open invoice due in the future', [invoice({ due_date: NOW + 14 * DAY })]],
    ['a paid invoice whose due date has passed', [invoice({ status: 'paid', due_date: NOW - 30 * DAY })]],
    ['a void invoice whose due date has passed', [invoice({ status: 'void', due_date: NOW - 30 * DAY })]],
    ['a draft invoice whose due date has passed', [invoice({ status: 'draft', due_date: NOW - 30 * DAY })]],
    [
      'paid and void past invoices next to an open future one',
      [
        invoice({ id: 'in_paid', status: 'paid', due_date: NOW - 60 * DAY }),
        invoice({ id: 'in_void', status: 'void', due_date: NOW - 45 * DAY }),
        invoice({ id: 'in_next', status: 'open', due_date: NOW + 5 * DAY }),
      ],
    ],
  ])('accepts a customer with %s', (_case, invoices) => {
    expect(assessCustomer('cus_test', customer(...invoices), NOW)).toEqual({ outcome: 'in_good_standing' });
  });

  it('refuses for the past-due invoice even when it sits among settled and future ones', () => {
    const overdue = invoice({ id: 'in_overdue', due_date: NOW - 3 * DAY });
    const decision = assessCustomer(
      'cus_test',
      customer(
        invoice({ id: 'in_paid', status: 'paid', due_date: NOW - 60 * DAY }),
        invoice({ id: 'in_future', due_date: NOW + 5 * DAY }),
        overdue,
      ),
      NOW,
    );
    expect(decision).toMatchObject({ outcome: 'refused', invoice: overdue, error: { code: 'invoice_past_due' } });
  });
});

describe('the misconfigured unpaid-invoice rule', () => {
  const misconfigured = (invoices: InvoiceRecord[], now = NOW) =>
    assessCustomer('cus_test', customer(...invoices), now, MISCONFIGURED_UNPAID_INVOICE_RULE);

  it('refuses a customer whose open invoice is not due for another 14 days', () => {
    const future = invoice({ id: 'in_future', due_date: NOW + 14 * DAY });
    expect(assessCustomer('cus_test', customer(future), NOW)).toEqual({ outcome: 'in_good_standing' });
    expect(misconfigured([future])).toMatchObject({ outcome: 'refused', invoice: future, error: { code: 'invoice_past_due' } });
  });

  it('still accepts customers who owe nothing open, and open invoices due beyond its window', () => {
    expect(misconfigured([invoice({ status: 'paid', due_date: NOW - 30 * DAY })])).toEqual({ outcome: 'in_good_standing' });
    expect(misconfigured([invoice({ due_date: NOW + 31 * DAY })])).toEqual({ outcome: 'in_good_standing' });
  });

  it('leaves the demo customers cus_demo alone and turns on cus_enterprise', () => {
    const byId = (id: string) => demoCustomers(NOW).find((record) => record.id === id) ?? null;
    expect(assessCustomer('cus_demo', byId('cus_demo'), NOW, MISCONFIGURED_UNPAID_INVOICE_RULE).outcome).toBe('in_good_standing');
    expect(assessCustomer('cus_enterprise', byId('cus_enterprise'), NOW, MISCONFIGURED_UNPAID_INVOICE_RULE)).toMatchObject({
      outcome: 'refused',
      invoice: { id: 'in_enterprise_open' },
    });
  });
});

describe('daysPastDue', () => {
  it('counts whole days since the due date, negative before it', () => {
    expect(daysPastDue(invoice({ due_date: NOW - 10 * DAY }), NOW)).toBe(10);
    expect(daysPastDue(invoice({ due_date: NOW }), NOW)).toBe(0);
    expect(daysPastDue(invoice({ due_date: NOW + 14 * DAY }), NOW)).toBe(-14);
  });
});

describe('pastDueInvoice', () => {
  it('finds nothing for a customer who owes nothing overdue', () => {
    expect(pastDueInvoice(customer(invoice()), NOW)).toBeUndefined();
  });

  it('judges the same invoice by the "now" it is given', () => {
    const due = invoice({ due_date: NOW });
    expect(pastDueInvoice(customer(due), NOW - DAY)).toBeUndefined();
    expect(pastDueInvoice(customer(due), NOW + DAY)).toBe(due);
  });
});

describe('demoCustomers', () => {
  const byId = (now: number, id: string): CustomerRecord => {
    const found = demoCustomers(now).find((candidate) => candidate.id === id);
    if (!found) throw new Error(`demo customer ${id} is missing`);
    return found;
  };

  const NOWS = [
    ['a fixed date in 2025', NOW],
    ['the real clock', Math.floor(Date.now() / 1000)],
    ['a date in 2033', 2_000_000_000],
    ['one day after the epoch', DAY],
  ] as const;

  it('seeds exactly cus_demo, cus_enterprise and cus_past_due', () => {
    expect(demoCustomers(NOW).map((record) => record.id).sort()).toEqual(['cus_demo', 'cus_enterprise', 'cus_past_due']);
  });

  describe.each(NOWS)('seeded and assessed at %s', (_label, now) => {
    it.each(['cus_demo', 'cus_enterprise'])('%s is in good standing', (id) => {
      expect(assessCustomer(id, byId(now, id), now)).toEqual({ outcome: 'in_good_standing' });
    });

    it('cus_past_due is refused with invoice_past_due for in_past_due', () => {
      const decision = assessCustomer('cus_past_due', byId(now, 'cus_past_due'), now);
      expect(decision).toMatchObject({
        outcome: 'refused',
        invoice: { id: 'in_past_due', status: 'open' },
        error: { type: 'invalid_request_error', code: 'invoice_past_due', origin: 'billing' },
      });
    });
  });

  it('keeps its verdicts for a day after seeding, as billing reseeds only at boot', () => {
    const seededAt = NOW;
    const aDayLater = NOW + DAY;
    expect(assessCustomer('cus_demo', byId(seededAt, 'cus_demo'), aDayLater).outcome).toBe('in_good_standing');
    expect(assessCustomer('cus_enterprise', byId(seededAt, 'cus_enterprise'), aDayLater).outcome).toBe('in_good_standing');
    expect(assessCustomer('cus_past_due', byId(seededAt, 'cus_past_due'), aDayLater).outcome).toBe('refused');
  });

  it('survives the JSON round trip through Redis unchanged in verdict', () => {
    const stored = JSON.parse(JSON.stringify(byId(NOW, 'cus_past_due'))) as CustomerRecord;
    expect(assessCustomer('cus_past_due', stored, NOW).outcome).toBe('refused');
  });
});
