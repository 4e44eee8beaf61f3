/**
 * The last step: the checked request to REVER, with the key added, and REVER's answer back with
 * only the allowed headers. Only the configured base, the matched path and the query are used:
 * nothing else the client sent (Host, an absolute-form target, X-Forwarded-*) can steer where the
 * request goes. Sets `upstreamPayload` when REVER's answer is passed on.
 */
import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import { API_KEY_HEADER, CUSTOMER_TOKEN_HEADER } from '../../contract/index.ts';
import { BodyTooLarge, fail, onClientGone } from '../http.ts';
import { errorBody, holdsSecret } from '../upstream-answer.ts';
import type { Upstream, UpstreamAnswer } from '../upstream.ts';
import type { ProxyEnv } from './env.ts';

/**
 * Request headers passed to REVER; everything else (cookies, authorization, a key, the proxy's
 * own session token, the client's content-type) stays here. A body goes as application/json: it
 * is the canonical JSON request-checks made.
 */
const REQUEST_HEADERS = ['accept', 'accept-language', CUSTOMER_TOKEN_HEADER];
/**
 * Response headers passed back; notably never set-cookie. Upstream cache-control is not among
 * them: answers carry a shopper's order and token, so the proxy always says no-store.
 */
const RESPONSE_HEADERS = ['content-type', 'content-language', 'retry-after'];
/** Statuses a Response may not carry a body with. */
const NULL_BODY_STATUSES = new Set([204, 205, 304]);

export interface ForwardOptions {
  /** REVER's base URL, without a trailing slash. */
  upstream: string;
  apiKey: string;
  timeoutMs: number;
  maxResponseBytes: number;
  /** The calls to REVER (see upstream.ts: over a fetch, or the Node transport's bytes). */
  call: Upstream;
}

/** The allowed request headers, plus the key; a key the client sent is never among them. */
function upstreamHeaders(
  c: Context<ProxyEnv>,
  apiKey: string,
  hasBody: boolean,
): Record<string, string> {
  const headers: Record<string, string> = {};
  if (hasBody) headers['content-type'] = 'application/json';
  for (const name of REQUEST_HEADERS) {
    const value = c.req.header(name);
    if (value !== undefined) headers[name] = value;
  }
  headers[API_KEY_HEADER] = apiKey;
  return headers;
}

/**
 * An upstream that echoes the request (a debugging REVER, a misconfigured mock) must not hand the
 * key to a browser: such an answer is withheld whole (see holdsSecret for where it is looked for).
 */
function holdsKey(payload: Uint8Array, headers: Record<string, string>, apiKey: string): boolean {
  for (const name in headers) if (headers[name]!.includes(apiKey)) return true;
  return holdsSecret(payload, apiKey);
}

/** The proxy's own answer when REVER's cannot be passed on, and why (for the log line). */
function upstreamFailed(
  c: Context<ProxyEnv>,
  note: string,
  status: number,
  message: string,
): Response {
  c.set('note', note);
  return fail(status, status === 504 ? 'upstream_timeout' : 'upstream_unavailable', message);
}

/** A system error code (ECONNREFUSED, ENOTFOUND…) is safe to log; the message is not. */
function causeCode(error: unknown): string {
  const cause =
    error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined;
  const code = cause?.code;
  return typeof code === 'string' && /^[A-Z_]{2,40}$/.test(code) ? code : '';
}

export function forward(options: ForwardOptions) {
  const { upstream, apiKey, timeoutMs, maxResponseBytes, call: callUpstream } = options;
  return createMiddleware<ProxyEnv>(async (c) => {
    const { pathname, search } = c.get('target');
    // A bare `?` is dropped: nothing but the checked parameters is sent.
    const query = search.length > 1 ? search : '';
    const read = c.get('body');
    const body = read.byteLength ? read : undefined;
    // One cancel for both ends: REVER taking too long, and a shopper who goes away (where the
    // runtime says so), which stops the upstream call too.
    const call = callUpstream({
      url: `${upstream}${pathname}${query}`,
      method: c.req.method,
      headers: upstreamHeaders(c, apiKey, body !== undefined),
      body,
      // Read whole, so a slow or endless body still ends in a clean 504 and never reaches the
      // browser half-sent; capped, so an upstream fault cannot exhaust the proxy's memory.
      maxBytes: maxResponseBytes,
    });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      call.cancel();
    }, timeoutMs);
    let clientGone = false;
    const stopListening = onClientGone(c, () => {
      clientGone = true;
      call.cancel();
    });
    let answer: UpstreamAnswer;
    try {
      answer = await call.answer;
    } catch (error) {
      // The error's own text (addresses, ports, TLS details) is never answered nor logged.
      if (timedOut) {
        return upstreamFailed(c, 'upstream_timeout', 504, 'REVER did not answer in time.');
      }
      if (error instanceof BodyTooLarge) {
        return upstreamFailed(
          c,
          'upstream_too_large',
          502,
          'REVER sent an answer too large to pass on.',
        );
      }
      if (clientGone) {
        return upstreamFailed(c, 'client_closed', 502, 'The request was aborted.');
      }
      return upstreamFailed(
        c,
        `upstream_unreachable ${causeCode(error)}`.trim(),
        502,
        'REVER could not be reached.',
      );
    } finally {
      clearTimeout(timer);
      stopListening();
    }
    const payload = answer.body;
    // A redirect is not followed nor passed on: it would lead the browser (or the proxy)
    // somewhere the contract does not name.
    if (answer.status >= 300 && answer.status < 400) {
      return upstreamFailed(c, 'upstream_redirect', 502, 'REVER answered with a redirect.');
    }
    if (answer.status < 200 || answer.status > 599) {
      return upstreamFailed(
        c,
        'upstream_bad_status',
        502,
        'REVER answered with an invalid status.',
      );
    }
    const out: Record<string, string> = {};
    for (const name of RESPONSE_HEADERS) {
      const value = answer.header(name);
      if (value !== null) out[name] = value;
    }
    if (answer.status >= 400) {
      // REVER's error text never reaches the browser: its code (when plain) with the proxy's
      // own message, and a Retry-After only when it is a number of seconds.
      const retryAfter = out['retry-after'];
      const headers = new Headers({ 'content-type': 'application/json' });
      if (retryAfter && /^\d{1,6}$/.test(retryAfter.trim())) {
        headers.set('retry-after', retryAfter.trim());
      }
      c.set('upstreamPayload', payload);
      return new Response(errorBody(answer.status, payload, apiKey), {
        status: answer.status,
        headers,
      });
    }
    if (holdsKey(payload, out, apiKey)) {
      return upstreamFailed(
        c,
        'upstream_echoed_key',
        502,
        'REVER sent an answer that cannot be passed on.',
      );
    }
    c.set('upstreamPayload', payload);
    const empty = NULL_BODY_STATUSES.has(answer.status) || payload.byteLength === 0;
    return new Response(empty ? null : payload, { status: answer.status, headers: out });
  });
}
