import * as http from 'node:http';
import * as https from 'node:https';
import type { AttemptResult } from '@hoptrace/webhooks';
import type { SignedWebhookRequest } from './webhook-payload';

const USER_AGENT = 'hoptrace-webhooks/1';
const PROPAGATION_HEADERS = ['traceparent', 'tracestate', 'baggage'];

class AttemptTimeout extends Error {
  readonly code = 'timeout';
}

/**
 * POSTs a signed webhook with node:http(s), which the OpenTelemetry HTTP instrumentation traces: each
 * attempt is a CLIENT span, child of the active span. The outcome is the status line; the response
 * body is read and dropped. Redirects are not followed (a 3xx is a failed attempt). `timeoutMs`
 * bounds the whole attempt, connecting included; it never rejects.
 */
export function postWebhook(url: string, request: SignedWebhookRequest, timeoutMs: number): Promise<AttemptResult> {
  return new Promise((resolve) => {
    let settled = false;
    const settle = (result: AttemptResult) => {
      if (settled) return;
      settled = true;
      resolve(result);
    };
    let outgoing: http.ClientRequest;
    try {
      const target = new URL(url);
      const transport = target.protocol === 'https:' ? https : http;
      outgoing = transport.request(target, {
        method: 'POST',
        headers: { ...request.headers, 'content-length': Buffer.byteLength(request.body), 'user-agent': USER_AGENT },
      });
    } catch (error) {
      resolve({ error: (error as NodeJS.ErrnoException).code ?? 'invalid_url' });
      return;
    }
    // The HTTP instrumentation has added the W3C trace context for the next hop; a merchant's server
    // is not one of ours, so our trace ids stay home. (Nothing is sent before end() below.)
    for (const header of PROPAGATION_HEADERS) outgoing.removeHeader(header);
    // Also bounds a response body that never ends: the socket is not held past the timeout.
    const timer = setTimeout(() => outgoing.destroy(new AttemptTimeout('timed out')), timeoutMs);
    outgoing.on('close', () => clearTimeout(timer));
    outgoing.on('response', (response) => {
      const retryAfter = response.headers['retry-after'];
      // Drained to its end so that the socket is released; the answer is in the status line.
      response.resume();
      response.on('error', () => undefined);
      settle({ status: response.statusCode, ...(retryAfter ? { retryAfter } : {}) });
    });
    outgoing.on('error', (error: NodeJS.ErrnoException) => settle({ error: error.code ?? error.message }));
    outgoing.end(request.body);
  });
}
