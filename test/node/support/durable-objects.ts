/**
 * A stand-in for a Durable Object namespace of RateLimitCounter, for unit tests of the store's
 * logic under Node: objects by name, each with its own storage (kept across "evictions", as the
 * runtime keeps it) and its events delivered one at a time, as the runtime's input gate does.
 * The real runtime is exercised under workerd (test/node/proxy/workerd-shared.test.ts).
 */
import {
  RateLimitCounter,
  type RateLimitNamespace,
  type RateLimitObjectStorage,
} from '../../../proxy/durable-object-store.ts';

export class FakeStorage implements RateLimitObjectStorage {
  readonly data = new Map<string, unknown>();
  alarm: number | null = null;
  get<T>(key: string): Promise<T | undefined> {
    return Promise.resolve(structuredClone(this.data.get(key)) as T | undefined);
  }
  put<T>(key: string, value: T): Promise<void> {
    this.data.set(key, structuredClone(value));
    return Promise.resolve();
  }
  delete(keys: string[]): Promise<number> {
    return Promise.resolve(keys.filter((key) => this.data.delete(key)).length);
  }
  list<T>(): Promise<Map<string, T>> {
    return Promise.resolve(new Map([...this.data].sort()) as Map<string, T>);
  }
  getAlarm(): Promise<number | null> {
    return Promise.resolve(this.alarm);
  }
  setAlarm(time: number): Promise<void> {
    this.alarm = time;
    return Promise.resolve();
  }
}

export interface FakeNamespace extends RateLimitNamespace {
  /** Storage by object name. */
  readonly storages: Map<string, FakeStorage>;
  /** Drops every live object (storage stays), as idle eviction does. */
  evictAll(): void;
  /** The live object of a name (made on first use). */
  object(name: string): RateLimitCounter;
  /** Makes every call fail (throw) or hang (never answer) from now on; `ok` restores. */
  mode: 'ok' | 'throw' | 'hang';
  calls: number;
}

export function fakeNamespace(now: () => number = Date.now): FakeNamespace {
  const storages = new Map<string, FakeStorage>();
  const live = new Map<string, RateLimitCounter>();
  const queues = new Map<string, Promise<unknown>>();
  const object = (name: string) => {
    let found = live.get(name);
    if (!found) {
      let storage = storages.get(name);
      if (!storage) storages.set(name, (storage = new FakeStorage()));
      found = new RateLimitCounter({ storage }, {}, now);
      live.set(name, found);
    }
    return found;
  };
  const namespace: FakeNamespace = {
    storages,
    mode: 'ok',
    calls: 0,
    object,
    evictAll: () => live.clear(),
    idFromName: (name) => ({ name }),
    get: (id) => ({
      fetch(input, init) {
        namespace.calls++;
        if (namespace.mode === 'throw') return Promise.reject(new Error('object unreachable'));
        if (namespace.mode === 'hang') return new Promise<Response>(() => {});
        const { name } = id as { name: string };
        // One event at a time per object, in arrival order.
        const previous = queues.get(name) ?? Promise.resolve();
        const next = previous.then(() => object(name).fetch(new Request(input, init)));
        queues.set(
          name,
          next.catch(() => {}),
        );
        return next;
      },
    }),
  };
  return namespace;
}
