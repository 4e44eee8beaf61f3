/**
 * Which browser origins may call the proxy, and the guard that refuses the others: a browser on a
 * foreign origin is refused before anything reaches REVER, since CORS alone would only hide the
 * answer, not stop a simple cross-site POST (text/plain) from taking effect.
 */
import { createMiddleware } from 'hono/factory';
import { fail } from '../http.ts';
import type { OriginPolicy } from '../options.ts';
import type { ProxyEnv } from './env.ts';

/** The policy as a predicate; one that throws refuses the origin rather than failing the request. */
export function originPolicy(allowed: OriginPolicy): (origin: string) => boolean {
  return (origin) => {
    try {
      return typeof allowed === 'function' ? allowed(origin) === true : allowed.includes(origin);
    } catch {
      return false;
    }
  };
}

/** 403 to a request whose Origin is not allowed; no Origin (a server, curl) passes. */
export function originGuard(isAllowed: (origin: string) => boolean) {
  return createMiddleware<ProxyEnv>(async (c, next) => {
    const origin = c.req.header('origin');
    if (origin !== undefined && !isAllowed(origin)) {
      c.set('note', 'origin_not_allowed');
      return fail(403, 'forbidden', 'Origin not allowed.');
    }
    await next();
  });
}
