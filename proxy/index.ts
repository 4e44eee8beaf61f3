/**
 * The reference proxy: the only door between a shopper's browser and REVER. It forwards the
 * contract's operations and nothing else, adds REVER's secret key on the way out, and never lets
 * the key (or REVER's cookies) back to the browser. A web-standard fetch handler built on Hono, so
 * the same code runs on Node (see node.ts) and on edge runtimes: nothing here imports `node:`.
 *
 * Each concern is one middleware in `middleware/`, in the order a request meets them; they hand
 * each other what they found through `c.set`/`c.get` (typed in middleware/env.ts).
 */
import { Hono } from 'hono';
import { createMiddleware } from 'hono/factory';
import { fail } from './http.ts';
import type { ProxyEnv } from './middleware/env.ts';
import { forward } from './middleware/forward.ts';
import { answerHeaders } from './middleware/headers.ts';
import { intentLimits } from './middleware/intent-limits.ts';
import { logRequests } from './middleware/log.ts';
import { matchContract } from './middleware/match-contract.ts';
import { originGuard, originPolicy } from './middleware/origin-guard.ts';
import { preflight } from './middleware/preflight.ts';
import { requestChecks } from './middleware/request-checks.ts';
import { sessionGuard } from './middleware/session-guard.ts';
import { DEFAULT_SESSION_BUDGET, sessionBudget } from './middleware/session-budget.ts';
import { checkOptions, DEFAULTS, sessionSecrets, type ReturnsProxyOptions } from './options.ts';
import { MemoryRateLimitStore } from './rate-limit.ts';
import { createSessionSigner } from './session.ts';
import { upstreamCalls } from './upstream.ts';

export {
  MemoryRateLimitStore,
  resilientStore,
  type RateLimitRule,
  type RateLimitStore,
  type StoreFailureMode,
} from './rate-limit.ts';
export { createSessionSigner, type SessionClaims } from './session.ts';
export type { OriginPolicy, ReturnsProxyOptions } from './options.ts';
export type { ProxyEnv, ProxyVariables } from './middleware/env.ts';
export { splitTarget } from './http.ts';

/** The benchmark's stand-in for the request checks (see createReturnsProxy): no body, unread. */
const noBody = createMiddleware<ProxyEnv>(async (c, next) => {
  c.set('body', new Uint8Array(new ArrayBuffer(0)));
  await next();
});

/** A built proxy: a Hono app over the proxy's typed per-request variables. */
export type ReturnsProxy = Hono<ProxyEnv>;

/**
 * Builds the proxy: a Hono app whose `fetch` is a web-standard request handler.
 *
 * `internal.withoutLimits` is for the benchmark only (`scripts/bench/serve.ts`), to weigh what the
 * limits cost: it leaves out the session budget, the intent limits and the request checks (and
 * so forwards no body). Never deploy a proxy built with it.
 * @internal The second argument.
 */
export function createReturnsProxy(
  options: ReturnsProxyOptions,
  internal: { withoutLimits?: boolean } = {},
): ReturnsProxy {
  checkOptions(options);
  const isAllowed = originPolicy(options.allowedOrigins);
  const signer = createSessionSigner(
    sessionSecrets(options),
    options.sessionTtlSeconds ?? DEFAULTS.sessionTtlSeconds,
  );

  const store = options.rateLimitStore ?? new MemoryRateLimitStore();
  const app = new Hono<ProxyEnv>();
  app.use('*', logRequests(options.logger, options.apiKey));
  app.use('*', answerHeaders(isAllowed));
  app.onError((error, c) => {
    c.set('note', `internal_error ${error.name}`);
    return fail(500, 'internal_error', 'The proxy failed to handle the request.');
  });
  app.options('*', preflight(isAllowed));
  app.all(
    '*',
    matchContract(),
    originGuard(isAllowed),
    sessionGuard(signer, {
      confirmedTtlSeconds:
        options.confirmedSessionTtlSeconds ?? DEFAULTS.confirmedSessionTtlSeconds,
    }),
    ...(internal.withoutLimits
      ? [noBody]
      : [
          sessionBudget({
            store,
            budget: { ...DEFAULT_SESSION_BUDGET, ...options.sessionBudget },
            windowMs: (options.sessionTtlSeconds ?? DEFAULTS.sessionTtlSeconds) * 1000,
          }),
          requestChecks({ maxBodyBytes: options.maxBodyBytes ?? DEFAULTS.maxBodyBytes }),
          intentLimits({
            store,
            perIp: options.intentLimits?.perIp ?? DEFAULTS.intentLimits.perIp,
            perOrder: options.intentLimits?.perOrder ?? DEFAULTS.intentLimits.perOrder,
            trustProxyHeader: options.trustProxyHeader,
          }),
        ]),
    forward({
      upstream: options.upstream.replace(/\/+$/, ''),
      apiKey: options.apiKey,
      timeoutMs: options.timeoutMs ?? DEFAULTS.timeoutMs,
      maxResponseBytes: options.maxResponseBytes ?? DEFAULTS.maxResponseBytes,
      call: upstreamCalls(options.fetch),
    }),
  );
  return app;
}
