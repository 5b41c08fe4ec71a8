import { Logger } from '@nestjs/common';
import type { ClientProxy } from '@nestjs/microservices';
import { SpanStatusCode, trace } from '@opentelemetry/api';
import {
  fail,
  paymentError,
  serviceUnavailable,
  type HopReply,
  type HopRequest,
  type PaymentError,
  type Reply,
  type RequestPattern,
  type ServiceName,
} from '@hoptrace/contracts';
import { NotConsumedError, QueueUnavailableError, ReplyTimeoutError } from '@hoptrace/queue-transport';
import { lastValueFrom } from 'rxjs';

/**
 * What a failed hop means to the one who asked, in the words of what the hop does: the transport
 * knows which queue failed and how, only the caller knows what was (or was not) done.
 */
export interface HopWording {
  /** The request never reached a worker: "Nothing was charged; retry later." */
  nothingDone: string;
  /** The request may still be handled after the caller stopped waiting: "The charge may still complete." */
  mayStillBeDone: string;
}

/** The wording of the hops that carry a charge: gateway → billing, billing → payment-processor. */
export const CHARGE_HOP_WORDING: HopWording = {
  nothingDone: 'Nothing was charged; retry later.',
  mayStillBeDone: 'The charge may still complete.',
};

/**
 * What a caller answers when the hop after it could not. It is never a 402: nobody decided anything
 * about a payment. A timeout is a 504 (the outcome is unknown; the request may still complete), an
 * unreachable queue or one nobody consumes a 503 (nothing was done), anything else a 500.
 */
export function transportFailure(error: unknown, origin: ServiceName, wording: HopWording): PaymentError {
  if (error instanceof NotConsumedError) {
    return serviceUnavailable(
      origin,
      `Nothing is consuming the ${error.queue} queue: no worker took the request within ${error.timeoutMs} ms. ${wording.nothingDone}`,
    );
  }
  if (error instanceof ReplyTimeoutError) {
    return paymentError('upstream_timeout', {
      message: `No answer from ${error.queue} within ${error.timeoutMs} ms. ${wording.mayStillBeDone}`,
      origin,
    });
  }
  if (error instanceof QueueUnavailableError) {
    return serviceUnavailable(origin, `The ${error.queue} queue cannot be reached. ${wording.nothingDone}`);
  }
  return paymentError('internal_error', { message: 'An internal error occurred.', origin });
}

/** Who is asking, and how a failure of this hop is worded to whoever asked them. */
export interface HopCaller {
  origin: ServiceName;
  wording: HopWording;
}

/**
 * The client of one request/reply hop, typed by its patterns: `send` always resolves to a Reply.
 * The next hop's refusal comes back unchanged, with its origin; a transport failure is folded in as
 * the caller's own 503/504, and marks the caller's active span, the one that gave up waiting, red:
 * that is where the time went, though nothing about the payment was decided there.
 */
export class HopClient<P extends RequestPattern> {
  private readonly logger = new Logger(HopClient.name);

  constructor(
    private readonly proxy: ClientProxy,
    private readonly caller: HopCaller,
  ) {}

  async send<K extends P>(pattern: K, request: HopRequest<K>): Promise<Reply<HopReply<K>>> {
    try {
      return await lastValueFrom(this.proxy.send<Reply<HopReply<K>>>(pattern, request));
    } catch (error) {
      const failure = transportFailure(error, this.caller.origin, this.caller.wording);
      const span = trace.getActiveSpan();
      span?.setStatus({ code: SpanStatusCode.ERROR, message: failure.code });
      if (error instanceof NotConsumedError) span?.setAttribute('bullmq.queue.paused', error.paused);
      this.logger.warn(`${pattern} failed: ${(error as Error).message}`);
      return fail(failure);
    }
  }
}
