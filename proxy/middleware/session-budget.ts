/**
 * A budget per session: one return intent must not buy unlimited calls with the merchant's key.
 * Calls under a session are counted per return and per class of operation (reads, writes, the
 * confirmation) in the same RateLimitStore as the intent limits (so Redis or the Durable Object
 * shares it), over one window of the session's length; over a budget, 429 with Retry-After.
 * The defaults are far above a real shopper's 250-line return (about 250 adds, 250 refund
 * choices, 250 exchange lookups and a few lists) and within reach of a script in seconds.
 * While a fail-closed shared store is down the calls go on: sessions already open are served.
 */
import type { Context, Next } from 'hono';
import { createMiddleware } from 'hono/factory';
import { fail } from '../http.ts';
import { secondsLeft, type RateLimitHit, type RateLimitStore } from '../rate-limit.ts';
import type { ProxyEnv } from './env.ts';

export type OperationClass = 'read' | 'write' | 'confirm';

/** Calls allowed per session window, per class. */
export const DEFAULT_SESSION_BUDGET: Record<OperationClass, number> = {
  read: 2000,
  write: 1500,
  confirm: 20,
};

export type ParsedSessionBudget =
  { ok: true; budget: Partial<Record<OperationClass, number>> } | { ok: false; error: string };

/**
 * SESSION_BUDGET, read the same way by every entry (Node's configFromEnv and the Worker's
 * bindings): `read=2000,write=1500,confirm=20`, any subset, each a positive whole number; what is
 * left out keeps its default. Unset or empty: every default. Anything else (an unknown class, a
 * number that is not a positive integer, a class named twice) is a configuration error.
 */
export function parseSessionBudget(value: string | undefined): ParsedSessionBudget {
  const budget: Partial<Record<OperationClass, number>> = {};
  const parts = (value ?? '')
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
  const wrong = (why: string): ParsedSessionBudget => ({
    ok: false,
    error:
      `SESSION_BUDGET ${why}. Write class=calls pairs, comma-separated, any of read, write and ` +
      'confirm, each a positive whole number, e.g. read=2000,write=1500,confirm=20.',
  });
  for (const part of parts) {
    const match = /^([a-z]+)\s*=\s*(\d+)$/i.exec(part);
    if (!match) return wrong(`holds "${part}", which is not class=calls`);
    const kind = match[1]!.toLowerCase();
    if (kind !== 'read' && kind !== 'write' && kind !== 'confirm') {
      return wrong(`names "${match[1]!}", which is not read, write or confirm`);
    }
    if (budget[kind] !== undefined) return wrong(`names ${kind} twice`);
    const calls = Number(match[2]);
    if (!Number.isSafeInteger(calls) || calls < 1) {
      return wrong(`gives ${kind} ${match[2]!} calls, not a positive whole number`);
    }
    budget[kind] = calls;
  }
  return { ok: true, budget };
}

export interface SessionBudgetOptions {
  store: RateLimitStore;
  budget: Record<OperationClass, number>;
  /** The window, in milliseconds: the session's length. */
  windowMs: number;
}

export function sessionBudget({ store, budget, windowMs }: SessionBudgetOptions) {
  /** Over the budget: the 429 to answer, else undefined (go on). */
  const verdict = (c: Context<ProxyEnv>, kind: OperationClass, hit: RateLimitHit | undefined) => {
    if (!hit || hit.count <= budget[kind]) return undefined;
    c.set('note', `session_budget_${kind}`);
    const answer = fail(429, 'rate_limited', 'Too many calls in this session; try again later.');
    answer.headers.set('retry-after', String(secondsLeft(hit.resetAt)));
    return answer;
  };
  /** Counted through the store's promise (a shared store). */
  const counted = async (c: Context<ProxyEnv>, next: Next, kind: OperationClass, key: string) => {
    let hit: RateLimitHit | undefined;
    try {
      hit = await store.hit(key, windowMs);
    } catch {
      /* the store failing never stops a session already open */
    }
    return verdict(c, kind, hit) ?? next();
  };
  // Not an async function: a call passes on (or is counted in the in-memory store) with no
  // promise of its own and no await, the cost a layer adds to every call under a session.
  return createMiddleware<ProxyEnv>((c, next) => {
    const session = c.get('session');
    if (!session) return next();
    const kind: OperationClass =
      c.get('operation').id === 'confirmReturn'
        ? 'confirm'
        : c.req.method === 'GET'
          ? 'read'
          : 'write';
    const key = `session:${session.returnId}:${kind}`;
    if (!store.hitNow) return counted(c, next, kind, key);
    let hit: RateLimitHit | undefined;
    try {
      hit = store.hitNow(key, windowMs);
    } catch {
      /* the store failing never stops a session already open */
    }
    const refused = verdict(c, kind, hit);
    return refused ? Promise.resolve(refused) : next();
  });
}
