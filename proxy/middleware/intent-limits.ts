/**
 * Rate limits on return intents (the one call that opens a session, and so the one to guess order
 * numbers with), counted in the RateLimitStore so that a stranger cannot use them to lock the
 * owner out of their return:
 * - per client IP (IPv6 per /64): every attempt counts; this stops enumeration of order numbers;
 * - per order number *and* email (a SHA-256 of the email, never the email itself): only failed
 *   attempts count (REVER's own 4xx), so a stranger guessing emails for an order fills their own
 *   counters and never the owner's, and an owner who reloads is never limited by their successes.
 * A request refused by one limit is never counted by another: the order-and-email window is read
 * first (without counting), then the IP is counted, then the failure. Over a limit 429 with
 * Retry-After; 503 while a fail-closed shared store is down. Other calls pass.
 */
import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import { clientIp, fail } from '../http.ts';
import {
  checkLimits,
  RateLimitStoreUnavailable,
  type RateLimitRule,
  type RateLimitStore,
} from '../rate-limit.ts';
import type { ProxyEnv } from './env.ts';

/** The part of node:crypto the key uses. */
interface NodeCrypto {
  createHash(algorithm: 'sha256'): {
    update(data: Uint8Array): { digest(): Uint8Array };
  };
}

export interface IntentLimitOptions {
  store: RateLimitStore;
  perIp: RateLimitRule;
  /** Failed intents per order number and email. */
  perOrder: RateLimitRule;
  /** See ReturnsProxyOptions.trustProxyHeader. */
  trustProxyHeader: string | undefined;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * Node's synchronous SHA-256 where the runtime offers it (Node; workerd with nodejs_compat):
 * WebCrypto's digest is a round trip through Node's thread pool, 35–45 µs of an intent's CPU.
 * Elsewhere, WebCrypto.
 */
const nodeCrypto = (
  globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }
).process?.getBuiltinModule?.('node:crypto') as NodeCrypto | undefined;

async function sha256(text: string): Promise<Uint8Array> {
  const data = encoder.encode(text);
  if (nodeCrypto?.createHash) return nodeCrypto.createHash('sha256').update(data).digest();
  return new Uint8Array(await crypto.subtle.digest('SHA-256', data));
}

/**
 * The limit key of an intent's order and email: the order number as counted (trimmed, lower
 * case) and the first 128 bits of SHA-256 over the trimmed, lower-cased email, in hex.
 */
export async function orderEmailKey(body: Uint8Array): Promise<string> {
  const { email, order_number } = JSON.parse(decoder.decode(body)) as {
    email: string;
    order_number: string;
  };
  const digest = await sha256(`rever-returns:${email.trim().toLowerCase()}`);
  const hex = Array.from(digest.subarray(0, 16), (b) => b.toString(16).padStart(2, '0'));
  return `order:${order_number.trim().toLowerCase()}:${hex.join('')}`;
}

/** Seconds until a window ends, at least 1. */
const secondsLeft = (resetAt: number) => Math.max(1, Math.ceil((resetAt - Date.now()) / 1000));

function limited(c: Context<ProxyEnv>, wait: number): Response {
  c.set('note', 'rate_limited');
  const answer = fail(429, 'rate_limited', 'Too many attempts; try again later.');
  answer.headers.set('retry-after', String(wait));
  return answer;
}

export function intentLimits({ store, perIp, perOrder, trustProxyHeader }: IntentLimitOptions) {
  return createMiddleware<ProxyEnv>(async (c, next) => {
    if (c.get('operation').id !== 'startReturnIntent') return next();
    const orderKey = await orderEmailKey(c.get('body'));
    try {
      if (store.peek) {
        const failures = await store.peek(orderKey);
        if (failures && failures.count >= perOrder.limit) {
          return limited(c, secondsLeft(failures.resetAt));
        }
        const wait = await checkLimits(store, [
          { key: `ip:${clientIp(c, trustProxyHeader)}`, rule: perIp },
        ]);
        if (wait) return limited(c, wait);
      } else {
        // A store that cannot read without counting: every attempt counts per order and email
        // (still keyed by the email, so still no lever against the owner).
        const wait = await checkLimits(store, [
          { key: `ip:${clientIp(c, trustProxyHeader)}`, rule: perIp },
        ]);
        if (wait) return limited(c, wait);
        const failures = await checkLimits(store, [{ key: orderKey, rule: perOrder }]);
        if (failures) return limited(c, failures);
      }
    } catch (error) {
      if (!(error instanceof RateLimitStoreUnavailable)) throw error;
      // Fail-closed while the shared store is down (see resilientStore).
      c.set('note', 'rate_limit_store_unavailable');
      const answer = fail(503, 'unavailable', 'Try again in a moment.');
      answer.headers.set('retry-after', '5');
      return answer;
    }
    await next();
    // A failure is REVER's own refusal of the order and email (its answer passed on, a 4xx):
    // neither the proxy's refusals nor REVER being down count against the shopper.
    const failed =
      c.get('upstreamPayload') !== undefined && c.res.status >= 400 && c.res.status < 500;
    if (store.peek && failed) {
      try {
        await store.hit(orderKey, perOrder.windowMs);
      } catch {
        /* a store failing now was already handled by the next intent's check */
      }
    }
  });
}
