/**
 * The worker `npm run bench` runs under workerd to time the rate-limit stores where the proxy uses
 * them: `GET /?store=memory|do&n=N&keys=K` makes N hits, one after another, over K keys, in this
 * isolate's memory or through the RATE_LIMITS namespace (one Durable Object per key), and answers
 * when done. The timing is taken outside, by the caller: inside a worker the clock stands still
 * between I/O.
 */
import { MemoryRateLimitStore, type RateLimitStore } from '../../proxy/rate-limit.ts';
import {
  createDurableObjectStore,
  type RateLimitNamespace,
} from '../../proxy/durable-object-store.ts';

export { RateLimitCounter } from '../../proxy/durable-object-store.ts';

const memory = new MemoryRateLimitStore();

export default {
  async fetch(request: Request, env: { RATE_LIMITS: RateLimitNamespace }): Promise<Response> {
    const url = new URL(request.url);
    const n = Number(url.searchParams.get('n') ?? '0');
    const keys = Number(url.searchParams.get('keys') ?? '1');
    const prefix = url.searchParams.get('prefix') ?? 'bench';
    const store: RateLimitStore =
      url.searchParams.get('store') === 'do'
        ? createDurableObjectStore({ namespace: env.RATE_LIMITS })
        : memory;
    let count = 0;
    for (let i = 0; i < n; i++) count += (await store.hit(`${prefix}:${i % keys}`, 600_000)).count;
    return Response.json({ n, count });
  },
};
