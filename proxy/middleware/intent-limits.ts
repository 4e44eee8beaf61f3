/**
 * Rate limits on return intents (the one call that opens a session, and so the one to guess order
 * numbers with), counted in the RateLimitStore so that a stranger cannot use them to lock the
 * owner out of their return:
 * - per client IP (IPv6 per /64): every attempt counts; this stops enumeration of order numbers;
 * - per order number *and* email (a SHA-256 of the email, never the email itself): only failed
 *   attempts count (REVER's own 4xx), so a stranger guessing emails for an order fills their own
 *   counters and never the owner's, and an owner who reloads is never limited by their successes.
 * A request refused by one limit is never counted by another: the order-and-email window is read
 * first (without counting; with the in-memory store, only for an order that has one, see
 * OrdersWithFailures), then the IP is counted, then the failure. Over a limit 429 with
 * Retry-After; 503 while a fail-closed shared store is down. Other calls pass.
 */
import type { Context, Next } from 'hono';
import { createMiddleware } from 'hono/factory';
import { clientIp, fail } from '../http.ts';
import {
  MemoryRateLimitStore,
  RateLimitStoreUnavailable,
  secondsLeft,
  type RateLimitRule,
  type RateLimitStore,
} from '../rate-limit.ts';
import type { ProxyEnv } from './env.ts';

/** The part of node:crypto the key uses (`hash`, the one-shot form, from Node 20.12 and 21.7). */
export interface NodeCrypto {
  hash?(algorithm: 'sha256', data: string, outputEncoding: 'hex'): string;
  createHash(algorithm: 'sha256'): {
    update(data: string, inputEncoding: 'utf8'): { digest(outputEncoding: 'hex'): string };
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

/** A return intent's body, as requestChecks checked it. */
interface IntentBody {
  email: string;
  order_number: string;
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

/**
 * The first 128 bits of SHA-256 over the UTF-8 of `text`, in hex: synchronous with node:crypto
 * (its one-shot `hash` where it has one: no Hash object), a promise with WebCrypto.
 */
function sha256Hex128(text: string, node: NodeCrypto | undefined): string | Promise<string> {
  if (node?.hash) return node.hash('sha256', text, 'hex').slice(0, 32);
  if (node?.createHash)
    return node.createHash('sha256').update(text, 'utf8').digest('hex').slice(0, 32);
  return crypto.subtle
    .digest('SHA-256', encoder.encode(text))
    .then((digest) =>
      Array.from(new Uint8Array(digest, 0, 16), (b) => b.toString(16).padStart(2, '0')).join(''),
    );
}

/** An order number as the limits count it: trimmed, in lower case. */
const countedOrder = (orderNumber: string) => orderNumber.trim().toLowerCase();

/**
 * The limit key of an intent's order and email: the order number as counted (trimmed, lower
 * case) and the first 128 bits of SHA-256 over the trimmed, lower-cased email, in hex. A string
 * at once where node:crypto is there, else a promise of the same key.
 * @internal `node`: which node:crypto to hash with (tests hold every path to one key).
 */
export function intentKey(
  email: string,
  orderNumber: string,
  node: NodeCrypto | undefined = nodeCrypto,
): string | Promise<string> {
  const order = `order:${countedOrder(orderNumber)}:`;
  const hex = sha256Hex128(`rever-returns:${email.trim().toLowerCase()}`, node);
  return typeof hex === 'string' ? order + hex : hex.then((digest) => order + digest);
}

/** The limit key of an intent's body (see intentKey). */
export async function orderEmailKey(body: Uint8Array): Promise<string> {
  const { email, order_number } = JSON.parse(decoder.decode(body)) as IntentBody;
  return intentKey(email, order_number);
}

/**
 * The orders with an order-and-email window in an in-memory store, each with the end of its
 * latest (on the store's clock). While an order has none, an intent for it needs neither the
 * email's hash nor a read of that window, about 3 µs of an intent's 7 (`scripts/bench/limits.ts`),
 * and nearly every intent is for such an order: only REVER's refusals open one.
 * Safe because every window the limits open or count is noted here at once, with its end as the
 * store answered it, in the same synchronous step: an order is never taken for clean while one of
 * its windows is live. Only the order number is kept (the store's own keys hold it too). Bounded
 * like the store: ended entries leave as they are read and in a sweep when it is full; past
 * `maxKeys` entries it keeps none and answers "maybe" for every order until each window opened
 * meanwhile has ended, rather than forget a live one.
 * @internal exported for its tests.
 */
export class OrdersWithFailures {
  readonly #ends = new Map<string, number>();
  readonly #store: MemoryRateLimitStore;
  /** Until when every order must be taken as maybe having a window (after the index overflowed). */
  #unsureUntil = 0;
  #nextSweep = 0;

  constructor(store: MemoryRateLimitStore) {
    this.#store = store;
  }

  /** Whether `order` may have a live window (if not, its intents skip the hash and the read). */
  mayHave(order: string): boolean {
    const now = this.#store.now();
    if (now < this.#unsureUntil) return true;
    const end = this.#ends.get(order);
    if (end === undefined) return false;
    if (end > now) return true;
    this.#ends.delete(order);
    return false;
  }

  /** A window of `order` was opened or counted, ending at `end` (its `resetAt`). */
  noted(order: string, end: number): void {
    const now = this.#store.now();
    if (this.#ends.size >= this.#store.maxKeys && !this.#ends.has(order)) {
      if (now >= this.#nextSweep) {
        this.#nextSweep = now + 1000;
        for (const [key, until] of this.#ends) if (until <= now) this.#ends.delete(key);
      }
      if (this.#ends.size >= this.#store.maxKeys) {
        this.#unsureUntil = Math.max(this.#unsureUntil, end);
        return;
      }
    }
    if (end > (this.#ends.get(order) ?? 0)) this.#ends.set(order, end);
  }
}

/** One index per in-memory store, shared by every proxy counting in it. */
const indexes = new WeakMap<MemoryRateLimitStore, OrdersWithFailures>();
function ordersWithFailures(store: RateLimitStore): OrdersWithFailures | undefined {
  if (!(store instanceof MemoryRateLimitStore)) return undefined;
  let index = indexes.get(store);
  if (!index) indexes.set(store, (index = new OrdersWithFailures(store)));
  return index;
}

function limited(c: Context<ProxyEnv>, wait: number): Response {
  c.set('note', 'rate_limited');
  const answer = fail(429, 'rate_limited', 'Too many attempts; try again later.');
  answer.headers.set('retry-after', String(wait));
  return answer;
}

/** Over a limit: the seconds to wait, else 0. */
const over = (hit: { count: number; resetAt: number }, rule: RateLimitRule) =>
  hit.count > rule.limit ? secondsLeft(hit.resetAt) : 0;

/**
 * The limits, counted through the store's synchronous forms when it has them (the in-memory
 * store: no promise, no turn of the event loop) and its promises otherwise: one order of checks
 * and counts for every store.
 */
export function intentLimits({ store, perIp, perOrder, trustProxyHeader }: IntentLimitOptions) {
  const failedOrders = ordersWithFailures(store);
  const limit = async (c: Context<ProxyEnv>, next: Next): Promise<Response | void> => {
    // What requestChecks checked, parsed once there (or the canonical body, parsed here).
    const intent = (c.get('bodyValue') ?? JSON.parse(decoder.decode(c.get('body')))) as IntentBody;
    const order = countedOrder(intent.order_number);
    // The order-and-email key (the email's hash), unless the order has no window to read.
    let orderKey: string | undefined;
    if (!failedOrders || failedOrders.mayHave(order)) {
      const key = intentKey(intent.email, intent.order_number);
      orderKey = typeof key === 'string' ? key : await key;
    }
    const ipKey = `ip:${clientIp(c, trustProxyHeader)}`;
    try {
      if (store.peek) {
        if (orderKey !== undefined) {
          const failures = store.peekNow ? store.peekNow(orderKey) : await store.peek(orderKey);
          if (failures && failures.count >= perOrder.limit) {
            return limited(c, secondsLeft(failures.resetAt));
          }
        }
        const ip = store.hitNow
          ? store.hitNow(ipKey, perIp.windowMs)
          : await store.hit(ipKey, perIp.windowMs);
        const wait = over(ip, perIp);
        if (wait) return limited(c, wait);
      } else {
        // A store that cannot read without counting: every attempt counts per order and email
        // (still keyed by the email, so still no lever against the owner).
        const ip = store.hitNow
          ? store.hitNow(ipKey, perIp.windowMs)
          : await store.hit(ipKey, perIp.windowMs);
        const wait = over(ip, perIp);
        if (wait) return limited(c, wait);
        const key = orderKey ?? (await intentKey(intent.email, intent.order_number));
        const counted = store.hitNow
          ? store.hitNow(key, perOrder.windowMs)
          : await store.hit(key, perOrder.windowMs);
        const failures = over(counted, perOrder);
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
        const key = orderKey ?? (await intentKey(intent.email, intent.order_number));
        if (store.hitNow) {
          // Counted and noted in one synchronous step (see OrdersWithFailures).
          const counted = store.hitNow(key, perOrder.windowMs);
          failedOrders?.noted(order, counted.resetAt);
        } else await store.hit(key, perOrder.windowMs);
      } catch {
        /* a store failing now was already handled by the next intent's check */
      }
    }
  };
  // Every other call passes on with no promise or await of this layer's own.
  return createMiddleware<ProxyEnv>((c, next) =>
    c.get('operation').id === 'startReturnIntent' ? limit(c, next) : next(),
  );
}
