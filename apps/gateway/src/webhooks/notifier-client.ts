import { Inject, Injectable } from '@nestjs/common';
import type { ClientProxy } from '@nestjs/microservices';
import { SERVICES, type PaymentError, type Reply } from '@hoptrace/contracts';
import { transportFailure } from '@hoptrace/queue-transport';
import { lastValueFrom } from 'rxjs';
import { ProblemException } from '../http/problem.exception';

/** The gateway's client for the notifier's queue (request/reply). */
export const NOTIFIER = Symbol('NOTIFIER');

/** transportFailure's wording is about charges; these requests change webhook state only. */
const WEBHOOK_FAILURE_MESSAGES: Readonly<Record<string, string>> = {
  upstream_timeout: 'The notifier did not answer in time; the change may still have been made. List to check before retrying.',
  service_unavailable: 'The notifier queue cannot be reached; nothing was changed. Retry later.',
};

/**
 * Asks the notifier, which owns webhook endpoints and deliveries, and relays its answer: a refusal
 * is thrown on as a problem with the notifier as its origin, a queue failure as a 503 or 504.
 */
@Injectable()
export class NotifierClient {
  constructor(@Inject(NOTIFIER) private readonly notifier: ClientProxy) {}

  async ask<T>(pattern: string, request: object): Promise<T> {
    let reply: Reply<T>;
    try {
      reply = await lastValueFrom(this.notifier.send<Reply<T>>(pattern, request));
    } catch (error) {
      const failure: PaymentError = transportFailure(error, SERVICES.gateway);
      throw new ProblemException({ ...failure, message: WEBHOOK_FAILURE_MESSAGES[failure.code] ?? failure.message });
    }
    if (!reply.ok) throw new ProblemException(reply.error);
    return reply.value;
  }
}
