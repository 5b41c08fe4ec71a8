import { QUEUES } from '@hoptrace/contracts';

export const TRANSPORT_KINDS = ['bullmq', 'redis', 'http'] as const;
export type TransportKind = (typeof TRANSPORT_KINDS)[number];

/**
 * The request/reply hops of the payment flow, named by the queue of the service that answers them.
 * Only these may leave BullMQ: charge events and webhook requests to the notifier stay on it, since
 * they rely on a durable queue (retries, delayed deliveries).
 */
export const SWITCHABLE_QUEUES: ReadonlySet<string> = new Set([QUEUES.billing, QUEUES.processor]);

/** HOPTRACE_TRANSPORT's value; `bullmq` when unset. */
export function parseTransport(raw: string | undefined): TransportKind {
  if (raw === undefined || raw.trim() === '') return 'bullmq';
  const kind = TRANSPORT_KINDS.find((known) => known === raw.trim().toLowerCase());
  if (!kind) throw new Error(`HOPTRACE_TRANSPORT must be one of ${TRANSPORT_KINDS.join(', ')}, got "${raw}"`);
  return kind;
}

/** The transport that carries requests to `queue`'s consumer under the configured kind. */
export function transportFor(queue: string, configured: TransportKind): TransportKind {
  return SWITCHABLE_QUEUES.has(queue) ? configured : 'bullmq';
}

/** The base URL the `http` transport calls for `queue`; a configuration error when there is none. */
export function serviceUrlFor(queue: string, urls: Record<string, string>): string {
  const url = urls[queue];
  if (!url) throw new Error(`no service URL configured for "${queue}"`);
  return url;
}
