import { validateSync } from 'class-validator';
import { CreateChargeDto } from './charge.dto';
import { CHARGE_LIMITS } from './charge-limits';
import { messageProblem } from './messages';
import { PATTERNS } from './queues';

const body = (amount: number) => Object.assign(new CreateChargeDto(), { amount, currency: 'usd', customer: 'cus_demo', payment_method: 'pm_card_visa' });
const message = (amount: number) => ({ charge_id: 'ch_1', amount, currency: 'usd', customer: 'cus_demo', payment_method: 'pm_card_visa' });

describe('CHARGE_LIMITS', () => {
  const { minimum, maximum } = CHARGE_LIMITS.amount;

  it.each([minimum, maximum])('lets an amount of %d through at the edge and on the queue alike', (amount) => {
    expect(validateSync(body(amount))).toEqual([]);
    expect(messageProblem(PATTERNS.createCharge, message(amount))).toBeUndefined();
  });

  it.each([minimum - 1, maximum + 1])('refuses an amount of %d at the edge and on the queue alike', (amount) => {
    expect(validateSync(body(amount))).not.toEqual([]);
    expect(messageProblem(PATTERNS.createCharge, message(amount))).toMatch(/^amount fails/);
  });
});
