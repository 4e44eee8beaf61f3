/**
 * A rate-limit store on a Cloudflare Durable Object, so that every isolate and location of a
 * Workers deployment counts against one limit (what Redis does for Node instances). Runs on the
 * Workers runtime only (Cloudflare, or workerd): it needs a Durable Object namespace binding.
 *
 * One object per limit key by default (or per shard of keys, with `shards`): a Durable Object
 * handles one event at a time, so a hit (read the window, count, write it back) is atomic without
 * any lock. Windows are kept in the object's storage, so an object evicted while idle (workerd and
 * Cloudflare evict after seconds) does not forget a live window and hand an attacker a fresh one;
 * an alarm at the earliest window end deletes what has expired, so nothing outlives its window.
 *
 * Written against the classic `fetch` interface of Durable Objects (no `cloudflare:workers`
 * import, no RPC), so it bundles for any compatibility date and runs under Node's tests with a
 * fake namespace. A call that fails or takes too long throws; `resilientStore` then applies the
 * configured fail-open or fail-closed choice, as it does for Redis.
 */
import type { RateLimitHit, RateLimitStore } from './rate-limit.ts';

/** What the proxy needs of a Durable Object namespace binding (a subset of Cloudflare's type). */
export interface RateLimitNamespace {
  idFromName(name: string): unknown;
  get(id: never): { fetch(input: string, init?: RequestInit): Promise<Response> };
}

/** What the object needs of its `state.storage` (a subset of Cloudflare's DurableObjectStorage). */
export interface RateLimitObjectStorage {
  get<T>(key: string): Promise<T | undefined>;
  put<T>(key: string, value: T): Promise<void>;
  delete(keys: string[]): Promise<number>;
  list<T>(): Promise<Map<string, T>>;
  getAlarm(): Promise<number | null>;
  setAlarm(time: number): Promise<void>;
}

export interface DurableObjectStoreOptions {
  namespace: RateLimitNamespace;
  /**
   * Spread the keys over this many objects instead of one object per key: fewer objects to
   * create, at the price of every key of a shard waiting on one object. Default: one per key.
   */
  shards?: number;
  /** A hit that takes longer fails (and the proxy applies its fail-open/closed choice). */
  timeoutMs?: number;
}

/** The longest key accepted (the proxy's keys are a prefix and an IP, order number or hash). */
const MAX_KEY = 512;
/** The object's routes; the host is a placeholder (a stub's fetch needs an absolute URL). */
const HIT_URL = 'https://rate-limit.invalid/hit';
const PEEK_URL = 'https://rate-limit.invalid/peek';

/** FNV-1a: a stable, well-spread shard for a key (no crypto needed, nothing secret in it). */
function shardOf(key: string, shards: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % shards;
}

/** The Durable Object store: a RateLimitStore that can also read a window without counting. */
export interface DurableObjectRateLimitStore extends RateLimitStore {
  /** The key's live window, without counting a hit; undefined when it has none. */
  peek(key: string): Promise<RateLimitHit | undefined>;
}

const validWindow = (body: Partial<RateLimitHit> | null): body is RateLimitHit =>
  body !== null &&
  Number.isSafeInteger(body.count) &&
  body.count! >= 1 &&
  Number.isFinite(body.resetAt);

/** The store the proxy counts in: each call asks the key's object, and throws when it cannot. */
export function createDurableObjectStore(
  options: DurableObjectStoreOptions,
): DurableObjectRateLimitStore {
  const { namespace } = options;
  const shards = options.shards;
  if (shards !== undefined && !(Number.isInteger(shards) && shards > 0)) {
    throw new TypeError('createDurableObjectStore: shards must be a positive integer');
  }
  const timeoutMs = options.timeoutMs ?? 1000;
  /** Posts `input` to the key's object; its JSON answer, or a throw (failure, late, not ok). */
  async function ask(url: string, key: string, input: object): Promise<unknown> {
    const name = shards === undefined ? key : `shard:${shardOf(key, shards)}`;
    // A fresh stub per call: a stub that saw an error can stay broken, and getting one is cheap.
    const stub = namespace.get(namespace.idFromName(name) as never);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error('the rate-limit object did not answer in time')),
        timeoutMs,
      );
    });
    try {
      const answer = await Promise.race([
        stub.fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(input),
        }),
        late,
      ]);
      const body: unknown = await Promise.race([answer.json(), late]);
      if (!answer.ok) throw new Error(`the rate-limit object answered ${answer.status}`);
      return body;
    } finally {
      clearTimeout(timer);
    }
  }
  return {
    async hit(key, windowMs) {
      const body = (await ask(HIT_URL, key, { key, windowMs })) as Partial<RateLimitHit> | null;
      if (!validWindow(body)) throw new Error('the rate-limit object answered 200 without a count');
      return { count: body.count, resetAt: body.resetAt };
    },
    async peek(key) {
      const body = (await ask(PEEK_URL, key, { key })) as Partial<RateLimitHit> | null;
      if (body === null) return undefined;
      if (!validWindow(body)) throw new Error('the rate-limit object answered 200 without a count');
      return { count: body.count, resetAt: body.resetAt };
    },
  };
}

/**
 * The Durable Object class behind the store: export it from the worker's main module and bind a
 * namespace of it (`RATE_LIMITS`; see the README, "Deploying the proxy"). Each object holds the
 * windows of its key (or shard) in storage, `{ count, resetAt }` per key.
 */
export class RateLimitCounter {
  readonly #storage: RateLimitObjectStorage;
  readonly #now: () => number;

  constructor(state: { storage: RateLimitObjectStorage }, _env?: unknown, now = Date.now) {
    this.#storage = state.storage;
    this.#now = now;
  }

  async fetch(request: Request): Promise<Response> {
    const route = new URL(request.url).pathname;
    if (request.method !== 'POST' || (route !== '/hit' && route !== '/peek')) {
      return new Response('not found', { status: 404 });
    }
    let input: { key?: unknown; windowMs?: unknown };
    try {
      input = (await request.json()) as typeof input;
    } catch {
      return new Response('bad request', { status: 400 });
    }
    const { key, windowMs } = input;
    if (typeof key !== 'string' || !key || key.length > MAX_KEY) {
      return new Response('bad request', { status: 400 });
    }
    if (route === '/peek') return Response.json(await this.peek(key));
    if (typeof windowMs !== 'number' || !(windowMs > 0 && windowMs <= 86_400_000)) {
      return new Response('bad request', { status: 400 });
    }
    return Response.json(await this.hit(key, windowMs));
  }

  /** The key's live window without counting, or null when it has none (or it has ended). */
  async peek(key: string): Promise<RateLimitHit | null> {
    const window = await this.#storage.get<RateLimitHit>(key);
    return window && window.resetAt > this.#now() ? window : null;
  }

  /**
   * Counts one hit. No other event reaches the object while this awaits its own storage (the
   * runtime's input gate), and the answer is held until the write is stored (its output gate),
   * so two hits never read the same count and no count is answered that a restart would lose.
   */
  async hit(key: string, windowMs: number): Promise<RateLimitHit> {
    const now = this.#now();
    let window = await this.#storage.get<RateLimitHit>(key);
    if (!window || window.resetAt <= now) {
      window = { count: 0, resetAt: now + windowMs };
      const alarm = await this.#storage.getAlarm();
      if (alarm === null || alarm > window.resetAt) await this.#storage.setAlarm(window.resetAt);
    }
    window = { count: window.count + 1, resetAt: window.resetAt };
    await this.#storage.put(key, window);
    return window;
  }

  /** Deletes the windows that have ended; wakes again at the next end while any is left. */
  async alarm(): Promise<void> {
    const now = this.#now();
    const windows = await this.#storage.list<RateLimitHit>();
    const ended: string[] = [];
    let next = Infinity;
    for (const [key, window] of windows) {
      if (window.resetAt <= now) ended.push(key);
      else next = Math.min(next, window.resetAt);
    }
    if (ended.length) await this.#storage.delete(ended);
    if (next !== Infinity) await this.#storage.setAlarm(next);
  }
}
