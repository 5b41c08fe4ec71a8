import { Inject, Injectable } from '@nestjs/common';
import type { Authorization, AuthorizationRequest } from '@hoptrace/contracts';
import { REDIS } from '@hoptrace/runtime';
import IORedis from 'ioredis';

export const LEDGER_KEY = 'processor:ledger';

export interface LedgerEntry extends Authorization {
  amount: number;
  currency: string;
  customer: string;
  payment_method: string;
  idempotency_key: string;
}

/**
 * The authorizations this processor has granted, one per idempotency key. Recording is atomic
 * (HSETNX), so a request delivered twice, say by a redelivered job after a worker crash, is
 * authorized once and the second delivery gets the first authorization back.
 */
@Injectable()
export class ChargeLedger {
  constructor(@Inject(REDIS) private readonly redis: IORedis) {}

  async record(entry: LedgerEntry): Promise<{ entry: LedgerEntry; replayed: boolean }> {
    const created = await this.redis.hsetnx(LEDGER_KEY, entry.idempotency_key, JSON.stringify(entry));
    if (created === 1) return { entry, replayed: false };
    const existing = await this.redis.hget(LEDGER_KEY, entry.idempotency_key);
    return { entry: JSON.parse(existing as string) as LedgerEntry, replayed: true };
  }

  static entryFor(request: AuthorizationRequest, authorization: Authorization): LedgerEntry {
    return {
      ...authorization,
      amount: request.amount,
      currency: request.currency,
      customer: request.customer,
      payment_method: request.payment_method,
      idempotency_key: request.idempotency_key,
    };
  }
}
