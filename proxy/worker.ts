/**
 * The proxy on the Workers runtime (Cloudflare Workers, or workerd on your own machines): the
 * same handler as on Node, configured from the runtime's bindings. Nothing Node-only is imported
 * here or by the handler.
 *
 * Bindings: `REVER_API_URL` (variable), `REVER_API_KEY` and `SESSION_SECRET` (secrets), during a
 * rotation `SESSION_SECRET_PREVIOUS` (secret: verifies, never signs),
 * `ALLOWED_ORIGINS` (variable, comma-separated exact origins), and optionally
 * `TRUST_PROXY_HEADER` (the header a proxy in front puts the client IP in; on Cloudflare,
 * `cf-connecting-ip` is used by itself when unset), `RATE_LIMITS` (a Durable Object namespace of
 * `RateLimitCounter`, exported here, so every isolate counts against one limit) and
 * `RATE_LIMIT_STORE_FAILURE` (`open` or `closed`: what to do while that namespace fails). See
 * proxy/workerd/ for samples.
 */
import type { Hono } from 'hono';
import { createReturnsProxy } from './index.ts';
import { rotationSecrets } from './session.ts';
import { parseOrigins } from './origins.ts';
import {
  MemoryRateLimitStore,
  resilientStore,
  type RateLimitStore,
  type StoreFailureMode,
} from './rate-limit.ts';
import { createDurableObjectStore, type RateLimitNamespace } from './durable-object-store.ts';

export { RateLimitCounter } from './durable-object-store.ts';

export interface ProxyEnv {
  REVER_API_URL?: string;
  REVER_API_KEY?: string;
  SESSION_SECRET?: string;
  /** During a rotation, the secret before SESSION_SECRET: verifies tokens, never signs one. */
  SESSION_SECRET_PREVIOUS?: string;
  ALLOWED_ORIGINS?: string;
  TRUST_PROXY_HEADER?: string;
  RATE_LIMITS?: RateLimitNamespace;
  RATE_LIMIT_STORE_FAILURE?: string;
}

/** What the worker decided from its bindings and first request, said once in its log. */
export interface WorkerChoice {
  /** Where the rate limits are counted, in words. */
  store: string;
  /** The header the client IP is read from, or undefined when there is none (shared bucket). */
  ipHeader: string | undefined;
}

const CLOUDFLARE_IP_HEADER = 'cf-connecting-ip';

function failureMode(env: ProxyEnv): StoreFailureMode {
  const mode = env.RATE_LIMIT_STORE_FAILURE ?? 'open';
  if (mode !== 'open' && mode !== 'closed') {
    throw new TypeError(
      `rever-returns proxy: RATE_LIMIT_STORE_FAILURE must be "open" or "closed", not "${mode}".`,
    );
  }
  return mode;
}

/** The rate-limit store the bindings call for: the Durable Object namespace, else memory. */
export function storeFromEnv(
  env: ProxyEnv,
  warn: (line: string) => void = (line) => console.warn(line),
): { store: RateLimitStore; description: string } {
  const onFailure = failureMode(env);
  if (!env.RATE_LIMITS) {
    return {
      store: new MemoryRateLimitStore(),
      description:
        "this isolate's memory (no RATE_LIMITS binding): each isolate limits on its own, so a client spread over isolates is counted less",
    };
  }
  return {
    store: resilientStore(createDurableObjectStore({ namespace: env.RATE_LIMITS }), {
      onFailure,
      warn,
    }),
    description: `the Durable Object namespace RATE_LIMITS, shared by every isolate (while it fails: ${onFailure})`,
  };
}

/**
 * Builds the proxy from the bindings; a missing one is a configuration error, said plainly.
 * `overrides` are what the entry decides beyond the bindings (the store, the IP header).
 */
export function proxyFromEnv(
  env: ProxyEnv,
  overrides: { rateLimitStore?: RateLimitStore; trustProxyHeader?: string } = {},
): Hono {
  const required = ['REVER_API_URL', 'REVER_API_KEY', 'SESSION_SECRET'] as const;
  const missing = required.filter((name) => !env[name]);
  if (missing.length) {
    throw new TypeError(`rever-returns proxy: set the ${missing.join(' and ')} binding(s).`);
  }
  const origins = parseOrigins(env.ALLOWED_ORIGINS);
  if (!origins.ok) throw new TypeError(`rever-returns proxy: ${origins.error}`);
  const rotation = rotationSecrets(env.SESSION_SECRET!, env.SESSION_SECRET_PREVIOUS);
  if (!rotation.ok) throw new TypeError(`rever-returns proxy: ${rotation.error}`);
  const trustProxyHeader = overrides.trustProxyHeader ?? env.TRUST_PROXY_HEADER;
  return createReturnsProxy({
    upstream: env.REVER_API_URL!,
    apiKey: env.REVER_API_KEY!,
    sessionSecret: rotation.secrets,
    allowedOrigins: origins.origins,
    ...(trustProxyHeader ? { trustProxyHeader } : {}),
    ...(overrides.rateLimitStore ? { rateLimitStore: overrides.rateLimitStore } : {}),
  });
}

/**
 * The worker for one set of bindings: one store shared by its handlers, and a handler per way
 * of reading the client IP. With `TRUST_PROXY_HEADER` set, that header; else, on a request that
 * carries Cloudflare's `cf` object (only Cloudflare's edge makes one; workerd does not, unless a
 * socket is given a `cfBlobHeader`), `cf-connecting-ip`, which Cloudflare always sets and a
 * client cannot; else none, and every client shares one per-IP count (said loudly, once).
 */
export function workerFromEnv(
  env: ProxyEnv,
  log: { info(line: string): void; warn(line: string): void; error(line: string): void } = console,
): { handlerFor(request: Request): Hono; choiceFor(request: Request): WorkerChoice } {
  const { store, description } = storeFromEnv(env, (line) => log.warn(line));
  const handlers = new Map<string | undefined, Hono>();
  const choiceFor = (request: Request): WorkerChoice => ({
    store: description,
    ipHeader:
      env.TRUST_PROXY_HEADER ||
      ((request as { cf?: unknown }).cf ? CLOUDFLARE_IP_HEADER : undefined),
  });
  // Built at once, so a configuration error is found before any request is served.
  handlers.set(env.TRUST_PROXY_HEADER || undefined, proxyFromEnv(env, { rateLimitStore: store }));
  let said = false;
  return {
    choiceFor,
    handlerFor(request) {
      const choice = choiceFor(request);
      if (!said) {
        said = true;
        log.info(`rever-returns proxy: rate limits counted in ${choice.store}.`);
        if (choice.ipHeader) {
          log.info(
            `rever-returns proxy: the client IP is read from the ${choice.ipHeader} header.`,
          );
        } else {
          log.error(
            'rever-returns proxy: WARNING: no trusted client-IP header (TRUST_PROXY_HEADER unset, ' +
              'no Cloudflare cf object): every shopper shares ONE per-IP rate limit, so a few ' +
              'wrong lookups by anyone lock out everyone. Set TRUST_PROXY_HEADER to the header ' +
              'your proxy in front writes the client IP to (README, "Deploying the proxy").',
          );
        }
      }
      let handler = handlers.get(choice.ipHeader);
      if (!handler) {
        handler = proxyFromEnv(env, {
          rateLimitStore: store,
          ...(choice.ipHeader ? { trustProxyHeader: choice.ipHeader } : {}),
        });
        handlers.set(choice.ipHeader, handler);
      }
      return handler;
    },
  };
}

// One worker per set of bindings: the runtime hands the same env object to every request.
const built = new WeakMap<object, ReturnType<typeof workerFromEnv>>();

export default {
  fetch(request: Request, env: ProxyEnv, ctx: unknown): Response | Promise<Response> {
    let worker = built.get(env);
    if (!worker) {
      try {
        worker = workerFromEnv(env);
      } catch (error) {
        // Logged for the operator; the shopper's widget gets the contract's error shape.
        console.error(error instanceof Error ? error.message : 'rever-returns proxy: bad config');
        return new Response(
          JSON.stringify({ error: { code: 'proxy_misconfigured', message: 'Proxy not set up.' } }),
          { status: 500, headers: { 'content-type': 'application/json' } },
        );
      }
      built.set(env, worker);
    }
    return worker.handlerFor(request).fetch(request, env, ctx as never);
  },
};
