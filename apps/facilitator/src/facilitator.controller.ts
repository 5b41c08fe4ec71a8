import { BadRequestException, Body, Controller, Get, HttpCode, Inject, Post, ServiceUnavailableException } from '@nestjs/common';
import { FaultStore, faultAttributes } from '@hoptrace/faults';
import type { x402Facilitator } from '@x402/core/facilitator';
import { PaymentPayloadV2Schema, PaymentRequirementsV2Schema, z } from '@x402/core/schemas';
import type { PaymentPayload, PaymentRequirements, SettleResponse, VerifyResponse } from '@x402/core/types';
import type { Span } from '@opentelemetry/api';
import {
  ATTR_PAYMENT_AMOUNT,
  ATTR_PAYMENT_X402_ASSET,
  ATTR_PAYMENT_X402_NETWORK,
  ATTR_PAYMENT_X402_PAYER,
  ATTR_PAYMENT_X402_SCHEME,
  ATTR_PAYMENT_X402_TRANSACTION,
  inSpan,
  recordDecision,
} from '@hoptrace/telemetry';
import { decidePayment, type PaymentDecision } from '@hoptrace/x402';

export const FACILITATOR = Symbol('FACILITATOR');

/** The body of /verify and /settle, as x402's facilitator API defines it (version 2). */
const FacilitatorRequest = z.object({
  x402Version: z.literal(2),
  paymentPayload: PaymentPayloadV2Schema,
  paymentRequirements: PaymentRequirementsV2Schema,
});

/**
 * x402's facilitator API over the ledger. A refused payment is an answer (200, `isValid: false` or
 * `success: false`, as the protocol says), and the span around the decision is where its 402 is
 * decided: the gateway only relays it.
 */
@Controller()
export class FacilitatorController {
  constructor(
    @Inject(FACILITATOR) private readonly facilitator: x402Facilitator,
    private readonly faults: FaultStore,
  ) {}

  @Get('supported')
  supported() {
    return this.facilitator.getSupported();
  }

  @Post('verify')
  @HttpCode(200)
  verify(@Body() body: unknown): Promise<VerifyResponse> {
    const { paymentPayload, paymentRequirements } = requestOf(body);
    return inSpan('x402.verify', attributesOf(paymentPayload, paymentRequirements), async (span) => {
      await this.refuseWhileUnavailable(span);
      const verified = await this.facilitator.verify(paymentPayload, paymentRequirements);
      recordVerdict(span, decidePayment('verified', verified.isValid ? undefined : (verified.invalidReason ?? 'invalid_payment')), verified.payer);
      return verified;
    });
  }

  @Post('settle')
  @HttpCode(200)
  settle(@Body() body: unknown): Promise<SettleResponse> {
    const { paymentPayload, paymentRequirements } = requestOf(body);
    return inSpan('x402.settle', attributesOf(paymentPayload, paymentRequirements), async (span) => {
      await this.refuseWhileUnavailable(span);
      const settled = await this.facilitator.settle(paymentPayload, paymentRequirements);
      recordVerdict(span, decidePayment('settled', settled.success ? undefined : (settled.errorReason ?? 'settlement_failed')), settled.payer);
      if (settled.transaction) span.setAttribute(ATTR_PAYMENT_X402_TRANSACTION, settled.transaction);
      return settled;
    });
  }

  /** The facilitator_unavailable fault: an outage, which says nothing about the payment. */
  private async refuseWhileUnavailable(span: Span): Promise<void> {
    const faults = await this.faults.read();
    span.setAttributes(faultAttributes(faults, ['facilitator_unavailable']));
    if (faults.facilitator_unavailable) throw new ServiceUnavailableException('The facilitator is unavailable (fault facilitator_unavailable).');
  }
}

function requestOf(body: unknown): { paymentPayload: PaymentPayload; paymentRequirements: PaymentRequirements } {
  const parsed = FacilitatorRequest.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new BadRequestException(`Not an x402 v2 facilitator request: ${issue.path.join('.') || 'body'}: ${issue.message}`);
  }
  return parsed.data as { paymentPayload: PaymentPayload; paymentRequirements: PaymentRequirements };
}

const attributesOf = (payment: PaymentPayload, requirements: PaymentRequirements) => ({
  [ATTR_PAYMENT_X402_SCHEME]: requirements.scheme,
  [ATTR_PAYMENT_X402_NETWORK]: requirements.network,
  [ATTR_PAYMENT_X402_ASSET]: requirements.asset,
  [ATTR_PAYMENT_AMOUNT]: Number(requirements.amount),
});

function recordVerdict(span: Span, decision: PaymentDecision, payer: string | undefined): void {
  if (payer) span.setAttribute(ATTR_PAYMENT_X402_PAYER, payer);
  recordDecision(span, decision);
}
