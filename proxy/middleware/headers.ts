/**
 * Security and CORS headers on every answer, the proxy's own errors included. A JSON API is never
 * framed, sniffed, cached or given a referrer; answers carry a shopper's order and token, so the
 * proxy always says no-store.
 */
import { createMiddleware } from 'hono/factory';
import { SESSION_HEADER } from '../../contract/index.ts';
import type { ProxyEnv } from './env.ts';

const SECURITY_HEADERS: [string, string][] = Object.entries({
  'x-content-type-options': 'nosniff',
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
});
/** Headers a browser may read (CORS). */
const EXPOSED_HEADERS = `retry-after, ${SESSION_HEADER}`;

export function answerHeaders(isAllowed: (origin: string) => boolean) {
  return createMiddleware<ProxyEnv>(async (c, next) => {
    await next();
    const headers = c.res.headers;
    for (const [name, value] of SECURITY_HEADERS) headers.set(name, value);
    // Every answer depends on Origin (CORS headers, or 403), whether or not this one had one.
    headers.set('vary', 'origin');
    const origin = c.req.header('origin');
    if (origin && isAllowed(origin)) {
      headers.set('access-control-allow-origin', origin);
      headers.set('access-control-expose-headers', EXPOSED_HEADERS);
    }
  });
}
