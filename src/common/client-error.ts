import type { Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { errorBody, ErrorBody } from './error-shape.filter';

/**
 * What the server answers to a request Node's HTTP parser refuses before any route or middleware
 * sees it: a request line and headers over Node's limit (16 kB by default: a very long URL) is 431,
 * a request that is not HTTP 400, one too slow to arrive 408 — in the shared error shape, where
 * Node's own answer has no body at all.
 */
export function clientErrorBody(error: { code?: string }): ErrorBody {
  if (error.code === 'HPE_HEADER_OVERFLOW') {
    return errorBody(431, 'HEADERS_TOO_LARGE', 'The request line and headers are larger than the server reads (a URL this long cannot be answered): send less in the query string');
  }
  if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') return errorBody(408, 'REQUEST_TIMEOUT', 'The request did not arrive in time');
  return errorBody(400, 'MALFORMED_REQUEST', 'The request is not well-formed HTTP');
}

/** Answers parser errors of `server` in the shared error shape (see clientErrorBody), then closes the connection. */
export function answerClientErrors(server: Server): void {
  server.on('clientError', (error: Error & { code?: string }, socket: Duplex) => {
    // Nothing to answer on a connection that is gone, or once an answer has started.
    if (error.code === 'ECONNRESET' || !socket.writable || (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage?.headersSent) {
      socket.destroy();
      return;
    }
    const body = clientErrorBody(error);
    const json = JSON.stringify(body);
    socket.end(
      `HTTP/1.1 ${body.statusCode} ${body.error}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(json)}\r\nConnection: close\r\n\r\n${json}`,
    );
  });
}
