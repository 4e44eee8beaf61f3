/**
 * A rate-limit store in Redis, so that several proxy instances count against one limit. Node
 * only (it holds a TCP connection); the Node entry loads it only when `REDIS_URL` is set. It
 * never waits for Redis: a hit while the connection is down fails at once, and the proxy's
 * `resilientStore` applies the configured fail-open or fail-closed choice.
 */
import { createClient } from '@redis/client';

/** One hit on a fixed window: how many hits the key has had in it, and when it resets (ms). */
export interface WindowCount {
  count: number;
  resetAt: number;
}

export interface RedisStoreOptions {
  url: string;
  /** Keys are `<prefix><key>`; several proxies of one merchant share a prefix. */
  prefix?: string;
  /** A command that takes longer fails (and the proxy applies its fail-open/closed choice). */
  commandTimeoutMs?: number;
  /** Connection trouble, said once per outage rather than once per request. */
  warn?: (message: string) => void;
}

// INCR and set the window's expiry atomically; a key left without one (never, but cheaply
// guarded) gets it. Answers the count and the milliseconds left.
const HIT = `
local n = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {n, ttl}
`;

// The window as it stands, without counting: nil when there is none.
const PEEK = `
local n = redis.call('GET', KEYS[1])
if not n then return nil end
return {tonumber(n), redis.call('PTTL', KEYS[1])}
`;

export interface RedisStore {
  hit(key: string, windowMs: number): Promise<WindowCount>;
  peek(key: string): Promise<WindowCount | undefined>;
  close(): Promise<void>;
}

export function createRedisStore(options: RedisStoreOptions): RedisStore {
  const prefix = options.prefix ?? 'rever-returns:rl:';
  const warn = options.warn ?? ((message: string) => console.warn(message));
  let down = false;
  const client = createClient({
    url: options.url,
    // Commands fail at once while the connection is down, instead of queueing until it is back:
    // a shopper's request must not hang on the limiter.
    disableOfflineQueue: true,
    commandOptions: { timeout: options.commandTimeoutMs ?? 250 },
    socket: {
      connectTimeout: 1000,
      reconnectStrategy: (retries) => Math.min(50 * 2 ** retries, 2000),
    },
  });
  client.on('error', (error: unknown) => {
    if (down) return;
    down = true;
    const code = (error as { code?: unknown }).code;
    warn(`rever-returns proxy: Redis unavailable (${typeof code === 'string' ? code : 'error'}).`);
  });
  // Its return is said by resilientStore, with what it means for the limits; here only the
  // next outage is made to be said again.
  client.on('ready', () => {
    down = false;
  });
  // Not awaited: the proxy starts (and serves, as configured) whether Redis is up or not; the
  // client keeps reconnecting in the background.
  client.connect().catch(() => {});
  return {
    async hit(key, windowMs) {
      const [count, ttl] = (await client.eval(HIT, {
        keys: [prefix + key],
        arguments: [String(Math.max(1, Math.round(windowMs)))],
      })) as [number, number];
      return { count, resetAt: Date.now() + ttl };
    },
    async peek(key) {
      const found = (await client.eval(PEEK, { keys: [prefix + key] })) as [number, number] | null;
      if (!found || found[1] <= 0) return undefined;
      return { count: found[0], resetAt: Date.now() + found[1] };
    },
    async close() {
      // A client that is not connected (Redis down) has nothing to flush: close() would wait
      // for a connection that may never come.
      if (!client.isReady) {
        if (client.isOpen) client.destroy();
        return;
      }
      await client.close().catch(() => client.destroy());
    },
  };
}
