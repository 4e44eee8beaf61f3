/**
 * The reference proxy: the only door between a shopper's browser and REVER. It forwards the
 * contract's operations and nothing else, adds REVER's secret key on the way out, and never lets
 * the key (or REVER's cookies) back to the browser. A web-standard fetch handler built on Hono, so
 * the same code runs on Node (see node.ts) and on edge runtimes: nothing here imports `node:`.
 */
import { Hono, type Context } from 'hono';
import {
  API_KEY_HEADER,
  CUSTOMER_TOKEN_HEADER,
  matchOperation,
  OPERATIONS,
  QUERY,
  SESSION_HEADER,
  type OperationMatch,
} from '../contract/index.ts';
import {
  checkLimits,
  RateLimitStoreUnavailable,
  MemoryRateLimitStore,
  type RateLimitRule,
  type RateLimitStore,
} from './rate-limit.ts';
import { createSessionSigner, type SessionClaims } from './session.ts';
import { ipBucket } from './client-ip.ts';
import { checkBody, checkQuery, orderNumberOf } from '../contract/validate.ts';

export {
  MemoryRateLimitStore,
  resilientStore,
  type RateLimitRule,
  type RateLimitStore,
  type StoreFailureMode,
} from './rate-limit.ts';
export { createSessionSigner, type SessionClaims } from './session.ts';

/** Which browser origins may call the proxy: exact origins, or a predicate. */
export type OriginPolicy = readonly string[] | ((origin: string) => boolean);

export interface ReturnsProxyOptions {
  /** REVER's base URL, e.g. `https://api.example/storefront` (a path prefix is kept). */
  upstream: string;
  /** REVER's secret API key. Sent upstream only; never logged, never answered. */
  apiKey: string;
  /** Origins allowed to call the proxy from a browser: exact origins, or a predicate. */
  allowedOrigins: OriginPolicy;
  /**
   * The secret session tokens are signed with (at least 32 characters). Every instance behind
   * one shop needs the same one. A list rotates it: the first signs, all of them verify.
   */
  sessionSecret: string | readonly string[];
  /** How long a session token lasts, in seconds (default 7 200: two hours). */
  sessionTtlSeconds?: number;
  /** Where intent rate-limit counts live (default: this instance's memory). */
  rateLimitStore?: RateLimitStore;
  /**
   * Return intents allowed per client IP and per order number (defaults: 30 per IP and 10 per
   * order number, each per 10 minutes). Over a limit the proxy answers 429 with Retry-After.
   */
  intentLimits?: { perIp?: RateLimitRule; perOrder?: RateLimitRule };
  /**
   * The request header that holds the client's IP, set by a proxy or CDN in front of this one
   * (`cf-connecting-ip`, `x-forwarded-for`: its last entry). Only when such a proxy always sets
   * it: otherwise a client can write any IP there. Unset: the connection's address (on Node).
   */
  trustProxyHeader?: string;
  /** How long REVER may take to answer, in milliseconds (default 10 000); then 504. */
  timeoutMs?: number;
  /** The largest request body accepted, in bytes (default 16 384); larger gets 413. */
  maxBodyBytes?: number;
  /** The largest upstream answer passed on, in bytes (default 5 MB); larger gets 502. */
  maxResponseBytes?: number;
  /** The fetch used to reach REVER (tests, runtimes with their own). */
  fetch?: typeof fetch;
  /** One line per request: method, path, status, time, and why when the proxy refused. */
  logger?: (line: string) => void;
}

/**
 * Request headers passed to REVER; everything else (cookies, authorization, a key, the proxy's
 * own session token) stays here.
 */
const REQUEST_HEADERS = ['content-type', 'accept', 'accept-language', CUSTOMER_TOKEN_HEADER];
/**
 * Response headers passed back; notably never set-cookie. Upstream cache-control is not among
 * them: answers carry a shopper's order and token, so the proxy always says no-store.
 */
const RESPONSE_HEADERS = ['content-type', 'content-language', 'retry-after'];
/** A JSON API is never framed, sniffed, cached or given a referrer. */
const SECURITY_HEADERS: Record<string, string> = {
  'x-content-type-options': 'nosniff',
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
};
/** The methods the contract uses at all, in the order preflights list them. */
const CONTRACT_METHODS = [...new Set(Object.values(OPERATIONS).map((op) => op.method))];
/** Headers a browser may send and read (CORS). */
const ALLOWED_REQUEST_HEADERS = `content-type, ${CUSTOMER_TOKEN_HEADER}, ${SESSION_HEADER}`;
const EXPOSED_HEADERS = `retry-after, ${SESSION_HEADER}`;
const DEFAULT_LIMITS = {
  perIp: { limit: 30, windowMs: 600_000 },
  perOrder: { limit: 10, windowMs: 600_000 },
} satisfies Record<string, RateLimitRule>;
const decoder = new TextDecoder();
/** Statuses a Response may not carry a body with. */
const NULL_BODY_STATUSES = new Set([204, 205, 304]);

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

/**
 * The path and query of a request URL exactly as the runtime handed them over: no decoding and no
 * dot-segment resolution (a `new URL()` would turn `/returns/%2e%2e/x` into `/x`). What is
 * matched against the contract is then byte for byte what is sent to REVER.
 * @internal
 */
export function splitTarget(url: string): { pathname: string; search: string } {
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
function requestTarget(c: { env: unknown; req: { url: string } }): {
  pathname: string;
  search: string;
} {
  const incoming = (c.env as { incoming?: { url?: unknown; headers?: unknown } } | undefined)
    ?.incoming;
  const target = incoming?.url;
  if (typeof target === 'string' && typeof incoming?.headers === 'object') {
    // Origin-form (`/returns?…`) gets a dummy authority; absolute-form keeps its own, ignored.
    return splitTarget(target.startsWith('/') ? `http://target${target}` : target);
  }
  return splitTarget(c.req.url);
}

/**
 * True when the request provably carries no body, so it need not be read: a GET or HEAD (a fetch
 * Request with either never has one, in any runtime), or, on Node over HTTP/1.x (the
 * IncomingMessage, read by shape), a request with neither content-length nor transfer-encoding,
 * which HTTP/1.1 framing says ends with its headers. Anywhere else: false, and the body is read.
 */
function hasNoBody(c: { env: unknown; req: { method: string } }): boolean {
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

/** The methods of the contract's operations at a path, for preflights and `allow`. */
function methodsAt(pathname: string): string[] {
  return CONTRACT_METHODS.filter((method) => matchOperation(method, pathname));
}

/** Every answer of the proxy's own is JSON in the contract's error shape. */
function fail(status: number, code: string, message: string): Response {
  return new Response(JSON.stringify({ error: { code, message } }), {
    status,
    headers: { 'content-type': 'application/json' },
  });
}

/** Throws at creation, so a misconfigured proxy never starts rather than failing per request. */
function checkOptions(options: ReturnsProxyOptions): void {
  const bad = (why: string) => new TypeError(`createReturnsProxy: ${why}`);
  let url: URL;
  try {
    url = new URL(options.upstream);
  } catch {
    throw bad(`upstream must be an absolute http(s) URL, not "${options.upstream}"`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw bad(`upstream must be an absolute http(s) URL, not "${options.upstream}"`);
  }
  // The request's path is appended to the upstream as text: a query or fragment there would
  // swallow it, and credentials would be sent to REVER on every call (fetch refuses them anyway).
  if (url.search || url.hash || url.username || url.password) {
    throw bad('upstream must not carry credentials, a query or a fragment');
  }
  if (!options.apiKey) throw bad('apiKey is required');
  const secrets = sessionSecrets(options);
  if (!secrets.length || secrets.some((s) => typeof s !== 'string' || s.length < 32)) {
    throw bad('sessionSecret must be at least 32 characters (a random string, kept secret)');
  }
  if (secrets.some((s) => s.includes(options.apiKey) || options.apiKey.includes(s))) {
    throw bad('sessionSecret must not be, or hold, the REVER key');
  }
  for (const name of [
    'timeoutMs',
    'maxBodyBytes',
    'maxResponseBytes',
    'sessionTtlSeconds',
  ] as const) {
    const value = options[name];
    if (value !== undefined && !(Number.isFinite(value) && value > 0)) {
      throw bad(`${name} must be a positive number`);
    }
  }
}

const sessionSecrets = (options: ReturnsProxyOptions): readonly string[] =>
  typeof options.sessionSecret === 'string' ? [options.sessionSecret] : options.sessionSecret;

/**
 * The client's IP bucket (IPv6 per /64, see ipBucket), for rate limits: the trusted header when one is configured, else the address
 * of the connection as @hono/node-server hands it over (`c.env.incoming.socket`, read by shape).
 */
function clientIp(c: Context, trustedHeader: string | undefined): string {
  if (trustedHeader) {
    const value = c.req.header(trustedHeader);
    // X-Forwarded-For lists every hop; only the last was written by the proxy that is trusted.
    const last = value?.split(',').at(-1)?.trim();
    if (last) return ipBucket(last);
  }
  const incoming = (c.env as { incoming?: { socket?: { remoteAddress?: unknown } } } | undefined)
    ?.incoming;
  const address = incoming?.socket?.remoteAddress;
  return typeof address === 'string' ? ipBucket(address) : 'unknown';
}

/** The ids an intent answer opened, or undefined when it is not the contract's shape. */
function intentIds(payload: Uint8Array): Omit<SessionClaims, 'expires'> | undefined {
  try {
    const { order } = JSON.parse(decoder.decode(payload)) as {
      order?: { id?: unknown; return_id?: unknown };
    };
    if (typeof order?.id === 'string' && typeof order.return_id === 'string') {
      return { returnId: order.return_id, orderIds: [order.id] };
    }
  } catch {
    /* the widget finds out when it decodes the answer */
  }
  return undefined;
}

/** Builds the proxy: a Hono app whose `fetch` is a web-standard request handler. */
export function createReturnsProxy(options: ReturnsProxyOptions): Hono {
  checkOptions(options);
  const upstream = options.upstream.replace(/\/+$/, '');
  const apiKey = options.apiKey;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const maxBody = options.maxBodyBytes ?? 16_384;
  const maxResponse = options.maxResponseBytes ?? 5_000_000;
  const signer = createSessionSigner(sessionSecrets(options), options.sessionTtlSeconds ?? 7200);
  const limits = {
    perIp: options.intentLimits?.perIp ?? DEFAULT_LIMITS.perIp,
    perOrder: options.intentLimits?.perOrder ?? DEFAULT_LIMITS.perOrder,
  };
  const store = options.rateLimitStore ?? new MemoryRateLimitStore();
  // Called through a closure: some runtimes throw "Illegal invocation" on a detached fetch.
  const fetchUpstream: typeof fetch = options.fetch ?? ((input, init) => fetch(input, init));
  const allowed = options.allowedOrigins;
  // A predicate that throws refuses the origin rather than failing the request.
  const isAllowed = (origin: string) => {
    try {
      return typeof allowed === 'function' ? allowed(origin) === true : allowed.includes(origin);
    } catch {
      return false;
    }
  };
  /** Why the proxy answered as it did, for the log line (never a body, never upstream text). */
  const notes = new WeakMap<Request, string>();

  // A logger that throws must not turn a good answer into a 500; the key is scrubbed from
  // every line even though no line is built from anything that should hold it.
  const log = (line: string) => {
    try {
      options.logger?.(line.split(apiKey).join('[redacted]'));
    } catch {
      /* logging is best effort */
    }
  };

  const app = new Hono();

  // Security and CORS headers go on every answer, the proxy's own errors included.
  app.use('*', async (c, next) => {
    const started = Date.now();
    await next();
    const headers = c.res.headers;
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) headers.set(name, value);
    // Every answer depends on Origin (CORS headers, or 403), whether or not this one had one.
    headers.set('vary', 'origin');
    const origin = c.req.header('origin');
    if (origin && isAllowed(origin)) {
      headers.set('access-control-allow-origin', origin);
      headers.set('access-control-expose-headers', EXPOSED_HEADERS);
    }
    log(logLine(c, Date.now() - started, notes.get(c.req.raw)));
  });

  app.onError((error, c) => {
    notes.set(c.req.raw, `internal_error ${error.name}`);
    return fail(500, 'internal_error', 'The proxy failed to handle the request.');
  });

  app.options('*', (c) => {
    const methods = methodsAt(requestTarget(c).pathname);
    if (!methods.length) return fail(404, 'not_found', 'No such operation.');
    const origin = c.req.header('origin');
    // No Origin: not a CORS preflight but a plain OPTIONS (curl, a monitor); say what is allowed.
    if (origin === undefined) {
      return new Response(null, { status: 204, headers: { allow: methods.join(', ') } });
    }
    if (!isAllowed(origin)) {
      notes.set(c.req.raw, 'origin_not_allowed');
      return fail(403, 'forbidden', 'Origin not allowed.');
    }
    return new Response(null, {
      status: 204,
      headers: {
        'access-control-allow-methods': methods.join(', '),
        'access-control-allow-headers': ALLOWED_REQUEST_HEADERS,
        'access-control-max-age': '600',
      },
    });
  });

  app.all('*', async (c) => {
    const { pathname, search } = requestTarget(c);
    const match = matchOperation(c.req.method, pathname);
    if (!match) {
      return fail(404, 'not_found', 'No such operation.');
    }
    // A browser on a foreign origin is refused before anything reaches REVER: CORS alone would
    // only hide the answer, not stop a simple cross-site POST (text/plain) from taking effect.
    const origin = c.req.header('origin');
    if (origin !== undefined && !isAllowed(origin)) {
      notes.set(c.req.raw, 'origin_not_allowed');
      return fail(403, 'forbidden', 'Origin not allowed.');
    }
    const intent = match.id === 'startReturnIntent';
    // Every call but the intent belongs to a session, and only to its own return and order.
    if (!intent) {
      const refused = await checkSession(c, match, search);
      if (refused) return refused;
    }
    const badQuery = checkQuery(match.id, search);
    if (badQuery) return invalid(c, `query: ${badQuery}`);
    // Bodies are read for every method, so a DELETE or GET cannot smuggle one to REVER.
    const read = await readBody(c);
    if (read instanceof Response) return read;
    const badBody = checkBody(match.id, read);
    if (badBody) return invalid(c, `body: ${badBody}`);
    const body = read.byteLength ? read : undefined;
    if (intent) {
      let wait: number;
      try {
        wait = await checkLimits(store, [
          { key: `ip:${clientIp(c, options.trustProxyHeader)}`, rule: limits.perIp },
          { key: `order:${orderNumberOf(read).trim().toLowerCase()}`, rule: limits.perOrder },
        ]);
      } catch (error) {
        if (!(error instanceof RateLimitStoreUnavailable)) throw error;
        // Fail-closed while the shared store is down (see resilientStore).
        notes.set(c.req.raw, 'rate_limit_store_unavailable');
        const answer = fail(503, 'unavailable', 'Try again in a moment.');
        answer.headers.set('retry-after', '5');
        return answer;
      }
      if (wait) {
        notes.set(c.req.raw, 'rate_limited');
        const answer = fail(429, 'rate_limited', 'Too many attempts; try again later.');
        answer.headers.set('retry-after', String(wait));
        return answer;
      }
    }
    // Only the configured base, the matched path and the query: nothing else the client sent
    // (Host, an absolute-form target, X-Forwarded-*) can steer where the request goes.
    // A bare `?` is dropped: nothing but the checked parameters is sent.
    const query = search.length > 1 ? search : '';
    const { answer, payload } = await forward(
      c,
      `${upstream}${pathname}${query}`,
      upstreamHeaders(c),
      body,
    );
    if (intent && answer.status === 200 && payload) await issueSession(answer, payload);
    return answer;
  });

  function invalid(c: Context, why: string): Response {
    notes.set(c.req.raw, 'invalid_request');
    // The contract's own 400; the reason is the proxy's fixed text, never the request echoed.
    return fail(400, 'invalid_request', `The request does not match the contract (${why}).`);
  }

  /** A 401 without a valid session, a 403 when the call names another return or order. */
  async function checkSession(
    c: Context,
    match: OperationMatch,
    search: string,
  ): Promise<Response | undefined> {
    const checked = await signer.verify(c.req.header(SESSION_HEADER));
    if (!checked.ok) {
      notes.set(c.req.raw, `session_${checked.why}`);
      return fail(
        401,
        checked.why === 'expired' ? 'session_expired' : 'session_required',
        checked.why === 'expired'
          ? 'The session has expired; start the return again.'
          : 'A valid session is required; start the return first.',
      );
    }
    const { claims } = checked;
    const returnId = match.params['return_id'];
    const orderIds = new URLSearchParams(search).getAll(QUERY.orderIds);
    if (
      (returnId !== undefined && returnId !== claims.returnId) ||
      orderIds.some((id) => !claims.orderIds.includes(id))
    ) {
      notes.set(c.req.raw, 'session_mismatch');
      return fail(403, 'forbidden', 'This session does not cover that return or order.');
    }
    return undefined;
  }

  /** Gives a successful intent's answer (its body: `payload`) the session token it opened. */
  async function issueSession(answer: Response, payload: Uint8Array): Promise<void> {
    const ids = intentIds(payload);
    if (ids) answer.headers.set(SESSION_HEADER, await signer.sign(ids));
  }

  /** The allowed request headers, plus the key; a key the client sent is never among them. */
  function upstreamHeaders(c: Context): Record<string, string> {
    const headers: Record<string, string> = {};
    for (const name of REQUEST_HEADERS) {
      const value = c.req.header(name);
      if (value !== undefined) headers[name] = value;
    }
    headers[API_KEY_HEADER] = apiKey;
    return headers;
  }

  /** The request body, or a 413 when it is (declared or found) larger than the limit. */
  async function readBody(c: Context): Promise<Uint8Array<ArrayBuffer> | Response> {
    const request = c.req.raw;
    const tooLarge = () => {
      notes.set(request, 'payload_too_large');
      return fail(413, 'payload_too_large', 'Request body too large.');
    };
    // The declared length refuses early; the capped read catches a chunked or lying client.
    if (Number(c.req.header('content-length') ?? 0) > maxBody) return tooLarge();
    // Not read when there provably is none (reading materialises a whole Request on Node).
    if (hasNoBody(c)) return new Uint8Array(new ArrayBuffer(0));
    try {
      return await readCapped(request.body, maxBody);
    } catch (error) {
      if (error instanceof BodyTooLarge) return tooLarge();
      throw error;
    }
  }

  /** REVER's answer to pass on, with its body (`payload`) when it is REVER's and not a refusal. */
  async function forward(
    c: Context,
    target: string,
    headers: Record<string, string>,
    body?: Uint8Array<ArrayBuffer>,
  ): Promise<{ answer: Response; payload?: Uint8Array }> {
    // One controller for both ends: REVER taking too long, and (where the runtime says so) a
    // shopper who goes away, which stops the upstream call too.
    const abort = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      abort.abort();
    }, timeoutMs);
    const client = c.req.raw.signal;
    const clientGone = () => abort.abort();
    if (client.aborted) abort.abort();
    else client.addEventListener('abort', clientGone);
    const upstreamFailed = (code: string, status: number, message: string) => {
      notes.set(c.req.raw, code);
      return {
        answer: fail(status, status === 504 ? 'upstream_timeout' : 'upstream_unavailable', message),
      };
    };
    let answer: Response;
    let payload: Uint8Array<ArrayBuffer>;
    try {
      answer = await fetchUpstream(target, {
        method: c.req.method,
        headers,
        ...(body ? { body } : {}),
        redirect: 'manual',
        signal: abort.signal,
      });
      // Buffered, so a slow or endless body still ends in a clean 504 and never reaches the
      // browser half-sent; capped, so an upstream fault cannot exhaust the proxy's memory.
      payload = await readCapped(answer.body, maxResponse);
    } catch (error) {
      // The error's own text (addresses, ports, TLS details) is never answered nor logged.
      if (timedOut) {
        return upstreamFailed('upstream_timeout', 504, 'REVER did not answer in time.');
      }
      if (error instanceof BodyTooLarge) {
        return upstreamFailed(
          'upstream_too_large',
          502,
          'REVER sent an answer too large to pass on.',
        );
      }
      if (client.aborted) {
        return upstreamFailed('client_closed', 502, 'The request was aborted.');
      }
      return upstreamFailed(
        `upstream_unreachable ${causeCode(error)}`.trim(),
        502,
        'REVER could not be reached.',
      );
    } finally {
      clearTimeout(timer);
      client.removeEventListener('abort', clientGone);
    }
    // A redirect is not followed nor passed on: it would lead the browser (or the proxy)
    // somewhere the contract does not name.
    if (answer.status >= 300 && answer.status < 400) {
      return upstreamFailed('upstream_redirect', 502, 'REVER answered with a redirect.');
    }
    if (answer.status < 200 || answer.status > 599) {
      return upstreamFailed('upstream_bad_status', 502, 'REVER answered with an invalid status.');
    }
    const out = new Headers();
    for (const name of RESPONSE_HEADERS) {
      const value = answer.headers.get(name);
      if (value !== null) out.set(name, value);
    }
    // An upstream that echoes the request (a debugging REVER, a misconfigured mock, an error
    // quoting the key) must not hand the key to a browser: such an answer is withheld whole.
    if (holdsKey(payload, out)) {
      return upstreamFailed(
        'upstream_echoed_key',
        502,
        'REVER sent an answer that cannot be passed on.',
      );
    }
    const empty = NULL_BODY_STATUSES.has(answer.status) || payload.byteLength === 0;
    return {
      answer: new Response(empty ? null : payload, { status: answer.status, headers: out }),
      payload,
    };
  }

  function holdsKey(payload: Uint8Array, headers: Headers): boolean {
    for (const value of headers.values()) if (value.includes(apiKey)) return true;
    return decoder.decode(payload).includes(apiKey);
  }

  return app;
}

/** `METHOD /path STATUS 12ms [note]`: printable, bounded, and without the query (it names orders). */
function logLine(
  c: { env: unknown; req: { url: string; method: string }; res: Response },
  ms: number,
  note: string | undefined,
): string {
  const path = requestTarget(c)
    .pathname.replace(/[^\x21-\x7e]/g, '?')
    .slice(0, 200);
  return `${c.req.method} ${path} ${c.res.status} ${ms}ms${note ? ` ${note}` : ''}`;
}

/** A system error code (ECONNREFUSED, ENOTFOUND…) is safe to log; the message is not. */
function causeCode(error: unknown): string {
  const cause =
    error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined;
  const code = cause?.code;
  return typeof code === 'string' && /^[A-Z_]{2,40}$/.test(code) ? code : '';
}
