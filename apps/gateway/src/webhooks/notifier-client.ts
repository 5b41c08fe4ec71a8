import { Inject, Injectable } from '@nestjs/common';
import type { ClientProxy } from '@nestjs/microservices';
import { SERVICES, type HopReply, type HopRequest, type RequestPattern } from '@hoptrace/contracts';
import { HopClient, type HopWording } from '@hoptrace/runtime';
import { ProblemException } from '@hoptrace/http-edge';

/** The gateway's client for the notifier's queue (request/reply). */
export const NOTIFIER = Symbol('NOTIFIER');

/** The webhook requests the notifier answers. */
type WebhookPattern = Exclude<RequestPattern, 'charge.create' | 'payment.authorize'>;

/** These requests change webhook state only: a failure is about that, never about a charge. */
const WEBHOOK_HOP_WORDING: HopWording = {
  nothingDone: 'Nothing was changed; retry later.',
  mayStillBeDone: 'The change may still have been made: list to check before retrying.',
};

/**
 * Asks the notifier, which owns webhook endpoints and deliveries, and relays its answer: a refusal
 * is thrown on as a problem with the notifier as its origin, a queue failure as a 503 or 504.
 */
@Injectable()
export class NotifierClient {
  private readonly notifier: HopClient<WebhookPattern>;

  constructor(@Inject(NOTIFIER) notifier: ClientProxy) {
    this.notifier = new HopClient(notifier, { origin: SERVICES.gateway, wording: WEBHOOK_HOP_WORDING });
  }

  async ask<P extends WebhookPattern>(pattern: P, request: HopRequest<P>): Promise<HopReply<P>> {
    const reply = await this.notifier.send(pattern, request);
    if (!reply.ok) throw new ProblemException(reply.error);
    return reply.value;
  }
}
