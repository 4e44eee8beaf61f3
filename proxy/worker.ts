/**
 * The proxy on the Workers runtime (Cloudflare Workers, or workerd on your own machines): the
 * same handler as on Node, configured from the runtime's bindings. Nothing Node-only is imported
 * here or by the handler.
 *
 * Bindings: `REVER_API_URL` (variable), `REVER_API_KEY` and `SESSION_SECRET` (secrets),
 * `ALLOWED_ORIGINS` (variable, comma-separated exact origins), and optionally
 * `TRUST_PROXY_HEADER` (on Cloudflare: `cf-connecting-ip`). See proxy/workerd/ for a sample.
 *
 * Rate limits count in the isolate's memory here: each isolate limits on its own. A platform
 * store (a Durable Object, say) can implement `RateLimitStore` and be passed the same way.
 */
import type { Hono } from 'hono';
import { createReturnsProxy } from './index.ts';
import { parseOrigins } from './origins.ts';

export interface ProxyEnv {
  REVER_API_URL?: string;
  REVER_API_KEY?: string;
  SESSION_SECRET?: string;
  ALLOWED_ORIGINS?: string;
  TRUST_PROXY_HEADER?: string;
}

/** Builds the proxy from the bindings; a missing one is a configuration error, said plainly. */
export function proxyFromEnv(env: ProxyEnv): Hono {
  const required = ['REVER_API_URL', 'REVER_API_KEY', 'SESSION_SECRET'] as const;
  const missing = required.filter((name) => !env[name]);
  if (missing.length) {
    throw new TypeError(`rever-returns proxy: set the ${missing.join(' and ')} binding(s).`);
  }
  const origins = parseOrigins(env.ALLOWED_ORIGINS);
  if (!origins.ok) throw new TypeError(`rever-returns proxy: ${origins.error}`);
  return createReturnsProxy({
    upstream: env.REVER_API_URL!,
    apiKey: env.REVER_API_KEY!,
    sessionSecret: env.SESSION_SECRET!,
    allowedOrigins: origins.origins,
    ...(env.TRUST_PROXY_HEADER ? { trustProxyHeader: env.TRUST_PROXY_HEADER } : {}),
  });
}

// One handler per set of bindings: the runtime hands the same env object to every request.
const built = new WeakMap<object, Hono>();

export default {
  fetch(request: Request, env: ProxyEnv, ctx: unknown): Response | Promise<Response> {
    let app = built.get(env);
    if (!app) {
      try {
        app = proxyFromEnv(env);
      } catch (error) {
        // Logged for the operator; the shopper's widget gets the contract's error shape.
        console.error(error instanceof Error ? error.message : 'rever-returns proxy: bad config');
        return new Response(
          JSON.stringify({ error: { code: 'proxy_misconfigured', message: 'Proxy not set up.' } }),
          { status: 500, headers: { 'content-type': 'application/json' } },
        );
      }
      built.set(env, app);
    }
    return app.fetch(request, env, ctx as never);
  },
};
