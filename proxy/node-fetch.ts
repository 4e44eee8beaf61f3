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
import {
  Agent as HttpAgent,
  request as httpRequest,
  type ClientRequest,
  type IncomingMessage,
} from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { pipeline, type Readable } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { BodyTooLarge } from './http.ts';
import {
  UPSTREAM_CALL,
  type Upstream,
  type UpstreamAnswer,
  type UpstreamCall,
  type UpstreamRequest,
} from './upstream.ts';

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

type Agents = { http: HttpAgent; https: HttpsAgent };

/** The URL of a call, when this transport can make it. */
function target(input: unknown): URL | Error {
  // forward() passes a string; anything else is not what this transport is for.
  if (typeof input !== 'string') return new Error('not a URL string');
  let url: URL;
  try {
    url = new URL(input);
  } catch (error) {
    return error as Error;
  }
  return url.protocol === 'https:' || url.protocol === 'http:' ? url : new Error('not http(s)');
}

/**
 * Sends one request and hands over the answer's head, or the error. A kept-alive connection the
 * server had closed fails before any answer; nothing reached the server then, so a call that is
 * safe to repeat goes once more, on a new connection (`stopped` says when it no longer should).
 * Returns what destroys the request in flight.
 */
function send(
  agents: Agents,
  url: URL,
  method: string,
  headers: Record<string, string>,
  body: Uint8Array | undefined,
  answered: (incoming: IncomingMessage) => void,
  failed: (error: Error) => void,
  stopped: () => boolean,
): () => void {
  const secure = url.protocol === 'https:';
  // The URL's parts as node:http takes them (a URL would be taken apart again on every call).
  const options = {
    protocol: url.protocol,
    hostname: url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname,
    port: url.port,
    path: `${url.pathname}${url.search}`,
    agent: secure ? agents.https : agents.http,
    method,
    headers,
  };
  let req: ClientRequest;
  let heard = false;
  const attempt = (again: boolean) => {
    req = (secure ? httpsRequest : httpRequest)(options);
    req.on('error', (error) => {
      if (!heard && !again && req.reusedSocket && IDEMPOTENT.has(method) && !stopped()) {
        attempt(true);
        return;
      }
      failed(error);
    });
    req.on('response', (incoming) => {
      heard = true;
      answered(incoming);
    });
    req.end(body);
  };
  attempt(false);
  return () => req.destroy();
}

/** REVER's answer read into bytes; its headers as node:http parsed them. */
class BytesAnswer implements UpstreamAnswer {
  constructor(
    readonly status: number,
    private readonly headers: IncomingMessage['headers'],
    readonly body: Uint8Array<ArrayBuffer>,
  ) {}

  header(name: string): string | null {
    const value = this.headers[name];
    return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
  }
}

/**
 * The proxy's calls with the answer read into bytes (see upstream.ts): no web stream, no
 * Response, no AbortController. The same rules as the fetch below: a compressed answer decoded,
 * the cap on the decoded bytes (and on a content-length that announces more), a connection that
 * ends before the answer's end a failure, a read re-sent once on a stale kept-alive connection.
 */
class BytesCall implements UpstreamCall {
  readonly answer: Promise<UpstreamAnswer>;
  #resolve!: (answer: UpstreamAnswer) => void;
  #reject!: (error: unknown) => void;
  #settled = false;
  #destroyRequest: (() => void) | undefined;
  #reading: Readable | undefined;

  constructor(agents: Agents, request: UpstreamRequest) {
    this.answer = new Promise<UpstreamAnswer>((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
    });
    const url = target(request.url);
    if (url instanceof Error) {
      this.#stop(failed(url));
      return;
    }
    this.#destroyRequest = send(
      agents,
      url,
      request.method,
      { 'accept-encoding': ACCEPT_ENCODING, ...request.headers },
      request.body,
      (incoming) => this.#read(incoming, request),
      (error) => this.#stop(failed(error)),
      () => this.#settled,
    );
  }

  cancel(): void {
    this.#stop(new DOMException('This operation was aborted', 'AbortError'));
  }

  #stop(error: unknown): void {
    if (this.#settled) return;
    this.#settled = true;
    this.#reject(error);
    this.#destroyRequest?.();
    this.#reading?.destroy();
  }

  #done(answer: BytesAnswer): void {
    if (this.#settled) return;
    this.#settled = true;
    this.#resolve(answer);
  }

  #read(incoming: IncomingMessage, { method, maxBytes }: UpstreamRequest): void {
    if (this.#settled) return void incoming.destroy();
    const status = incoming.statusCode ?? 0;
    if (NULL_BODY_STATUSES.has(status) || method === 'HEAD') {
      incoming.resume();
      return this.#done(new BytesAnswer(status, incoming.headers, new Uint8Array(0)));
    }
    let body: Readable;
    try {
      body = decoded(incoming);
    } catch (error) {
      incoming.destroy();
      return this.#stop(failed(error));
    }
    this.#reading = body;
    // Announced larger than the cap: refused before a byte is read (only where the length is
    // that of the decoded body).
    if (body === incoming && Number(incoming.headers['content-length']) > maxBytes) {
      return this.#stop(new BodyTooLarge());
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let ended = false;
    body.on('data', (chunk: Buffer) => {
      size += chunk.byteLength;
      if (size > maxBytes) return this.#stop(new BodyTooLarge());
      chunks.push(chunk);
    });
    body.on('end', () => {
      ended = true;
      const bytes = new Uint8Array(size);
      let offset = 0;
      for (const chunk of chunks) {
        bytes.set(chunk, offset);
        offset += chunk.byteLength;
      }
      this.#done(new BytesAnswer(status, incoming.headers, bytes));
    });
    // A connection closed before the answer's end, a corrupt encoding, a cancel.
    body.on('close', () => {
      if (!ended) this.#stop(failed(body.errored ?? new Error('terminated')));
    });
    body.on('error', () => {
      /* reported by 'close' */
    });
  }
}

/**
 * A fetch over node:http(s) for the proxy's upstream calls (see above for what it supports). It
 * carries the same calls with the answer read into bytes under UPSTREAM_CALL (upstream.ts), which
 * the proxy's forward step takes in place of the fetch; both share one pair of kept-alive agents.
 */
export function createNodeFetch(): typeof fetch {
  const agents: Agents = {
    http: new HttpAgent({ keepAlive: true, timeout: IDLE_TIMEOUT_MS }),
    https: new HttpsAgent({ keepAlive: true, timeout: IDLE_TIMEOUT_MS }),
  };
  const nodeFetch: typeof fetch = (input, init = {}) =>
    new Promise<Response>((resolve, reject) => {
      const url = target(input);
      if (url instanceof Error) return reject(failed(url));
      const signal = init.signal ?? undefined;
      const method = init.method ?? 'GET';
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
      let res: Readable | undefined;
      const onAbort = () => {
        settle();
        const reason = reasonOf(signal!);
        reject(reason);
        destroy();
        res?.destroy(reason);
      };
      const settle = () => signal?.removeEventListener('abort', onAbort);
      signal?.addEventListener('abort', onAbort);

      const destroy = send(
        agents,
        url,
        method,
        headers,
        init.body as Uint8Array | undefined,
        (incoming) => {
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
        },
        (error) => {
          settle();
          reject(failed(error));
        },
        () => signal?.aborted === true,
      );
    });
  const call: Upstream = (request) => new BytesCall(agents, request);
  return Object.assign(nodeFetch, { [UPSTREAM_CALL]: call });
}
