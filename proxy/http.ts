/**
 * Request and answer plumbing the proxy's middleware share: the proxy's own error answers, the
 * raw request target, a capped body read, the client's IP. Web-standard only (the proxy runs on
 * edge runtimes too): what Node hands over is read by shape, never imported.
 */
import { ipBucket } from './client-ip.ts';

/** Every answer of the proxy's own is JSON in the contract's error shape. */
export function fail(status: number, code: string, message: string): Response {
  return new Response(JSON.stringify({ error: { code, message } }), {
    status,
    headers: { 'content-type': 'application/json' },
  });
}

/** Thrown by readCapped when a body goes over its limit. */
export class BodyTooLarge extends Error {}

/** Reads at most `limit` bytes of a body, whatever its content-length claims. */
export async function readCapped(
  body: ReadableStream<Uint8Array> | null,
  limit: number,
): Promise<Uint8Array<ArrayBuffer>> {
  if (!body) return new Uint8Array(new ArrayBuffer(0));
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw new BodyTooLarge();
    }
    chunks.push(value);
  }
  const out = new Uint8Array(new ArrayBuffer(size));
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}

/** A request target: the raw path and query (with its `?`, or empty). */
export interface Target {
  pathname: string;
  search: string;
}

/**
 * The path and query of a request URL exactly as the runtime handed them over: no decoding and no
 * dot-segment resolution (a `new URL()` would turn `/returns/%2e%2e/x` into `/x`). What is
 * matched against the contract is then byte for byte what is sent to REVER.
 * @internal
 */
export function splitTarget(url: string): Target {
  const authority = url.indexOf('://') + 3;
  const rest = url.slice(authority).replace(/#.*$/s, '');
  const start = rest.search(/[/?]/);
  if (start === -1) return { pathname: '/', search: '' };
  const target = rest.slice(start);
  const query = target.indexOf('?');
  if (query === -1) return { pathname: target, search: '' };
  return { pathname: target.slice(0, query) || '/', search: target.slice(query) };
}

/**
 * The request's path and query as the client sent them. Request.url has been through a URL parser
 * (`/returns/%2E%2E/returns` arrives as `/returns`), so on Node the request-target of the HTTP
 * request line is used when the server hands it over (@hono/node-server puts the IncomingMessage
 * in `c.env.incoming`; read by shape, so nothing Node-only is imported). Elsewhere the runtime's
 * URL is all there is.
 */
export function requestTarget(c: { env: unknown; req: { url: string } }): Target {
  const incoming = (c.env as { incoming?: { url?: unknown; headers?: unknown } } | undefined)
    ?.incoming;
  const target = incoming?.url;
  if (typeof target === 'string' && typeof incoming?.headers === 'object') {
    // Origin-form (`/returns?…`) gets a dummy authority; absolute-form keeps its own, ignored.
    return splitTarget(target.startsWith('/') ? `http://target${target}` : target);
  }
  return splitTarget(c.req.url);
}

/** Calls `gone` when the response closed before it was all written (a `close` listener). */
function closedUnanswered(response: { writableFinished: boolean }, gone: () => void): void {
  if (!response.writableFinished) gone();
}

/**
 * Calls `gone` once if the client goes away (its connection closed before the answer was sent);
 * returns what stops listening. On Node it listens to the ServerResponse @hono/node-server hands
 * over (`c.env.outgoing`, read by shape): an emitter's `close`, where `c.req.raw.signal` would
 * build an AbortController and an EventTarget listener for every request only for this. Elsewhere
 * the request's signal is all there is.
 */
export function onClientGone(
  c: { env: unknown; req: { raw: { signal: AbortSignal } } },
  gone: () => void,
): () => void {
  const outgoing = (c.env as { outgoing?: unknown } | undefined)?.outgoing as
    | {
        destroyed?: unknown;
        writableFinished?: unknown;
        once?: unknown;
        off?: unknown;
      }
    | undefined;
  if (
    outgoing &&
    typeof outgoing.once === 'function' &&
    typeof outgoing.off === 'function' &&
    typeof outgoing.destroyed === 'boolean'
  ) {
    const response = outgoing as {
      destroyed: boolean;
      writableFinished: boolean;
      once(event: 'close', listener: () => void): void;
      off(event: 'close', listener: () => void): void;
    };
    // Closed before the answer was written: the shopper has gone (as @hono/node-server decides).
    const onClose = closedUnanswered.bind(undefined, response, gone);
    if (response.destroyed) {
      onClose();
      return () => {};
    }
    response.once('close', onClose);
    return () => response.off('close', onClose);
  }
  const signal = c.req.raw.signal;
  if (signal.aborted) {
    gone();
    return () => {};
  }
  signal.addEventListener('abort', gone);
  return () => signal.removeEventListener('abort', gone);
}

/**
 * True when the request provably carries no body, so it need not be read: a GET or HEAD (a fetch
 * Request with either never has one, in any runtime), or, on Node over HTTP/1.x (the
 * IncomingMessage, read by shape), a request with neither content-length nor transfer-encoding,
 * which HTTP/1.1 framing says ends with its headers. Anywhere else: false, and the body is read.
 */
export function hasNoBody(c: { env: unknown; req: { method: string } }): boolean {
  const method = c.req.method;
  if (method === 'GET' || method === 'HEAD') return true;
  const incoming = (
    c.env as { incoming?: { httpVersionMajor?: unknown; headers?: unknown } } | undefined
  )?.incoming;
  const headers = incoming?.headers as Record<string, unknown> | null | undefined;
  return (
    incoming?.httpVersionMajor === 1 &&
    typeof headers === 'object' &&
    headers !== null &&
    headers['content-length'] === undefined &&
    headers['transfer-encoding'] === undefined
  );
}

/**
 * The client's IP bucket (IPv6 per /64, see ipBucket), for rate limits: the trusted header when one is configured, else the address
 * of the connection as @hono/node-server hands it over (`c.env.incoming.socket`, read by shape).
 */
export function clientIp(
  c: { env: unknown; req: { header(name: string): string | undefined } },
  trustedHeader: string | undefined,
): string {
  if (trustedHeader) {
    const value = c.req.header(trustedHeader);
    // X-Forwarded-For lists every hop; only the last was written by the proxy that is trusted.
    const last = value?.slice(value.lastIndexOf(',') + 1).trim();
    if (last) return ipBucket(last);
  }
  const incoming = (c.env as { incoming?: { socket?: { remoteAddress?: unknown } } } | undefined)
    ?.incoming;
  const address = incoming?.socket?.remoteAddress;
  return typeof address === 'string' ? ipBucket(address) : 'unknown';
}
