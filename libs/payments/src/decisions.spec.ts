import { statusOf } from '@hoptrace/contracts';
import { decideAuthorization } from './authorize';
import { decideMeteredCall, type MeteredResource } from './credit';
import { assessCustomer } from './customer-standing';
import { demoCustomers } from './demo-customers';
import { TEST_PAYMENT_METHODS } from './test-payment-methods';

const NOW = 1_800_000_000;
const REPORT: MeteredResource = { url: 'http://localhost/v1/reports/credit_usage', description: 'r', mimeType: 'application/json', credits: 1 };

/** Every decision a hop makes about the demo data, each with the error it answers with, if any. */
const decisions = [
  ...Object.keys(TEST_PAYMENT_METHODS).map((id) => decideAuthorization({ amount: 1999, currency: 'usd', payment_method: id })),
  decideAuthorization({ amount: 1, currency: 'usd', payment_method: 'pm_card_visa' }),
  decideAuthorization({ amount: 1999, currency: 'usd', payment_method: 'pm_unknown' }),
  ...demoCustomers(NOW).map((customer) => assessCustomer(customer.id, customer, NOW)),
  assessCustomer('cus_nobody', null, NOW),
  decideMeteredCall({ spent: true, balance: 3 }, REPORT),
  decideMeteredCall({ spent: false, balance: 0 }, REPORT),
];

describe('a decision says whether it is a 402', () => {
  it.each(decisions.map((decision) => [decision.outcome, decision] as const))('%s agrees with the catalogue', (_outcome, decision) => {
    const error = 'error' in decision ? decision.error : undefined;
    const paymentRequired = 'paymentRequired' in decision && decision.paymentRequired === true;
    expect(paymentRequired).toBe(error !== undefined && statusOf(error) === 402);
  });

  it('covers 402s and other refusals alike (the table is not looking at nothing)', () => {
    const flags = decisions.map((decision) => 'paymentRequired' in decision && decision.paymentRequired === true);
    expect(flags).toContain(true);
    expect(decisions.some((decision) => 'error' in decision && !flags[decisions.indexOf(decision)])).toBe(true);
  });
});
