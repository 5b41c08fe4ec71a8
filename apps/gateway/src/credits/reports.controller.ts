import { Controller, Get, Headers, Inject, Param, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { paymentError, SERVICES, type PaymentError } from '@hoptrace/contracts';
import { decideMeteredCall, encodePaymentRequired, x402PaymentRequired, type MeteredResource } from '@hoptrace/payments';
import { SETTINGS } from '@hoptrace/runtime';
import type { GatewaySettings } from '../gateway.settings';
import { inSpan, recordDecision } from '@hoptrace/telemetry';
import { ProblemException } from '@hoptrace/http-edge';
import type { AuthenticatedRequest } from '../auth/api-key.guard';
import { RequiresPermission } from '../auth/requires-permission.decorator';
import { ApiProblems, AUTHENTICATED_PROBLEMS, COMMON_PROBLEMS } from '../openapi/api-problems.decorator';
import { ReportObject } from '../openapi/schemas';
import { CreditLedger, type CreditUsage } from './credit-ledger';
import { X402Checkout } from './x402-checkout';

/** x402 v2's headers: the price of a call, its payment, and the payment's settlement. */
const PAYMENT_REQUIRED = 'PAYMENT-REQUIRED';
const PAYMENT_SIGNATURE = 'PAYMENT-SIGNATURE';
const PAYMENT_RESPONSE = 'PAYMENT-RESPONSE';

/** What one report costs, in credits. */
export const REPORT_COST = 1;

const REPORTS: Readonly<Record<string, string>> = {
  credit_usage: 'The credits this API key has spent, newest first, and its balance.',
};

export interface Report {
  id: string;
  object: 'report';
  description: string;
  generated_at: number;
  data: { balance: number; usage: CreditUsage[] };
}

/**
 * A metered endpoint: every call costs credits from the caller's prepaid balance, or is paid with
 * x402 in the call itself (PAYMENT-SIGNATURE), which the facilitator verifies and settles. When the
 * balance cannot cover it, the gateway itself answers 402, before any queue is touched; when the
 * facilitator refuses the payment, the 402 is the facilitator's.
 */
@ApiTags('reports')
@ApiBearerAuth('api_key')
@Controller('v1/reports')
export class ReportsController {
  constructor(
    private readonly ledger: CreditLedger,
    private readonly checkout: X402Checkout,
    @Inject(SETTINGS) private readonly config: GatewaySettings,
  ) {}

  @Get(':id')
  @RequiresPermission('reports:read')
  @ApiOperation({
    summary: 'Retrieve a report',
    description: `Metered: costs ${REPORT_COST} credit per call, or the x402 payment described in PAYMENT-REQUIRED, sent in PAYMENT-SIGNATURE.`,
  })
  @ApiHeader({ name: PAYMENT_SIGNATURE, required: false, description: 'An x402 v2 payment payload, base64 JSON, paying for this call instead of credits.' })
  @ApiOkResponse({ type: ReportObject, headers: { [PAYMENT_RESPONSE]: { description: 'With a payment: the x402 settlement, base64 JSON.', schema: { type: 'string' } } } })
  @ApiProblems(400, 402, 503, ...AUTHENTICATED_PROBLEMS, ...COMMON_PROBLEMS)
  async get(
    @Param('id') id: string,
    @Req() http: AuthenticatedRequest,
    @Res({ passthrough: true }) response: Response,
    @Headers(PAYMENT_SIGNATURE) paymentSignature?: string,
  ): Promise<Report> {
    // An unknown report costs nothing: it is not a call to a paid resource.
    if (!Object.hasOwn(REPORTS, id)) {
      throw new ProblemException(
        paymentError('resource_missing', { param: 'id', message: `No such report: '${id}'.`, origin: SERVICES.gateway }),
      );
    }
    const apiKeyId = http.apiKey?.id ?? '';
    const resource: MeteredResource = {
      url: `${http.protocol}://${http.get('host')}${http.originalUrl}`,
      description: REPORTS[id],
      mimeType: 'application/json',
      credits: REPORT_COST,
    };
    if (paymentSignature !== undefined) return this.paidCall(id, apiKeyId, resource, paymentSignature, response);
    const metered = await inSpan('gateway.meter_call', { 'credits.cost': REPORT_COST, 'credits.resource': id }, async (span) => {
      const decision = decideMeteredCall(await this.ledger.spend(apiKeyId, id, REPORT_COST), resource);
      span.setAttribute('credits.balance', decision.balance);
      recordDecision(span, decision);
      return decision;
    });
    if (metered.outcome === 'insufficient_credit') throw this.paymentRequired(metered.error, resource);
    return this.report(id, apiKeyId, metered.balance);
  }

  /** A call paid with x402: no credit is spent, and the report is sent only once the payment settled. */
  private async paidCall(id: string, apiKeyId: string, resource: MeteredResource, header: string, response: Response): Promise<Report> {
    const decoded = X402Checkout.paymentOf(header);
    if ('error' in decoded) throw new ProblemException(decoded.error);
    const [requirements] = this.paymentRequiredFor(resource).accepts;
    const result = await this.checkout.checkout(decoded.payment, requirements, async () =>
      this.report(id, apiKeyId, await this.ledger.balance(apiKeyId)),
    );
    if (!result.paid) {
      // Refused: the 402 names the facilitator's reason and says afresh how to pay.
      if (result.error.code === 'payment_refused') throw this.paymentRequired(result.error, resource);
      throw new ProblemException(result.error);
    }
    response.setHeader(PAYMENT_RESPONSE, result.paymentResponse);
    return result.value;
  }

  private paymentRequiredFor(resource: MeteredResource, error?: string) {
    const { x402Network, x402Asset, x402PayTo, x402UnitsPerCredit } = this.config.credits;
    return x402PaymentRequired(resource, { network: x402Network, asset: x402Asset, payTo: x402PayTo, unitsPerCredit: x402UnitsPerCredit }, error);
  }

  private paymentRequired(error: PaymentError, resource: MeteredResource): ProblemException {
    const reason = error.code === 'payment_refused' ? error.decline_code : error.code;
    return new ProblemException(error, { [PAYMENT_REQUIRED]: encodePaymentRequired(this.paymentRequiredFor(resource, reason)) });
  }

  private async report(id: string, apiKeyId: string, balance: number): Promise<Report> {
    return {
      id,
      object: 'report',
      description: REPORTS[id],
      generated_at: Math.floor(Date.now() / 1000),
      data: { balance, usage: await this.ledger.usage(apiKeyId) },
    };
  }
}
