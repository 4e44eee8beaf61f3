/**
 * Security and CORS headers on every answer, the proxy's own errors included. A JSON API is never
 * framed, sniffed, cached or given a referrer; answers carry a shopper's order and token, so the
 * proxy always says no-store.
 */
import { createMiddleware } from 'hono/factory';
import { SESSION_HEADER } from '../../contract/index.ts';
import type { ProxyEnv } from './env.ts';

const SECURITY_HEADERS: Record<string, string> = {
  'x-content-type-options': 'nosniff',
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  // Every answer depends on Origin (CORS headers, or 403), whether or not this one had one.
  vary: 'origin',
};
/** Headers a browser may read (CORS). */
const EXPOSED_HEADERS = `retry-after, ${SESSION_HEADER}`;

/**
 * `headers` with every answer header added: the security headers, and the CORS headers when the
 * request's Origin is allowed (`allowedOrigin`, which answerHeaders sets). For an answer built
 * whole (forward's: on Node the adapter then writes it from this record, never a Headers); it is
 * marked `answered` so that answerHeaders adds nothing more.
 */
export function withAnswerHeaders(
  headers: Record<string, string>,
  allowedOrigin: string | undefined,
): Record<string, string> {
  Object.assign(headers, SECURITY_HEADERS);
  if (allowedOrigin !== undefined) {
    headers['access-control-allow-origin'] = allowedOrigin;
    headers['access-control-expose-headers'] = EXPOSED_HEADERS;
  }
  return headers;
}

export function answerHeaders(isAllowed: (origin: string) => boolean) {
  return createMiddleware<ProxyEnv>(async (c, next) => {
    const origin = c.req.header('origin');
    const allowed = origin && isAllowed(origin) ? origin : undefined;
    if (allowed !== undefined) c.set('allowedOrigin', allowed);
    await next();
    // Built with them already (withAnswerHeaders), and still the answer going out.
    if (c.get('answered') === c.res) return;
    // Any other answer (the proxy's own): the same headers, from the same list, set on it.
    const added = withAnswerHeaders({}, allowed);
    for (const name in added) c.res.headers.set(name, added[name]!);
  });
}
