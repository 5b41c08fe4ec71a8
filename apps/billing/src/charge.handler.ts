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
import { assessCustomer, type StandingDecision } from '@hoptrace/payments';
import { transportFailure } from '@hoptrace/queue-transport';
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

  /** Billing's own decision. Its span is where a past-due invoice becomes a 402. */
  private assess(request: ChargeRequest): Promise<StandingDecision> {
    const attributes = { [ATTR_PAYMENT_CHARGE_ID]: request.charge_id, [ATTR_PAYMENT_CUSTOMER]: request.customer };
    return inSpan('billing.assess_customer', attributes, async (span) => {
      const customer = await this.customers.find(request.customer);
      const decision = assessCustomer(request.customer, customer, Math.floor(Date.now() / 1000));
      if (decision.outcome === 'in_good_standing') {
        span.setAttribute(ATTR_PAYMENT_OUTCOME, 'in_good_standing');
      } else if (statusOf(decision.error) === 402) {
        if (decision.invoice) span.setAttribute('billing.invoice.id', decision.invoice.id);
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
      trace.getActiveSpan()?.setStatus({ code: SpanStatusCode.ERROR, message: failure.code });
      this.logger.warn(`authorization of ${request.charge_id} failed: ${(error as Error).message}`);
      return fail(failure);
    }
  }

  private announceFailure(request: ChargeRequest, error: PaymentError): Promise<void> {
    const { charge_id, ...params } = request;
    return this.announce({
      id: chargeEventId(charge_id, 'charge.failed'),
      type: 'charge.failed',
      created: Math.floor(Date.now() / 1000),
      data: {
        object: {
          id: charge_id,
          ...params,
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
