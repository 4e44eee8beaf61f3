/**
 * Rate limits on return intents (the one call that opens a session, and so the one to guess order
 * numbers with): per client IP and per order number, counted in the RateLimitStore. Over a limit
 * 429 with Retry-After; 503 while a fail-closed shared store is down. Other calls pass.
 */
import { createMiddleware } from 'hono/factory';
import { orderNumberOf } from '../../contract/validate.ts';
import { clientIp, fail } from '../http.ts';
import {
  checkLimits,
  RateLimitStoreUnavailable,
  type RateLimitRule,
  type RateLimitStore,
} from '../rate-limit.ts';
import type { ProxyEnv } from './env.ts';

export interface IntentLimitOptions {
  store: RateLimitStore;
  perIp: RateLimitRule;
  perOrder: RateLimitRule;
  /** See ReturnsProxyOptions.trustProxyHeader. */
  trustProxyHeader: string | undefined;
}

export function intentLimits({ store, perIp, perOrder, trustProxyHeader }: IntentLimitOptions) {
  return createMiddleware<ProxyEnv>(async (c, next) => {
    if (c.get('operation').id !== 'startReturnIntent') return next();
    let wait: number;
    try {
      wait = await checkLimits(store, [
        { key: `ip:${clientIp(c, trustProxyHeader)}`, rule: perIp },
        {
          key: `order:${orderNumberOf(c.get('body')).trim().toLowerCase()}`,
          rule: perOrder,
        },
      ]);
    } catch (error) {
      if (!(error instanceof RateLimitStoreUnavailable)) throw error;
      // Fail-closed while the shared store is down (see resilientStore).
      c.set('note', 'rate_limit_store_unavailable');
      const answer = fail(503, 'unavailable', 'Try again in a moment.');
      answer.headers.set('retry-after', '5');
      return answer;
    }
    if (wait) {
      c.set('note', 'rate_limited');
      const answer = fail(429, 'rate_limited', 'Too many attempts; try again later.');
      answer.headers.set('retry-after', String(wait));
      return answer;
    }
    await next();
  });
}
