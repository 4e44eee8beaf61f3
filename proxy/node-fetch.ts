/**
 * The proxy's upstream calls on Node: node:http(s) with a keep-alive Agent in place of the
 * runtime's fetch (undici), for the same requests at a fraction of the CPU. Handed to the shared
 * handler as `ReturnsProxyOptions.fetch` (see node.ts), so every check stays in index.ts; this
 * is transport only, and only what forward() there uses: a URL string, a method, a header record,
 * an optional byte body and a signal. Redirects are never followed (node:http does not), as
 * forward()'s `redirect: 'manual'` asks. The answer's body streams, so the proxy's own cap still
 * bounds what is buffered; a connection that ends early errors it rather than cutting it short.
 */
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

/** Statuses HTTP gives no body (and a Response may not carry one). */
const NULL_BODY_STATUSES = new Set([204, 205, 304]);

const failed = (cause: unknown) => new TypeError('fetch failed', { cause });
const reasonOf = (signal: AbortSignal): Error =>
  signal.reason instanceof Error ? signal.reason : new DOMException('aborted', 'AbortError');

/** The answer's body as a stream that pauses the socket when the reader falls behind. */
function bodyOf(res: IncomingMessage, settle: () => void): ReadableStream<Uint8Array> {
  let ended = false;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      res.on('data', (chunk: Buffer) => {
        controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
        if ((controller.desiredSize ?? 1) <= 0) res.pause();
      });
      res.on('end', () => {
        ended = true;
        settle();
        controller.close();
      });
      // A connection closed before the answer's end, an abort included.
      res.on('close', () => {
        if (ended) return;
        settle();
        try {
          controller.error(res.errored ?? failed(new Error('terminated')));
        } catch {
          /* already errored */
        }
      });
      res.on('error', () => {
        /* reported by 'close' */
      });
    },
    pull() {
      res.resume();
    },
    cancel() {
      settle();
      res.destroy();
    },
  });
}

/** A fetch over node:http(s) for the proxy's upstream calls (see above for what it supports). */
export function createNodeFetch(): typeof fetch {
  const agents = {
    http: new HttpAgent({ keepAlive: true }),
    https: new HttpsAgent({ keepAlive: true }),
  };
  return (input, init = {}) =>
    new Promise<Response>((resolve, reject) => {
      // forward() passes a string; anything else is not what this transport is for.
      if (typeof input !== 'string') return reject(failed(new Error('not a URL string')));
      const url = new URL(input);
      const secure = url.protocol === 'https:';
      const signal = init.signal ?? undefined;
      if (!secure && url.protocol !== 'http:') return reject(failed(new Error('not http(s)')));
      if (signal?.aborted) return reject(reasonOf(signal));
      const req = (secure ? httpsRequest : httpRequest)(url, {
        agent: secure ? agents.https : agents.http,
        method: init.method ?? 'GET',
        headers: init.headers as Record<string, string>,
      });
      let res: IncomingMessage | undefined;
      const onAbort = () => {
        settle();
        const reason = reasonOf(signal!);
        reject(reason);
        req.destroy();
        res?.destroy(reason);
      };
      const settle = () => signal?.removeEventListener('abort', onAbort);
      signal?.addEventListener('abort', onAbort);
      req.on('error', (error) => {
        settle();
        reject(failed(error));
      });
      req.on('response', (incoming) => {
        res = incoming;
        try {
          // Never asked for (no accept-encoding is sent): a compressed answer could hide what
          // the proxy checks in it, so it is not passed on.
          const encoding = incoming.headers['content-encoding'];
          if (encoding !== undefined && encoding !== 'identity') {
            throw new Error(`unrequested content-encoding`);
          }
          const headers = new Headers();
          for (let i = 0; i < incoming.rawHeaders.length; i += 2) {
            headers.append(incoming.rawHeaders[i]!, incoming.rawHeaders[i + 1]!);
          }
          const status = incoming.statusCode ?? 0;
          const empty = NULL_BODY_STATUSES.has(status) || init.method === 'HEAD';
          if (empty) incoming.resume().once('end', settle);
          // Throws for a status a Response cannot carry (below 200, above 599): a failed fetch.
          resolve(new Response(empty ? null : bodyOf(incoming, settle), { status, headers }));
        } catch (error) {
          settle();
          incoming.destroy();
          reject(failed(error));
        }
      });
      req.end(init.body as Uint8Array | undefined);
    });
}
