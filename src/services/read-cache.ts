/** A cache of the reads that do not change during a return; ky-free, so it loads up front. */
import type { ReverClient } from './client.ts';

/**
 * Reads that do not change during a return (reasons, refund options, exchange options) are
 * fetched once per return and shared, however often a step is opened again. A caller's abort
 * stops its wait, not the shared request; a failed read is forgotten so a retry asks again.
 */
export function withReadCache(client: ReverClient): ReverClient {
  // Keyed by the read's name and what its answer depends on: the return, and the language or line.
  const cache = new Map<string, Promise<unknown>>();
  function share<T>(key: string, read: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    let shared = cache.get(key) as Promise<T> | undefined;
    if (!shared) {
      shared = read();
      cache.set(key, shared);
      shared.catch(() => cache.delete(key));
    }
    if (!signal) return shared;
    return new Promise<T>((resolve, reject) => {
      if (signal.aborted) return reject(signal.reason as Error);
      signal.addEventListener('abort', () => reject(signal.reason as Error), { once: true });
      shared.then(resolve, reject);
    });
  }
  return {
    ...client,
    getReturnReasons: (session, lang, opts = {}) =>
      share(
        `getReturnReasons ${session.returnId} ${lang}`,
        () => client.getReturnReasons(session, lang),
        opts.signal,
      ),
    getRefundOptions: (session, opts = {}) =>
      share(
        `getRefundOptions ${session.returnId}`,
        () => client.getRefundOptions(session),
        opts.signal,
      ),
    getExchangeOptions: (session, lineItemId, opts = {}) =>
      share(
        `getExchangeOptions ${session.returnId} ${lineItemId}`,
        () => client.getExchangeOptions(session, lineItemId),
        opts.signal,
      ),
  };
}
