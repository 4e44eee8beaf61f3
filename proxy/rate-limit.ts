/**
 * Rate limiting for the return-intent operation, the one a stranger can call without a session:
 * per client IP and per order number, in fixed windows. The counts live behind a small async
 * store, so several proxy instances can share one (a Redis store needs only `hit`); the default
 * keeps them in this instance's memory, and answers synchronously too (`hitNow`, `peekNow`), so a
 * request is counted without a promise.
 */

export interface RateLimitHit {
  /** Hits in the current window, this one included. */
  count: number;
  /** When the current window ends, Unix milliseconds. */
  resetAt: number;
}

/** Counts hits per key in fixed windows. Implementations must be safe under concurrent calls. */
export interface RateLimitStore {
  hit(key: string, windowMs: number): Promise<RateLimitHit>;
  /**
   * The key's current window without counting a hit, or undefined when it has none. Optional:
   * the proxy uses it to count only failed intents per order and email; a store without it has
   * every attempt counted there instead (stricter, still not a lever against the owner).
   */
  peek?(key: string): Promise<RateLimitHit | undefined>;
  /**
   * Optional synchronous forms of `hit` and `peek`, for a store that answers without I/O (the
   * in-memory one): the same counts and windows, handed over without a promise, so the proxy
   * counts a request without waiting a turn of the event loop. A store with `peekNow` has `peek`.
   */
  hitNow?(key: string, windowMs: number): RateLimitHit;
  peekNow?(key: string): RateLimitHit | undefined;
}

/** Seconds until a window ends, at least 1. */
export const secondsLeft = (resetAt: number, now = Date.now()) =>
  Math.max(1, Math.ceil((resetAt - now) / 1000));

export interface RateLimitRule {
  /** Hits allowed per window. */
  limit: number;
  windowMs: number;
}

/**
 * The in-memory store: a map of windows, with expired ones swept as it is used and a cap on how
 * many keys it holds, so a flood of distinct keys (spoofed IPs, made-up order numbers) cannot
 * grow it without bound. A live window is never dropped to make room: that would hand whoever
 * floods the store with new keys a fresh window for the order they are attacking. At the cap,
 * expired windows go first; when none has expired, a new key is refused (its hit answers a count
 * over any limit, until the earliest window ends), and keys already counted carry on.
 */
export class MemoryRateLimitStore implements RateLimitStore {
  readonly #windows = new Map<string, RateLimitHit>();
  readonly #maxKeys: number;
  readonly #now: () => number;
  #nextSweep = 0;
  /** When a full sweep at the cap may run again (at most one per second: each is O(keys)). */
  #nextFullSweepAtCap = 0;

  constructor(options: { maxKeys?: number; now?: () => number } = {}) {
    this.#maxKeys = options.maxKeys ?? 100_000;
    this.#now = options.now ?? Date.now;
  }

  /** How many windows are held (for tests and metrics). */
  get size(): number {
    return this.#windows.size;
  }

  /** The most windows it holds (`maxKeys`). */
  get maxKeys(): number {
    return this.#maxKeys;
  }

  /** The store's clock, Unix milliseconds: what its windows' `resetAt` are read against. */
  now(): number {
    return this.#now();
  }

  hit(key: string, windowMs: number): Promise<RateLimitHit> {
    return Promise.resolve(this.hitNow(key, windowMs));
  }

  peek(key: string): Promise<RateLimitHit | undefined> {
    return Promise.resolve(this.peekNow(key));
  }

  hitNow(key: string, windowMs: number): RateLimitHit {
    const now = this.#now();
    if (now >= this.#nextSweep) this.#sweep(now, windowMs);
    let window = this.#windows.get(key);
    if (!window || window.resetAt <= now) {
      // An ended window leaves, so that its renewal goes to the back (see #makeRoom).
      if (window) this.#windows.delete(key);
      if (this.#windows.size >= this.#maxKeys && !this.#makeRoom(now)) {
        return { count: Number.MAX_SAFE_INTEGER, resetAt: this.#earliest(now) };
      }
      window = { count: 0, resetAt: now + windowMs };
      this.#windows.set(key, window);
    }
    window.count++;
    return { count: window.count, resetAt: window.resetAt };
  }

  peekNow(key: string): RateLimitHit | undefined {
    const window = this.#windows.get(key);
    return window && window.resetAt > this.#now()
      ? { count: window.count, resetAt: window.resetAt }
      : undefined;
  }

  /** Frees a slot by dropping expired windows only; false when every window is live. */
  #makeRoom(now: number): boolean {
    // A Map iterates in insertion order, and a renewed window is re-inserted, so with one window
    // length the first keys end first: drop expired ones from the front, cheaply.
    for (const [key, window] of this.#windows) {
      if (window.resetAt > now) break;
      this.#windows.delete(key);
    }
    if (this.#windows.size < this.#maxKeys) return true;
    // Windows of other lengths may have ended behind a live one: look at all of them, but not
    // on every refused key (a flood at the cap would make each hit cost the whole map).
    if (now < this.#nextFullSweepAtCap) return false;
    this.#nextFullSweepAtCap = now + 1000;
    for (const [key, window] of this.#windows) {
      if (window.resetAt <= now) this.#windows.delete(key);
    }
    return this.#windows.size < this.#maxKeys;
  }

  /** When the first held window ends (a slot frees), at least a second from now. */
  #earliest(now: number): number {
    const first = this.#windows.values().next().value;
    return Math.max(now + 1000, first?.resetAt ?? 0);
  }

  #sweep(now: number, windowMs: number): void {
    for (const [key, window] of this.#windows) {
      if (window.resetAt <= now) this.#windows.delete(key);
    }
    this.#nextSweep = now + windowMs;
  }
}

/**
 * Hits every rule's key and answers how many seconds to wait when any is over its limit, else 0.
 * Every key is counted even when an earlier one is already over, so a client cannot spread its
 * attempts to dodge one of the limits.
 */
export async function checkLimits(
  store: RateLimitStore,
  hits: { key: string; rule: RateLimitRule }[],
  now = Date.now(),
): Promise<number> {
  const results = await Promise.all(hits.map(({ key, rule }) => store.hit(key, rule.windowMs)));
  let wait = 0;
  results.forEach((result, i) => {
    if (result.count > hits[i]!.rule.limit) wait = Math.max(wait, secondsLeft(result.resetAt, now));
  });
  return wait;
}

/** The shared store could not count (it is down or too slow); see `resilientStore`. */
export class RateLimitStoreUnavailable extends Error {
  override readonly name = 'RateLimitStoreUnavailable';
}

/**
 * What to do while a shared store fails:
 * - `open` keeps serving: each instance counts in its own memory meanwhile, so the limits still
 *   hold per instance (N instances allow up to N times the limit) until the store is back;
 * - `closed` refuses return intents (503 with Retry-After) until it is back; sessions already
 *   open go on, since only the intent is limited.
 */
export type StoreFailureMode = 'open' | 'closed';

export interface ResilientStoreOptions {
  onFailure: StoreFailureMode;
  /** Said once when the store starts failing and once when it is back. */
  warn?: (message: string) => void;
  /** The per-instance fallback for `open` (default: a MemoryRateLimitStore). */
  fallback?: RateLimitStore;
}

/** A shared store with the chosen behaviour while it fails; it never throws anything else. */
export function resilientStore(
  shared: RateLimitStore,
  options: ResilientStoreOptions,
): RateLimitStore {
  const fallback = options.fallback ?? new MemoryRateLimitStore();
  const warn = options.warn ?? ((message: string) => console.warn(message));
  let failing = false;
  const failed = () => {
    if (!failing) {
      failing = true;
      warn(
        options.onFailure === 'open'
          ? 'rever-returns proxy: the rate-limit store is failing; counting in this instance only until it is back (fail-open).'
          : 'rever-returns proxy: the rate-limit store is failing; refusing return intents until it is back (fail-closed).',
      );
    }
    if (options.onFailure === 'closed') throw new RateLimitStoreUnavailable();
  };
  const peek = shared.peek?.bind(shared);
  return {
    ...(peek
      ? {
          async peek(key: string) {
            try {
              return await peek(key);
            } catch {
              failed();
              return fallback.peek?.(key);
            }
          },
        }
      : {}),
    async hit(key, windowMs) {
      try {
        const result = await shared.hit(key, windowMs);
        if (failing) {
          failing = false;
          warn('rever-returns proxy: the rate-limit store is back; limits are shared again.');
        }
        return result;
      } catch {
        if (!failing) {
          failing = true;
          warn(
            options.onFailure === 'open'
              ? 'rever-returns proxy: the rate-limit store is failing; counting in this instance only until it is back (fail-open).'
              : 'rever-returns proxy: the rate-limit store is failing; refusing return intents until it is back (fail-closed).',
          );
        }
        if (options.onFailure === 'closed') throw new RateLimitStoreUnavailable();
        return fallback.hit(key, windowMs);
      }
    },
  };
}
