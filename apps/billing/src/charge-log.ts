import { Logger } from '@nestjs/common';
import type { Charge, ChargeRequest, Reply } from '@hoptrace/contracts';

const logger = new Logger('ChargeHandler');

/**
 * One line per charge, written inside its trace (the log carries the trace id): what billing
 * answered and who decided. Ids and codes only, never the payment method or an amount.
 */
export function logChargeOutcome(request: ChargeRequest, reply: Reply<Charge>): void {
  if (reply.ok) {
    logger.log({ msg: 'charge succeeded', charge_id: request.charge_id, customer: request.customer });
    return;
  }
  const { type, code, decline_code, origin } = reply.error;
  const msg = type === 'card_error' ? 'charge declined' : type === 'api_error' ? 'charge failed' : 'charge refused';
  logger.log({ msg, charge_id: request.charge_id, customer: request.customer, code, decline_code, origin });
}
