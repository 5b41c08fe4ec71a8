import { Inject, Injectable } from '@nestjs/common';
import type { Span } from '@opentelemetry/api';
import { HTTPFacilitatorClient } from '@x402/core/server';
import { decodePaymentSignatureHeader, encodePaymentResponseHeader } from '@x402/core/http';
import { PaymentPayloadV2Schema } from '@x402/core/schemas';
import { SettleError, VerifyError, type PaymentPayload, type PaymentRequirements } from '@x402/core/types';
import { paymentError, serviceUnavailable, SERVICES, type PaymentError } from '@hoptrace/contracts';
import { SETTINGS } from '@hoptrace/runtime';
import type { GatewaySettings } from '../gateway.settings';
import { ATTR_PAYMENT_X402_PAYER, inSpan, recordPaymentOutcome, withClientSpan } from '@hoptrace/telemetry';
import { paymentRefused } from '@hoptrace/x402';

/** What became of a payment: settled (with the PAYMENT-RESPONSE header to send), or refused. */
export type CheckoutResult<T> = { paid: true; paymentResponse: string; value: T } | { paid: false; error: PaymentError };

/**
 * The gateway's side of x402: it asks the facilitator, over HTTP (a traced hop), whether a payment
 * is good and then to settle it. It decides nothing itself: a refusal is the facilitator's, relayed
 * with its reason; a facilitator that cannot answer is a 503, since nobody said anything about the
 * payment.
 */
@Injectable()
export class X402Checkout {
  private readonly facilitator: HTTPFacilitatorClient;

  constructor(@Inject(SETTINGS) config: GatewaySettings) {
    this.facilitator = new HTTPFacilitatorClient({ url: config.facilitator.url, timeoutMs: config.facilitator.timeoutMs });
  }

  /** The PAYMENT-SIGNATURE header's payment, or the 400 of a header that is not one. */
  static paymentOf(header: string): { payment: PaymentPayload } | { error: PaymentError } {
    try {
      const parsed = PaymentPayloadV2Schema.safeParse(decodePaymentSignatureHeader(header));
      if (parsed.success) return { payment: parsed.data as PaymentPayload };
    } catch {
      // Not base64 JSON: the same answer as a payload of the wrong shape.
    }
    return {
      error: paymentError('parameter_invalid', {
        param: 'PAYMENT-SIGNATURE',
        message: 'The PAYMENT-SIGNATURE header is not a base64-encoded x402 v2 payment payload.',
        origin: SERVICES.gateway,
      }),
    };
  }

  /** Verifies `payment` against `requirements`; `serve` runs only for a good one, before settling. */
  async checkout<T>(payment: PaymentPayload, requirements: PaymentRequirements, serve: () => Promise<T>): Promise<CheckoutResult<T>> {
    return inSpan('gateway.x402_checkout', {}, async (span) => {
      const verified = await this.ask(
        () => withClientSpan('POST /verify', { 'url.template': '/verify' }, () => this.facilitator.verify(payment, requirements)),
        'the payment was not taken. Retry later with the same payment.');
      if ('error' in verified) return this.failed(span, verified.error);
      if (!verified.value.isValid) return this.failed(span, paymentRefused(verified.value.invalidReason ?? 'invalid_payment'));
      if (verified.value.payer) span.setAttribute(ATTR_PAYMENT_X402_PAYER, verified.value.payer);

      const value = await serve();
      const settled = await this.ask(
        () => withClientSpan('POST /settle', { 'url.template': '/settle' }, () => this.facilitator.settle(payment, requirements)),
        'whether the payment settled is not known. Retry with the same payment: it settles at most once.',
      );
      if ('error' in settled) return this.failed(span, settled.error);
      if (!settled.value.success) return this.failed(span, paymentRefused(settled.value.errorReason ?? 'settlement_failed'));
      recordPaymentOutcome(span, 'succeeded');
      return { paid: true, paymentResponse: encodePaymentResponseHeader(settled.value), value };
    });
  }

  private failed(span: Span, error: PaymentError): { paid: false; error: PaymentError } {
    recordPaymentOutcome(span, { error });
    return { paid: false, error };
  }

  /** A facilitator's answer; a refusal sent with an error status is still a refusal. */
  private async ask<R>(call: () => Promise<R>, unknownOutcome: string): Promise<{ value: R } | { error: PaymentError }> {
    try {
      return { value: await call() };
    } catch (error) {
      if (error instanceof VerifyError) return { value: { isValid: false, invalidReason: error.invalidReason } as R };
      if (error instanceof SettleError) return { value: { success: false, errorReason: error.errorReason } as R };
      return { error: serviceUnavailable(SERVICES.gateway, `The x402 facilitator did not answer: ${unknownOutcome}`) };
    }
  }
}
