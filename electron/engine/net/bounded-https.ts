// One HTTPS exchange whose answer is bounded in size and in time, for every reader of a peer it does not trust
// (a KDC proxy, Azure's services): the body is refused past its bound as it arrives, never read to its end, and
// a peer that stops answering ends at the time bound. Each caller keeps its own limits and its own errors.
import type { IncomingHttpHeaders } from 'node:http';
import { request, type RequestOptions } from 'node:https';

/** The message of the error an exchange ends with at its time bound. */
export const NO_ANSWER_IN_TIME = 'no answer in time';

export interface HttpsBounds {
  /** The most bytes the answer's body may have. */
  maxBytes: number;
  /** The error the exchange ends with when the body grows past maxBytes (the caller's stable code). */
  tooLarge(): Error;
  /** How long the exchange may take, connect to last byte. None: the `signal` in the request options bounds it. */
  timeoutMs?: number;
}

export interface HttpsAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/**
 * Sends `payload` and reads the answer within `bounds`. Ends with the first of: the answer; `tooLarge()`; an
 * Error(NO_ANSWER_IN_TIME) at the time bound; the request's own error (the signal's abort, the socket, TLS).
 */
export function boundedHttps(
  url: string | URL,
  options: RequestOptions,
  payload: string | Buffer | undefined,
  bounds: HttpsBounds,
): Promise<HttpsAnswer> {
  return new Promise((resolve, reject) => {
    let deadline: NodeJS.Timeout | undefined;
    let settled = false;
    const settle = (done: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      done();
    };
    const fail = (err: Error) => settle(() => reject(err));
    // The exchange ends with `err`, then its socket is closed (what that emits afterwards is not the answer).
    const end = (err: Error) => {
      fail(err);
      req.destroy(err);
    };
    const req = request(url, options, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        if (settled) return;
        size += chunk.length;
        if (size > bounds.maxBytes) end(bounds.tooLarge());
        else chunks.push(chunk);
      });
      res.on('end', () =>
        settle(() => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) })),
      );
      res.on('error', fail);
    });
    // One deadline, connect to last byte: a socket silent for that long has passed it too.
    if (bounds.timeoutMs !== undefined)
      deadline = setTimeout(() => end(new Error(NO_ANSWER_IN_TIME)), bounds.timeoutMs);
    req.on('close', () => clearTimeout(deadline));
    req.on('error', fail);
    req.end(payload);
  });
}
