import type { Logger } from '@nestjs/common';
import { PROBLEM_CONTENT_TYPE, toProblem } from '@hoptrace/contracts';
import { STATUS_CODES, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { httpParserError } from './error-of';

/**
 * Node answers a request its HTTP parser refuses (headers over 16 KB, a broken request line) with a
 * bare status line before Express ever sees it. This answers it as every other error: problem+json
 * naming what was wrong. The connection is closed after it, since what follows cannot be trusted
 * to be a request.
 */
export function answerUnparsableRequests(server: Server, logger: Logger): void {
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    const refusal = httpParserError(error.code);
    if (!refusal || !socket.writable) {
      socket.destroy();
      return;
    }
    logger.warn({ msg: 'malformed request', code: error.code, reason: error.message });
    const problem = toProblem(refusal, { instance: '/' });
    const body = JSON.stringify(problem);
    socket.end(
      `HTTP/1.1 ${problem.status} ${STATUS_CODES[problem.status] ?? 'Bad Request'}\r\n` +
        `Content-Type: ${PROBLEM_CONTENT_TYPE}; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\n` +
        'Connection: close\r\n\r\n' +
        body,
    );
  });
}
