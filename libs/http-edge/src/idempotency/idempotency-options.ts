import type { Request } from 'express';

export const IDEMPOTENCY_OPTIONS = Symbol('IDEMPOTENCY_OPTIONS');

/** What the idempotency interceptor needs from the app that uses it. */
export interface IdempotencyOptions {
  /** Keys the fingerprints that idempotency records keep of request bodies, so a record reveals no body. */
  fingerprintKey: Buffer;
  /** Whose key space an Idempotency-Key lives in (the API key's id, say); undefined lets the request through unkeyed. */
  callerOf(request: Request): string | undefined;
}
