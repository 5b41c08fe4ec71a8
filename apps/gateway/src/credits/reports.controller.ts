import { Controller, Get, Inject, Param, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { SERVICES } from '@hoptrace/contracts';
import { encodePaymentRequired, insufficientCredit, x402PaymentRequired, type MeteredResource } from '@hoptrace/payments';
import { SETTINGS } from '@hoptrace/runtime';
import type { GatewaySettings } from '../gateway.settings';
import { inSpan, markPaymentRequired } from '@hoptrace/telemetry';
import type { AuthenticatedRequest } from '../auth/api-key.guard';
import { RequiresPermission } from '../auth/requires-permission.decorator';
import { ProblemException } from '../http/problem.exception';
import { ApiProblems, AUTHENTICATED_PROBLEMS, COMMON_PROBLEMS } from '../openapi/api-problems.decorator';
import { ReportObject } from '../openapi/schemas';
import { CreditLedger, type CreditUsage } from './credit-ledger';

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
 * A metered endpoint: every call costs credits from the caller's prepaid balance. When the balance
 * cannot cover it, the gateway itself answers 402, before any queue is touched.
 */
@ApiTags('reports')
@ApiBearerAuth('api_key')
@Controller('v1/reports')
export class ReportsController {
  constructor(
    private readonly ledger: CreditLedger,
    @Inject(SETTINGS) private readonly config: GatewaySettings,
  ) {}

  @Get(':id')
  @RequiresPermission('reports:read')
  @ApiOperation({ summary: 'Retrieve a report', description: `Metered: costs ${REPORT_COST} credit per call.` })
  @ApiOkResponse({ type: ReportObject })
  @ApiProblems(400, 402, ...AUTHENTICATED_PROBLEMS, ...COMMON_PROBLEMS)
  async get(@Param('id') id: string, @Req() http: AuthenticatedRequest): Promise<Report> {
    // An unknown report costs nothing: it is not a call to a paid resource.
    if (!Object.hasOwn(REPORTS, id)) {
      throw new ProblemException({
        type: 'invalid_request_error',
        code: 'resource_missing',
        param: 'id',
        message: `No such report: '${id}'.`,
        origin: SERVICES.gateway,
      });
    }
    const apiKeyId = http.apiKey?.id ?? '';
    const resource: MeteredResource = {
      url: `${http.protocol}://${http.get('host')}${http.originalUrl}`,
      description: REPORTS[id],
      mimeType: 'application/json',
      credits: REPORT_COST,
    };
    const spent = await inSpan('gateway.meter_call', { 'credits.cost': REPORT_COST, 'credits.resource': id }, async (span) => {
      const result = await this.ledger.spend(apiKeyId, id, REPORT_COST);
      span.setAttribute('credits.balance', result.balance);
      if (!result.spent) markPaymentRequired(span, insufficientCredit(result.balance, resource));
      return result;
    });
    if (!spent.spent) {
      const { x402Network, x402Asset, x402PayTo, x402UnitsPerCredit } = this.config.credits;
      const paymentRequired = x402PaymentRequired(resource, {
        network: x402Network,
        asset: x402Asset,
        payTo: x402PayTo,
        unitsPerCredit: x402UnitsPerCredit,
      });
      throw new ProblemException(insufficientCredit(spent.balance, resource), {
        'PAYMENT-REQUIRED': encodePaymentRequired(paymentRequired),
      });
    }
    return {
      id,
      object: 'report',
      description: REPORTS[id],
      generated_at: Math.floor(Date.now() / 1000),
      data: { balance: spent.balance, usage: await this.ledger.usage(apiKeyId) },
    };
  }
}
