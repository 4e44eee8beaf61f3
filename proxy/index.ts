/**
 * The reference proxy: the only door between a shopper's browser and REVER. It forwards the
 * contract's operations and nothing else, adds REVER's secret key on the way out, and never lets
 * the key (or REVER's cookies) back to the browser. A web-standard fetch handler built on Hono, so
 * the same code runs on Node (see node.ts) and on edge runtimes.
 */
import { Hono, type Context } from 'hono';
import {
  API_KEY_HEADER,
  CUSTOMER_TOKEN_HEADER,
  matchOperation,
  OPERATIONS,
} from '../src/services/contract.ts';

export interface ReturnsProxyOptions {
  /** REVER's base URL, e.g. `https://api.example/storefront` (a path prefix is kept). */
  upstream: string;
  /** REVER's secret API key. Sent upstream only; never logged, never answered. */
  apiKey: string;
  /** Origins allowed to call the proxy from a browser: exact origins, or a predicate. */
  allowedOrigins: string[] | ((origin: string) => boolean);
  /** How long REVER may take to answer, in milliseconds (default 10 000); then 504. */
  timeoutMs?: number;
  /** The largest request body accepted, in bytes (default 16 384); larger gets 413. */
  maxBodyBytes?: number;
  /** The largest upstream answer passed on, in bytes (default 5 MB); larger gets 502. */
  maxResponseBytes?: number;
  /** The fetch used to reach REVER (tests, runtimes with their own). */
  fetch?: typeof fetch;
  /** One line per request: method, path, status, time. Never the key or a body. */
  logger?: (line: string) => void;
}

/** Request headers passed to REVER; everything else (cookies, authorization, a key) stays here. */
const REQUEST_HEADERS = ['content-type', 'accept', 'accept-language', CUSTOMER_TOKEN_HEADER];
/** Response headers passed back; notably never set-cookie. */
const RESPONSE_HEADERS = ['content-type', 'retry-after'];
/** A JSON API is never framed, sniffed, cached or given a referrer. */
const SECURITY_HEADERS: Record<string, string> = {
  'x-content-type-options': 'nosniff',
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
};

/** The paths of the contract and the methods each takes, for preflight answers. */
const METHODS_BY_PATH = new Map<string, string[]>();
for (const { method, path } of Object.values(OPERATIONS)) {
  METHODS_BY_PATH.set(path, [...(METHODS_BY_PATH.get(path) ?? []), method]);
}

class BodyTooLarge extends Error {}

/** Reads at most `limit` bytes of a body, whatever its content-length claims. */
async function readCapped(
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

function checkOptions(options: ReturnsProxyOptions): void {
  let url: URL;
  try {
    url = new URL(options.upstream);
  } catch {
    throw new TypeError('createReturnsProxy: upstream must be an absolute http(s) URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new TypeError('createReturnsProxy: upstream must be an absolute http(s) URL');
  }
  if (!options.apiKey) throw new TypeError('createReturnsProxy: apiKey is required');
}

export function createReturnsProxy(options: ReturnsProxyOptions): Hono {
  checkOptions(options);
  const upstream = options.upstream.replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? 10_000;
  const maxBody = options.maxBodyBytes ?? 16_384;
  const maxResponse = options.maxResponseBytes ?? 5_000_000;
  const fetchUpstream = options.fetch ?? fetch;
  const allowed = options.allowedOrigins;
  const isAllowed = (origin: string) =>
    typeof allowed === 'function' ? allowed(origin) : allowed.includes(origin);
  const log = options.logger ?? (() => {});

  /** Every answer of the proxy's own is JSON in the contract's error shape. */
  const fail = (status: number, code: string, message: string) =>
    new Response(JSON.stringify({ error: { code, message } }), {
      status,
      headers: { 'content-type': 'application/json' },
    });

  const app = new Hono();

  // Security and CORS headers go on every answer, the proxy's own errors included.
  app.use('*', async (c, next) => {
    const started = Date.now();
    await next();
    const origin = c.req.header('origin');
    const headers = c.res.headers;
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) headers.set(name, value);
    if (origin && isAllowed(origin)) {
      headers.set('access-control-allow-origin', origin);
      headers.set('access-control-expose-headers', 'retry-after');
      headers.append('vary', 'origin');
    }
    log(`${c.req.method} ${new URL(c.req.url).pathname} ${c.res.status} ${Date.now() - started}ms`);
  });

  app.options('*', (c) => {
    const methods = METHODS_BY_PATH.get(contractPath(c));
    if (!methods) return fail(404, 'not_found', 'No such operation.');
    const origin = c.req.header('origin');
    if (!origin || !isAllowed(origin)) return fail(403, 'forbidden', 'Origin not allowed.');
    return new Response(null, {
      status: 204,
      headers: {
        'access-control-allow-methods': methods.join(', '),
        'access-control-allow-headers': `content-type, ${CUSTOMER_TOKEN_HEADER}`,
        'access-control-max-age': '600',
      },
    });
  });

  app.all('*', async (c) => {
    const url = new URL(c.req.url);
    const match = matchOperation(c.req.method, url.pathname);
    if (!match) return fail(404, 'not_found', 'No such operation.');
    // A browser on a foreign origin is refused before anything reaches REVER: CORS alone would
    // only hide the answer, not stop a simple cross-site POST from taking effect.
    const origin = c.req.header('origin');
    if (origin && !isAllowed(origin)) return fail(403, 'forbidden', 'Origin not allowed.');

    const headers = new Headers();
    for (const name of REQUEST_HEADERS) {
      const value = c.req.header(name);
      if (value !== undefined) headers.set(name, value);
    }
    headers.set(API_KEY_HEADER, options.apiKey);

    let body: Uint8Array<ArrayBuffer> | undefined;
    if (c.req.method === 'POST') {
      if (Number(c.req.header('content-length') ?? 0) > maxBody) {
        return fail(413, 'payload_too_large', 'Request body too large.');
      }
      try {
        body = await readCapped(c.req.raw.body, maxBody);
      } catch (error) {
        if (error instanceof BodyTooLarge) {
          return fail(413, 'payload_too_large', 'Request body too large.');
        }
        throw error;
      }
    }
    return forward(c, `${upstream}${url.pathname}${url.search}`, headers, body);
  });

  async function forward(
    c: Context,
    target: string,
    headers: Headers,
    body?: Uint8Array<ArrayBuffer>,
  ) {
    const signal = AbortSignal.timeout(timeoutMs);
    let answer: Response;
    let payload: Uint8Array<ArrayBuffer>;
    try {
      answer = await fetchUpstream(target, {
        method: c.req.method,
        headers,
        ...(body ? { body } : {}),
        redirect: 'manual',
        signal,
      });
      // Buffered, so a slow or endless body still ends in a clean 504 and never reaches the
      // browser half-sent; capped, so an upstream fault cannot exhaust the proxy's memory.
      payload = await readCapped(answer.body, maxResponse);
    } catch (error) {
      if (signal.aborted) return fail(504, 'upstream_timeout', 'REVER did not answer in time.');
      if (error instanceof BodyTooLarge) {
        return fail(502, 'upstream_unavailable', 'REVER sent an answer too large to pass on.');
      }
      return fail(502, 'upstream_unavailable', 'REVER could not be reached.');
    }
    const out = new Headers();
    for (const name of RESPONSE_HEADERS) {
      const value = answer.headers.get(name);
      if (value !== null) out.set(name, value);
    }
    // A redirect from upstream is not followed and not passed on: it would lead the browser
    // (or the proxy) somewhere the contract does not name.
    if (answer.status >= 300 && answer.status < 400) {
      return fail(502, 'upstream_unavailable', 'REVER answered with a redirect.');
    }
    return new Response(payload.byteLength ? payload : null, {
      status: answer.status,
      headers: out,
    });
  }

  return app;
}

/** The request's path, as the contract's template when it names one (for preflights). */
function contractPath(c: Context): string {
  const pathname = new URL(c.req.url).pathname;
  for (const method of ['GET', 'POST', 'DELETE']) {
    const match = matchOperation(method, pathname);
    if (match) return OPERATIONS[match.id].path;
  }
  return '';
}
