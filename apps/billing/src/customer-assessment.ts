import { Injectable } from '@nestjs/common';
import type { ChargeRequest } from '@hoptrace/contracts';
import { FaultStore } from '@hoptrace/faults';
import { assessCustomer, MISCONFIGURED_UNPAID_INVOICE_RULE, UNPAID_INVOICE_RULE, type StandingDecision } from '@hoptrace/payments';
import { ATTR_PAYMENT_CHARGE_ID, ATTR_PAYMENT_CUSTOMER, inSpan, recordDecision } from '@hoptrace/telemetry';
import { CustomerDirectory } from './customer-directory';
import { standingEvidence } from './standing-evidence';

/**
 * Billing's own decision, in its own span: where a past-due invoice becomes a 402. The span records
 * what the decision rested on, which tells a customer who really owes money from one a bad rule refuses.
 */
@Injectable()
export class CustomerAssessment {
  constructor(
    private readonly customers: CustomerDirectory,
    private readonly faults: FaultStore,
  ) {}

  assess(request: ChargeRequest): Promise<StandingDecision> {
    const attributes = { [ATTR_PAYMENT_CHARGE_ID]: request.charge_id, [ATTR_PAYMENT_CUSTOMER]: request.customer };
    return inSpan('billing.assess_customer', attributes, async (span) => {
      const [customer, faults] = await Promise.all([this.customers.find(request.customer), this.faults.read()]);
      const rule = faults.billing_misconfigured ? MISCONFIGURED_UNPAID_INVOICE_RULE : UNPAID_INVOICE_RULE;
      const now = Math.floor(Date.now() / 1000);
      const decision = assessCustomer(request.customer, customer, now, rule);
      span.setAttributes(standingEvidence({ rule, faults, customer, decision, now }));
      recordDecision(span, decision);
      return decision;
    });
  }
}
