/**
 * The proxy's upstream calls on Node: node:http(s) with a keep-alive Agent in place of the
 * runtime's fetch (undici), for the same requests at a fraction of the CPU. Handed to the shared
 * handler as `ReturnsProxyOptions.fetch` (see node.ts), so every check stays in the shared
 * middleware; this is transport only, and only what middleware/forward.ts uses: a URL string, a
 * method, a header record, an optional byte body and a signal. Redirects are never followed (node:http does not), as
 * forward()'s `redirect: 'manual'` asks. The answer's body streams, so the proxy's own cap still
 * bounds what is buffered; a connection that ends early errors it rather than cutting it short.
 *
 * What the runtime's fetch did besides, it does too: it asks for a compressed answer and
 * decompresses it (so the proxy checks, caps and passes on the decoded bytes), and it does not
 * lose a read to a kept-alive connection the server closed meanwhile: idle connections close
 * before the server's announced keep-alive timeout, and an idempotent call whose reused
 * connection fails before any answer is sent once more on a new one. A POST never is.
 */
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { pipeline, type Readable } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';

/** Statuses HTTP gives no body (and a Response may not carry one). */
const NULL_BODY_STATUSES = new Set([204, 205, 304]);
/** The encodings asked for, and how each is decoded. */
const DECODERS: Record<string, () => NodeJS.ReadWriteStream> = {
  gzip: createGunzip,
  'x-gzip': createGunzip,
  deflate: createInflate,
  br: createBrotliDecompress,
};
const ACCEPT_ENCODING = 'gzip, deflate, br';
/** Methods safe to send again when a reused connection fails before any answer (RFC 9110). */
const IDEMPOTENT = new Set(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS']);
/**
 * An idle kept-alive connection is closed after this long, or a second sooner than the server's
 * `keep-alive: timeout=…` when it announces a shorter one (Node's Agent reads that hint only
 * when it has a timeout of its own).
 */
const IDLE_TIMEOUT_MS = 30_000;

const failed = (cause: unknown) => new TypeError('fetch failed', { cause });
const reasonOf = (signal: AbortSignal): Error =>
  signal.reason instanceof Error ? signal.reason : new DOMException('aborted', 'AbortError');

/** The answer's body as a stream that pauses the socket when the reader falls behind. */
function bodyOf(res: Readable, settle: () => void): ReadableStream<Uint8Array> {
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

/** The answer's body decoded: as sent, or through the decoder of its content-encoding. */
function decoded(incoming: IncomingMessage): Readable {
  const encoding = (incoming.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
  if (encoding === 'identity') return incoming;
  const decoder = DECODERS[encoding];
  // Several encodings, or one not asked for: not passed on, as the runtime's fetch would not.
  if (!decoder) throw new Error('unsupported content-encoding');
  // An error on either side (a reset, a corrupt stream) destroys both, and the body errors.
  return pipeline(incoming, decoder(), () => {}) as unknown as Readable;
}

/** A fetch over node:http(s) for the proxy's upstream calls (see above for what it supports). */
export function createNodeFetch(): typeof fetch {
  const agents = {
    http: new HttpAgent({ keepAlive: true, timeout: IDLE_TIMEOUT_MS }),
    https: new HttpsAgent({ keepAlive: true, timeout: IDLE_TIMEOUT_MS }),
  };
  return (input, init = {}) =>
    new Promise<Response>((resolve, reject) => {
      // forward() passes a string; anything else is not what this transport is for.
      if (typeof input !== 'string') return reject(failed(new Error('not a URL string')));
      const url = new URL(input);
      const secure = url.protocol === 'https:';
      const signal = init.signal ?? undefined;
      const method = init.method ?? 'GET';
      if (!secure && url.protocol !== 'http:') return reject(failed(new Error('not http(s)')));
      if (signal?.aborted) return reject(reasonOf(signal));
      // forward() hands a plain record; a Headers or a list of pairs (another caller) is read
      // whole, never spread (a Headers has no own properties: its entries, the key, would go).
      const given = init.headers;
      const headers: Record<string, string> = {
        'accept-encoding': ACCEPT_ENCODING,
        ...(given instanceof Headers || Array.isArray(given)
          ? Object.fromEntries(new Headers(given))
          : given),
      };
      let req: ReturnType<typeof httpRequest>;
      let res: Readable | undefined;
      const onAbort = () => {
        settle();
        const reason = reasonOf(signal!);
        reject(reason);
        req.destroy();
        res?.destroy(reason);
      };
      const settle = () => signal?.removeEventListener('abort', onAbort);
      signal?.addEventListener('abort', onAbort);

      const send = (again: boolean) => {
        req = (secure ? httpsRequest : httpRequest)(url, {
          agent: secure ? agents.https : agents.http,
          method,
          headers,
        });
        req.on('error', (error) => {
          // A kept-alive connection the server had closed: nothing reached it, so a call that
          // is safe to repeat goes once more, on a new connection.
          if (!res && !again && req.reusedSocket && IDEMPOTENT.has(method) && !signal?.aborted) {
            send(true);
            return;
          }
          settle();
          reject(failed(error));
        });
        req.on('response', (incoming) => {
          try {
            const status = incoming.statusCode ?? 0;
            const empty = NULL_BODY_STATUSES.has(status) || method === 'HEAD';
            const body = empty ? incoming : decoded(incoming);
            res = body;
            const answerHeaders = new Headers();
            for (let i = 0; i < incoming.rawHeaders.length; i += 2) {
              answerHeaders.append(incoming.rawHeaders[i]!, incoming.rawHeaders[i + 1]!);
            }
            if (body !== incoming) {
              // What follows is the decoded body: its encoding and length are no longer these.
              answerHeaders.delete('content-encoding');
              answerHeaders.delete('content-length');
            }
            if (empty) incoming.resume().once('end', settle);
            // Throws for a status a Response cannot carry (below 200, above 599): a failed fetch.
            resolve(
              new Response(empty ? null : bodyOf(body, settle), { status, headers: answerHeaders }),
            );
          } catch (error) {
            settle();
            incoming.destroy();
            reject(failed(error));
          }
        });
        req.end(init.body as Uint8Array | undefined);
      };
      send(false);
    });
}
