/**
 * Requests node:http refuses before the app sees them (a request line and headers over `maxHeaderSize`, 16 KB by
 * default; a malformed request; a request that took too long to arrive) get Cloudflare's envelope too, with a
 * message that says what to change, instead of Node's bare status line (docs/CONTRACT.md §2, "Errors, every route").
 */
import type { Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { ErrorCode, errorEnvelope } from '../../src/contract/envelope';

const MAX_HEADER_KB = 16;

function answer(code: string | undefined): { status: number; reason: string; message: string } {
  switch (code) {
    case 'HPE_HEADER_OVERFLOW':
      return {
        status: 431,
        reason: 'Request Header Fields Too Large',
        message: `Request too large: the URL and headers may be at most ${MAX_HEADER_KB} KB together; shorten the query (fewer or shorter metadata filters)`,
      };
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return { status: 408, reason: 'Request Timeout', message: 'Request timeout: the request did not arrive in time; send it again' };
    default:
      return { status: 400, reason: 'Bad Request', message: 'Malformed HTTP request: it could not be parsed' };
  }
}

/** Answers node:http's client errors with the envelope (its `clientError` event: without a listener Node answers alone). */
export function answerClientErrors(server: Server): void {
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    // A connection already closed, or a response already under way, cannot be answered.
    if (error.code === 'ECONNRESET' || !socket.writable || (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage?.headersSent) {
      socket.destroy();
      return;
    }
    const { status, reason, message } = answer(error.code);
    const body = JSON.stringify(errorEnvelope({ code: ErrorCode.invalidRequest, message }));
    socket.end(
      `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
        `X-Content-Type-Options: nosniff\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n${body}`,
    );
  });
}
