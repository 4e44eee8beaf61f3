/**
 * A budget per session: one return intent must not buy unlimited calls with the merchant's key.
 * Calls under a session are counted per return and per class of operation (reads, writes, the
 * confirmation) in the same RateLimitStore as the intent limits (so Redis or the Durable Object
 * shares it), over one window of the session's length; over a budget, 429 with Retry-After.
 * The defaults are far above a real shopper's 250-line return (about 250 adds, 250 refund
 * choices, 250 exchange lookups and a few lists) and within reach of a script in seconds.
 * While a fail-closed shared store is down the calls go on: sessions already open are served.
 */
import { createMiddleware } from 'hono/factory';
import { fail } from '../http.ts';
import { checkLimits, type RateLimitRule, type RateLimitStore } from '../rate-limit.ts';
import type { ProxyEnv } from './env.ts';

export type OperationClass = 'read' | 'write' | 'confirm';

/** Calls allowed per session window, per class. */
export const DEFAULT_SESSION_BUDGET: Record<OperationClass, number> = {
  read: 2000,
  write: 1500,
  confirm: 20,
};

export interface SessionBudgetOptions {
  store: RateLimitStore;
  budget: Record<OperationClass, number>;
  /** The window, in milliseconds: the session's length. */
  windowMs: number;
}

export function sessionBudget({ store, budget, windowMs }: SessionBudgetOptions) {
  return createMiddleware<ProxyEnv>(async (c, next) => {
    const session = c.get('session');
    if (!session) return next();
    const { id, method } = { id: c.get('operation').id, method: c.req.method };
    const kind: OperationClass =
      id === 'confirmReturn' ? 'confirm' : method === 'GET' ? 'read' : 'write';
    const rule: RateLimitRule = { limit: budget[kind], windowMs };
    let wait = 0;
    try {
      wait = await checkLimits(store, [{ key: `session:${session.returnId}:${kind}`, rule }]);
    } catch {
      /* the store failing never stops a session already open */
    }
    if (wait) {
      c.set('note', `session_budget_${kind}`);
      const answer = fail(429, 'rate_limited', 'Too many calls in this session; try again later.');
      answer.headers.set('retry-after', String(wait));
      return answer;
    }
    await next();
  });
}
