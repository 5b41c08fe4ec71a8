import { paymentError, SERVICES } from '@hoptrace/contracts';
import type { NextFunction, Request, Response } from 'express';
import { ProblemException } from './problem.exception';

/** No body of this API nests deeper than a few levels; 32 leaves room without inviting abuse. */
export const MAX_BODY_DEPTH = 32;

/** How deeply `value` nests, counted without recursion, so no body can exhaust the stack here. */
export function depthOf(value: unknown, limit = Number.POSITIVE_INFINITY): number {
  let deepest = 0;
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (node === null || typeof node !== 'object') continue;
    const level = depth + 1;
    deepest = Math.max(deepest, level);
    if (deepest > limit) return deepest;
    for (const child of Object.values(node)) stack.push([child, level]);
  }
  return deepest;
}

/**
 * Refuses bodies nested deeper than MAX_BODY_DEPTH before validation, idempotency fingerprints or
 * anything else walks them recursively: 30,000 nested arrays fit in 64 KB and overflow the stack.
 */
export function rejectDeepBodies(request: Request, _response: Response, next: NextFunction): void {
  if (depthOf(request.body, MAX_BODY_DEPTH) <= MAX_BODY_DEPTH) return next();
  next(
    new ProblemException(
      paymentError('parameter_invalid', {
        message: `The request body is nested more than ${MAX_BODY_DEPTH} levels deep.`,
        origin: SERVICES.gateway,
      }),
    ),
  );
}
