import { fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import type { ReverReturns } from '../../src/components/rever-returns/rever-returns.ts';
import type { StepName } from '../../src/state/steps.ts';
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

/** A step's shadow root inside the root element, once that step shows. */
export const stepRoot = (el: ReverReturns, tag: Step): ShadowRoot | null =>
  el.shadowRoot!.querySelector(tag)?.shadowRoot ?? null;

/** The focused element, through every shadow root. */
export function deepFocus(): Element | null {
  let el = document.activeElement;
  while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
  return el;
}

/** `<rever-returns>` in English against the reference proxy and the embedded mock behind it. */
export const mountOnProxy = () =>
  fixture<ReverReturns>(
    html`<rever-returns proxy-url=${window.__REVER_PROXY_URL__} locale="en"></rever-returns>`,
  );

/** Types an email and an order number into the lookup step and submits it. */
export function typeLookup(el: ReverReturns, email: string, number: string) {
  const lookup = stepRoot(el, 'rever-order-lookup')!;
  for (const [id, value] of [
    ['email', email],
    ['orderNumber', number],
  ] as const) {
    const input = lookup.querySelector<HTMLInputElement>(`#${id}`)!;
    input.value = value;
    input.dispatchEvent(new Event('input'));
  }
  lookup.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
}

/** Waits until the root shows `step`, and has rendered it. */
export async function atStep(el: ReverReturns, step: StepName) {
  await waitUntil(() => el.step === step, `at ${step} (at ${el.step})`, { timeout: 5000 });
  await el.updateComplete;
}

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

/** What `toItems` needs of `<rever-returns>` (its type, without loading its module here). */
interface Root {
  readonly step: string;
  readonly shadowRoot: ShadowRoot | null;
  readonly updateComplete: Promise<boolean>;
}

/** The "Return more items" button of the order's returns view, when it is shown. */
export const moreButton = (el: Root): HTMLButtonElement | null | undefined =>
  el.shadowRoot
    ?.querySelector('rever-active-returns')
    ?.shadowRoot?.querySelector<HTMLButtonElement>('button.more');

/**
 * On from a lookup to the items step. An order that already has returns shows them first
 * (issue 13, item 9): this presses "Return more items" when that view shows (it steps on by
 * itself when REVER lists none), then waits for the items. For tests whose subject is later.
 */
export async function toItems(el: Root, timeout = 5000): Promise<void> {
  await waitUntil(() => el.step === 'items' || !!moreButton(el), 'the items or the returns', {
    timeout,
  });
  if (el.step !== 'items') moreButton(el)!.click();
  await waitUntil(() => el.step === 'items', 'the items step', { timeout });
  await el.updateComplete;
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
