/**
 * The proxy on the Workers runtime (Cloudflare Workers, or workerd on your own machines): the
 * same handler as on Node, configured from the runtime's bindings. Nothing Node-only is imported
 * here or by the handler.
 *
 * Bindings: `REVER_API_URL` (variable), `REVER_API_KEY` and `SESSION_SECRET` (secrets), during a
 * rotation `SESSION_SECRET_PREVIOUS` (secret: verifies, never signs),
 * `ALLOWED_ORIGINS` (variable, comma-separated exact origins), and optionally
 * `TRUST_PROXY_HEADER` (the header a proxy in front puts the client IP in; when unset,
 * `cf-connecting-ip` on Cloudflare's edge, the connection's address under workerd),
 * `RATE_LIMITS` (a Durable Object namespace of `RateLimitCounter`, exported here, so every
 * isolate counts against one limit) and
 * `RATE_LIMIT_STORE_FAILURE` (`open` or `closed`: what to do while that namespace fails) and
 * `SESSION_BUDGET` (calls per session, e.g. `read=2000,write=1500,confirm=20`, any subset). See
 * proxy/workerd/ for samples.
 */
import { createReturnsProxy, type ReturnsProxy } from './index.ts';
import { parseSessionBudget } from './middleware/session-budget.ts';
import { parseOrigins } from './origins.ts';
import { rotationSecrets } from './session.ts';
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
  /** Calls per session, per class: `read=2000,write=1500,confirm=20`, any subset. */
  SESSION_BUDGET?: string;
}

/** What the worker decided from its bindings and a request, said once in its log. */
export interface WorkerChoice {
  /** Where the rate limits are counted, in words. */
  store: string;
  /**
   * Where the client IP is read from: the header named (the operator's TRUST_PROXY_HEADER, or
   * `cf-connecting-ip` on Cloudflare's edge), `connection` (the address workerd reports), or
   * undefined when there is nothing to go by (every client shares one per-IP count).
   */
  ipSource: string | undefined;
}

const CLOUDFLARE_IP_HEADER = 'cf-connecting-ip';
/**
 * The header the worker itself writes the connection's address to (over anything a client sent
 * by that name), for the handler to read as its trusted header. Read only in `connection` mode.
 */
const CONNECTION_IP_HEADER = 'x-rever-connection-ip';

/**
 * What the runtime says about the request's origin. Cloudflare's edge gives every request a `cf`
 * object with its data centre (`colo`) and more, and sets `cf-connecting-ip`, which a client
 * cannot write there. workerd gives a `cf` object too, `{ clientIp: "addr:port" }` (the peer of
 * the connection), and passes a client's `cf-connecting-ip` through untouched: trusting that
 * header whenever `cf` exists let any client pick, and so dodge or pin, its per-IP count. (A
 * workerd socket with a `cfBlobHeader` takes `cf` from the client: never expose one.)
 */
function cfOf(request: Request): { colo?: unknown; clientIp?: unknown } | undefined {
  const cf = (request as { cf?: unknown }).cf;
  return typeof cf === 'object' && cf !== null ? cf : undefined;
}

/** The address of workerd's `cf.clientIp` ("192.0.2.1:5000", "[2001:db8::1]:5000"), or undefined. */
export function connectionAddress(clientIp: unknown): string | undefined {
  if (typeof clientIp !== 'string') return undefined;
  const v6 = /^\[([0-9a-fA-F:.]+)\](?::\d+)?$/.exec(clientIp);
  if (v6) return v6[1];
  const v4 = /^([0-9.]+)(?::\d+)?$/.exec(clientIp);
  if (v4) return v4[1];
  return /^[0-9a-fA-F:.]{2,64}$/.test(clientIp) ? clientIp : undefined;
}

function failureMode(env: ProxyEnv): StoreFailureMode {
  // Unset or empty (a workerd binding from an unset environment variable): open.
  const mode = env.RATE_LIMIT_STORE_FAILURE || 'open';
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
): ReturnsProxy {
  const required = ['REVER_API_URL', 'REVER_API_KEY', 'SESSION_SECRET'] as const;
  const missing = required.filter((name) => !env[name]);
  if (missing.length) {
    throw new TypeError(`rever-returns proxy: set the ${missing.join(' and ')} binding(s).`);
  }
  const origins = parseOrigins(env.ALLOWED_ORIGINS);
  if (!origins.ok) throw new TypeError(`rever-returns proxy: ${origins.error}`);
  const rotation = rotationSecrets(env.SESSION_SECRET!, env.SESSION_SECRET_PREVIOUS);
  if (!rotation.ok) throw new TypeError(`rever-returns proxy: ${rotation.error}`);
  const budget = parseSessionBudget(env.SESSION_BUDGET);
  if (!budget.ok) throw new TypeError(`rever-returns proxy: ${budget.error}`);
  const trustProxyHeader = overrides.trustProxyHeader ?? env.TRUST_PROXY_HEADER;
  return createReturnsProxy({
    upstream: env.REVER_API_URL!,
    apiKey: env.REVER_API_KEY!,
    sessionSecret: rotation.secrets,
    allowedOrigins: origins.origins,
    ...(trustProxyHeader ? { trustProxyHeader } : {}),
    ...(Object.keys(budget.budget).length ? { sessionBudget: budget.budget } : {}),
    ...(overrides.rateLimitStore ? { rateLimitStore: overrides.rateLimitStore } : {}),
  });
}

/**
 * The worker for one set of bindings: one store shared by its handlers, and a handler per way
 * of reading the client IP. With `TRUST_PROXY_HEADER` set, that header. Else, on Cloudflare's
 * edge (a `cf` object with its `colo`), `cf-connecting-ip`, which Cloudflare always sets and a
 * client cannot. Else, under workerd (a `cf` object with the connection's `clientIp`), that
 * address: right when clients connect to workerd itself, one shared count behind a proxy in front
 * (said at once, with what to set). Else nothing, and every client shares one per-IP count (said
 * loudly). Each is said once, at the first request that uses it.
 */
export function workerFromEnv(
  env: ProxyEnv,
  log: { info(line: string): void; warn(line: string): void; error(line: string): void } = console,
): {
  choiceFor(request: Request): WorkerChoice;
  fetch(request: Request, env?: unknown, ctx?: unknown): Response | Promise<Response>;
} {
  const { store, description } = storeFromEnv(env, (line) => log.warn(line));
  const handlers = new Map<string | undefined, ReturnsProxy>();
  const choiceFor = (request: Request): WorkerChoice => {
    let ipSource: string | undefined = env.TRUST_PROXY_HEADER || undefined;
    if (!ipSource) {
      const cf = cfOf(request);
      if (typeof cf?.colo === 'string' && cf.clientIp === undefined) {
        ipSource = CLOUDFLARE_IP_HEADER;
      } else if (connectionAddress(cf?.clientIp)) ipSource = 'connection';
    }
    return { store: description, ipSource };
  };
  const header = (source: string | undefined) =>
    source === 'connection' ? CONNECTION_IP_HEADER : source;
  // Built at once, so a configuration error is found before any request is served.
  handlers.set(env.TRUST_PROXY_HEADER || undefined, proxyFromEnv(env, { rateLimitStore: store }));
  let storeSaid = false;
  const said = new Set<string | undefined>();
  const say = (source: string | undefined) => {
    if (said.has(source)) return;
    said.add(source);
    if (source === 'connection') {
      log.warn(
        "rever-returns proxy: the client IP is the connection's address (workerd's cf.clientIp). " +
          'Behind a proxy or load balancer in front, that is its address, and every shopper ' +
          'shares ONE per-IP rate limit: set TRUST_PROXY_HEADER to the header it writes the ' +
          'client IP to (README, "Deploying the proxy").',
      );
    } else if (source) {
      log.info(`rever-returns proxy: the client IP is read from the ${source} header.`);
    } else {
      log.error(
        'rever-returns proxy: WARNING: no trusted client-IP header (TRUST_PROXY_HEADER unset, ' +
          'no Cloudflare cf object, no connection address): every shopper shares ONE per-IP ' +
          'rate limit, so a few wrong lookups by anyone lock out everyone. Set ' +
          'TRUST_PROXY_HEADER to the header your proxy in front writes the client IP to ' +
          '(README, "Deploying the proxy").',
      );
    }
  };
  const handlerFor = (choice: WorkerChoice): ReturnsProxy => {
    if (!storeSaid) {
      storeSaid = true;
      log.info(`rever-returns proxy: rate limits counted in ${choice.store}.`);
    }
    say(choice.ipSource);
    const trustProxyHeader = header(choice.ipSource);
    let handler = handlers.get(trustProxyHeader);
    if (!handler) {
      handler = proxyFromEnv(env, {
        rateLimitStore: store,
        ...(trustProxyHeader ? { trustProxyHeader } : {}),
      });
      handlers.set(trustProxyHeader, handler);
    }
    return handler;
  };
  return {
    choiceFor,
    fetch(request, runtimeEnv, ctx) {
      const choice = choiceFor(request);
      return handlerFor(choice).fetch(
        withConnectionAddress(request, choice),
        runtimeEnv,
        ctx as never,
      );
    },
  };
}

/**
 * The request the handler sees: as it came, or, when the client IP is the connection's address,
 * with that address in the worker's own header (replacing any value a client sent by that name).
 */
export function withConnectionAddress(request: Request, choice: WorkerChoice): Request {
  if (choice.ipSource !== 'connection') return request;
  const headers = new Headers(request.headers);
  headers.set(CONNECTION_IP_HEADER, connectionAddress(cfOf(request)?.clientIp)!);
  return new Request(request, { headers });
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
    return worker.fetch(request, env, ctx);
  },
};
