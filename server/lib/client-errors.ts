/**
 * Requests node:http refuses before the app sees them (a request line and headers over `maxHeaderSize`, 16 KB by
 * default; a malformed request; a request that took too long to arrive) get Cloudflare's envelope too, with a
 * message that says what to change, instead of Node's bare status line (docs/CONTRACT.md §2, "Errors, every route").
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { RequestError } from '@hono/node-server';
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

/**
 * A request node:http read but @hono/node-server cannot make a URL of (a Host header that is not a host name, a
 * backslash in the path, `*` for a path): 400 in the envelope instead of its bare status, and one log line that says
 * so without the request's text (@hono/node-server's `errorHandler`; docs/CONTRACT.md §2, "Errors, every route").
 * Anything else thrown before the app answers is a 500 in the envelope.
 */
export function requestErrorAnswer(log: (line: string) => void): (error: unknown) => Response {
  return (error) => {
    const unreadable = error instanceof RequestError;
    log(unreadable ? 'malformed request refused: its Host header or path is not a URL' : `internal error before routing: ${error instanceof Error ? error.message : String(error)}`);
    const body = unreadable
      ? errorEnvelope({ code: ErrorCode.invalidRequest, message: 'Malformed request: the Host header or the path could not be read as a URL' })
      : errorEnvelope({ code: ErrorCode.internal, message: 'Internal server error' });
    return new Response(JSON.stringify(body), {
      status: unreadable ? 400 : 500,
      headers: { 'content-type': 'application/json', 'cache-control': 'no-store' },
    });
  };
}

/**
 * HTTP/1.1 requires a Host header (RFC 9112 §3.2); node:http's own refusal of a request without one is a bare 400,
 * so the server turns it off (`requireHostHeader: false`) and refuses here, in the envelope. Returns whether it did.
 */
export function refuseMissingHost(req: IncomingMessage, res: ServerResponse, log: (line: string) => void): boolean {
  if (req.headers.host !== undefined || req.httpVersionMajor !== 1 || req.httpVersionMinor < 1) return false;
  log('malformed request refused: HTTP/1.1 without a Host header');
  const body = JSON.stringify(errorEnvelope({ code: ErrorCode.invalidRequest, message: 'Malformed request: HTTP/1.1 requires a Host header' }));
  res.writeHead(400, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'cache-control': 'no-store', connection: 'close' });
  res.end(body);
  return true;
}
