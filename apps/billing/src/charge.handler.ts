import { Controller, Inject, Logger } from '@nestjs/common';
import { MessagePattern, Payload, type ClientProxy } from '@nestjs/microservices';
import { SpanStatusCode, trace } from '@opentelemetry/api';
import {
  chargeEventId,
  fail,
  ok,
  PATTERNS,
  SERVICES,
  statusOf,
  type Authorization,
  type AuthorizationRequest,
  type Charge,
  type ChargeEvent,
  type ChargeRequest,
  type PaymentError,
  type Reply,
} from '@hoptrace/contracts';
import { FaultStore, faultAttributes } from '@hoptrace/faults';
import {
  assessCustomer,
  cardDetailsOf,
  daysPastDue,
  MISCONFIGURED_UNPAID_INVOICE_RULE,
  UNPAID_INVOICE_RULE,
  type CustomerRecord,
  type StandingDecision,
} from '@hoptrace/payments';
import { NotConsumedError, transportFailure } from '@hoptrace/queue-transport';
import {
  ATTR_PAYMENT_CHARGE_ID,
  ATTR_PAYMENT_CUSTOMER,
  ATTR_PAYMENT_OUTCOME,
  inSpan,
  markPaymentRequired,
  recordPaymentOutcome,
} from '@hoptrace/telemetry';
import { lastValueFrom } from 'rxjs';
import { CustomerDirectory } from './customer-directory';
import { NOTIFIER, PROCESSOR } from './tokens';

@Controller()
export class ChargeHandler {
  private readonly logger = new Logger(ChargeHandler.name);

  constructor(
    private readonly customers: CustomerDirectory,
    private readonly faults: FaultStore,
    @Inject(PROCESSOR) private readonly processor: ClientProxy,
    @Inject(NOTIFIER) private readonly notifier: ClientProxy,
  ) {}

  /** Checks the customer, asks the processor to authorize, and tells the notifier how it went. */
  @MessagePattern(PATTERNS.createCharge)
  async create(@Payload() request: ChargeRequest): Promise<Reply<Charge>> {
    const reply = await this.decide(request);
    this.logOutcome(request, reply);
    return reply;
  }

  private async decide(request: ChargeRequest): Promise<Reply<Charge>> {
    const standing = await this.assess(request);
    if (standing.outcome === 'refused') return fail(standing.error);

    const authorization = await this.authorize(request);
    if (!authorization.ok) {
      if (authorization.error.type === 'card_error') await this.announceFailure(request, authorization.error);
      return authorization;
    }
    const charge: Charge = {
      id: request.charge_id,
      object: 'charge',
      status: 'succeeded',
      amount: request.amount,
      currency: request.currency,
      customer: request.customer,
      payment_method: request.payment_method,
      created: authorization.value.authorized_at,
    };
    if (authorization.value.payment_method_details) charge.payment_method_details = authorization.value.payment_method_details;
    await this.announce({
      id: chargeEventId(charge.id, 'charge.succeeded'),
      type: 'charge.succeeded',
      created: charge.created,
      data: { object: charge },
    });
    return ok(charge);
  }

  /**
   * One line per charge, written inside its trace (the log carries the trace id): what billing
   * answered and who decided. Ids and codes only, never the payment method or an amount.
   */
  private logOutcome(request: ChargeRequest, reply: Reply<Charge>): void {
    if (reply.ok) {
      this.logger.log({ msg: 'charge succeeded', charge_id: request.charge_id, customer: request.customer });
      return;
    }
    const { type, code, decline_code, origin } = reply.error;
    const msg = type === 'card_error' ? 'charge declined' : type === 'api_error' ? 'charge failed' : 'charge refused';
    this.logger.log({ msg, charge_id: request.charge_id, customer: request.customer, code, decline_code, origin });
  }

  /**
   * Billing's own decision. Its span is where a past-due invoice becomes a 402, and it records what
   * the decision rested on: the rule's configuration and the invoices as billing saw them. That is
   * what tells a customer who really owes money from one a bad rule refuses.
   */
  private assess(request: ChargeRequest): Promise<StandingDecision> {
    const attributes = { [ATTR_PAYMENT_CHARGE_ID]: request.charge_id, [ATTR_PAYMENT_CUSTOMER]: request.customer };
    return inSpan('billing.assess_customer', attributes, async (span) => {
      const [customer, faults] = await Promise.all([this.customers.find(request.customer), this.faults.read()]);
      const rule = faults.billing_misconfigured ? MISCONFIGURED_UNPAID_INVOICE_RULE : UNPAID_INVOICE_RULE;
      const now = Math.floor(Date.now() / 1000);
      span.setAttributes({
        'billing.rule.name': 'unpaid_invoice',
        'billing.rule.version': rule.version,
        'billing.rule.grace_days': rule.grace_days,
        ...faultAttributes(faults, ['billing_misconfigured']),
      });
      if (customer) span.setAttributes(ledgerAttributes(customer));
      const decision = assessCustomer(request.customer, customer, now, rule);
      if (decision.outcome === 'in_good_standing') {
        span.setAttribute(ATTR_PAYMENT_OUTCOME, 'in_good_standing');
      } else if (statusOf(decision.error) === 402) {
        if (decision.invoice) {
          span.setAttributes({
            'billing.invoice.id': decision.invoice.id,
            'billing.invoice.status': decision.invoice.status,
            'billing.invoice.amount_due': decision.invoice.amount_due,
            'billing.invoice.due_date': new Date(decision.invoice.due_date * 1000).toISOString(),
            'billing.invoice.days_past_due': daysPastDue(decision.invoice, now),
          });
        }
        markPaymentRequired(span, decision.error);
      } else {
        span.setAttribute(ATTR_PAYMENT_OUTCOME, 'invalid_request');
      }
      return decision;
    });
  }

  private async authorize(request: ChargeRequest): Promise<Reply<Authorization>> {
    const authorizationRequest: AuthorizationRequest = { ...request, idempotency_key: request.charge_id };
    try {
      const reply = await lastValueFrom(
        this.processor.send<Reply<Authorization>>(PATTERNS.authorizePayment, authorizationRequest),
      );
      const span = trace.getActiveSpan();
      if (span) recordPaymentOutcome(span, reply.ok ? 'succeeded' : { error: reply.error });
      return reply;
    } catch (error) {
      const failure = transportFailure(error, SERVICES.billing);
      // Not a 402: the processor never answered. Red here shows where the time went.
      const span = trace.getActiveSpan();
      span?.setStatus({ code: SpanStatusCode.ERROR, message: failure.code });
      if (error instanceof NotConsumedError) span?.setAttribute('bullmq.queue.paused', error.paused);
      this.logger.warn(`authorization of ${request.charge_id} failed: ${(error as Error).message}`);
      return fail(failure);
    }
  }

  /** The event names the card by its summary only: the sealed card is for the processor, not for webhooks. */
  private announceFailure(request: ChargeRequest, error: PaymentError): Promise<void> {
    const { charge_id, card, ...params } = request;
    return this.announce({
      id: chargeEventId(charge_id, 'charge.failed'),
      type: 'charge.failed',
      created: Math.floor(Date.now() / 1000),
      data: {
        object: {
          id: charge_id,
          ...params,
          ...(card ? { payment_method_details: cardDetailsOf(card) } : {}),
          failure_code: error.code,
          decline_code: error.decline_code,
          failure_origin: error.origin,
        },
      },
    });
  }

  /** The charge's outcome stands whether or not the notifier hears of it; a lost event is logged. */
  private async announce(event: ChargeEvent): Promise<void> {
    try {
      await lastValueFrom(this.notifier.emit(event.type, event), { defaultValue: undefined });
    } catch (error) {
      this.logger.error(`could not emit ${event.type} ${event.id}: ${(error as Error).message}`);
    }
  }
}

/** The customer's invoices as billing read them: the ledger state a decision about them rested on. */
function ledgerAttributes(customer: CustomerRecord): Record<string, number> {
  const open = customer.invoices.filter((invoice) => invoice.status === 'open');
  return {
    'billing.customer.open_invoices': open.length,
    'billing.customer.amount_open': open.reduce((sum, invoice) => sum + invoice.amount_due, 0),
  };
}
