import { oneEvent } from '@open-wc/testing';
import { createReverClient, type ReverClient } from '../../src/services/client.ts';
import { createReturnEffects, type ReturnEffects } from '../../src/state/return-effects.ts';
import { foundDraft, reasons, returnOrder } from './fixtures.ts';

declare global {
  interface Window {
    /** The reference proxy in front of the embedded mock, started by web-test-runner.config.js. */
    __REVER_PROXY_URL__: string;
  }
}

/** The steps' elements, as the root shows them. */
export type Step =
  | 'rever-order-lookup'
  | 'rever-line-item-picker'
  | 'rever-resolution-picker'
  | 'rever-return-method'
  | 'rever-return-review'
  | 'rever-active-returns';

/**
 * A route-table fake of the proxy: each handler answers a real `Response`, and every request is
 * recorded so tests can count and inspect them.
 */
export type Handler = (request: Request) => Response | Promise<Response>;

export interface FakeFetch {
  fetch: typeof fetch;
  requests: Request[];
}

export function fakeFetch(routes: Record<string, Handler>): FakeFetch {
  const requests: Request[] = [];
  const fetchImpl = async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    requests.push(request);
    const { pathname } = new URL(request.url);
    const handler = routes[`${request.method} ${pathname}`];
    if (!handler) return json({ error: { code: 'not_found', message: 'no route' } }, 404);
    return handler(request);
  };
  return { fetch: fetchImpl, requests };
}

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });
}

/** A promise with its resolve exposed, to hold a request pending for as long as a test needs. */
export function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

/** `oneEvent`, typed by the element event map. */
export function nextEvent<K extends keyof HTMLElementEventMap>(
  target: EventTarget,
  type: K,
): Promise<HTMLElementEventMap[K]> {
  return oneEvent<HTMLElementEventMap[K]>(target, type);
}

/**
 * What the root hands its steps: the effects over `client`. The later steps' chunk is imported
 * when first asked for, as the root loads it, so no test file loads it by importing this one.
 */
export function effectsOver(client: ReverClient): ReturnEffects {
  return createReturnEffects(client, () => import('../../src/state/effects.ts'));
}

/**
 * A tab reloaded on the items step of `returnOrder`: the draft the lookup left, stored under
 * `key`, and a client for the root whose fake proxy answers the reasons.
 */
export function reloadedAtItems(proxyUrl: string, key: string): ReverClient {
  sessionStorage.setItem(key, JSON.stringify({ step: 'items', draft: foundDraft(returnOrder) }));
  const fake = fakeFetch({
    'GET /returns/ret_abc/return_reasons': () => json({ return_reasons: reasons }),
  });
  return createReverClient({ proxyUrl, fetch: fake.fetch });
}
