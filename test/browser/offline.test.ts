// Offline says one thing (issue 13 item 12): while the browser is offline the widget shows one
// message, the root's, and no step adds "Check your connection and try again" or asks for a
// choice already made; when the connection returns, what failed goes again by itself and the
// flow carries on.
import { expect, fixture, fixtureCleanup, html, waitUntil } from '@open-wc/testing';
import '../../src/components/rever-returns/rever-returns.ts';
import type { ReverReturns } from '../../src/components/rever-returns/rever-returns.ts';
import { createReverClient } from '../../src/services/client.ts';
import { en } from '../../src/i18n/en.ts';
import { enSteps } from '../../src/i18n/en-steps.ts';
import type { Draft } from '../../src/state/flow.ts';
import type { Order } from '../../contract/index.ts';
import { foundDraft, refundOptions, returnOrder, storeReasons } from './fixtures.ts';
import { fakeFetch, json, nextEvent } from './helpers.ts';

const PROXY = 'https://proxy.example';
const KEY = `rever-returns:v1:${PROXY}`;

const order: Order = {
  ...returnOrder,
  shipping_address: {
    name: 'Ana',
    line1: 'Calle Mayor 1',
    city: 'Madrid',
    postal_code: '28013',
    country: 'ES',
  },
};

let offline = false;
const onLine = Object.getOwnPropertyDescriptor(Navigator.prototype, 'onLine')!;

function setOnline(online: boolean) {
  offline = !online;
  window.dispatchEvent(new Event(online ? 'online' : 'offline'));
}

/** REVER behind a connection that fails while `offline`, as fetch does. */
function rever() {
  const fake = fakeFetch({
    'GET /returns/ret_abc/return_reasons': () => json({ return_reasons: storeReasons }),
    'GET /returns/ret_abc/refund_options': () => json({ refund_options: refundOptions }),
    'GET /returns/ret_abc/exchange_options': () => json({ exchange_options: [] }),
    'POST /returns/ret_abc/save_client_preferences': () =>
      json({ return_id: 'ret_abc', pending_credit_to_use: 0, currency: 'GBP' }),
    'GET /returns/ret_abc/return_methods': () =>
      json({
        return_methods: [
          {
            id: 'rm_dropoff',
            type: 'DROP_OFF',
            carrier: { name: 'Correos' },
            label: 'QR',
            costs: [],
            requires: ['DROP_OFF_POINT'],
          },
        ],
      }),
    'GET /returns/ret_abc/drop_off_points': () =>
      json({
        drop_off_points: [
          {
            id: 'dp_1',
            name: 'Estanco Preciados',
            carrier: 'Correos',
            address: { line1: 'Preciados 21', city: 'Madrid', postal_code: '28013', country: 'ES' },
            distance_m: 120,
            opening_hours: [],
          },
        ],
      }),
  });
  const inner = fake.fetch;
  fake.fetch = (input, init) =>
    offline ? Promise.reject(new TypeError('Failed to fetch')) : inner(input, init);
  return fake;
}

async function mountAt(step: 'resolution' | 'shipping', draft: Draft) {
  sessionStorage.setItem(KEY, JSON.stringify({ step, draft }));
  const client = createReverClient({ proxyUrl: PROXY, fetch: rever().fetch });
  const el = await fixture<ReverReturns>(
    html`<rever-returns proxy-url=${PROXY} .client=${client}></rever-returns>`,
  );
  expect(el.step).to.equal(step);
  return el;
}

function coatDraft(saved: boolean): Draft {
  const draft = foundDraft(order);
  const coat = { quantity: 1, reasonId: 'too_small', comment: '' };
  draft.picked = { li_coat: coat };
  draft.inReturn = { li_coat: coat };
  if (saved) {
    draft.resolutions = { li_coat: { method: 'ORIGINAL_PAYMENT_METHOD' } };
    draft.saved = { li_coat: { method: 'ORIGINAL_PAYMENT_METHOD' } };
  }
  return draft;
}

/** Every text the widget shows, through its steps' shadow roots, as elements. */
function allElements(root: ShadowRoot | Element): Element[] {
  const out: Element[] = [];
  for (const element of root.querySelectorAll('*')) {
    out.push(element);
    if (element.shadowRoot) out.push(...allElements(element.shadowRoot));
  }
  return out;
}

const squash = (value: string) => value.replace(/\s+/g, ' ').trim();

/** What the widget says about the connection and missing choices, wherever it says it. */
function said(el: ReverReturns) {
  const elements = allElements(el.shadowRoot!);
  const textOf = (e: Element) => squash(e.textContent ?? '');
  return {
    offline: elements.filter((e) => e.children.length === 0 && textOf(e) === en['offline']).length,
    alerts: elements.filter((e) => e.getAttribute('role') === 'alert').map(textOf),
  };
}

const stepRoot = (el: ReverReturns, tag: string) => el.shadowRoot!.querySelector(tag)!.shadowRoot!;

describe('offline says one thing', () => {
  beforeEach(() => {
    offline = false;
    Object.defineProperty(navigator, 'onLine', { configurable: true, get: () => !offline });
  });
  afterEach(() => {
    fixtureCleanup();
    sessionStorage.clear();
    offline = false;
    delete (navigator as { onLine?: boolean }).onLine;
    expect(Object.getOwnPropertyDescriptor(Navigator.prototype, 'onLine')).to.deep.equal(onLine);
  });

  it('a choice made offline: one message, no connection alert, no "choose"; saved and on once back', async () => {
    const el = await mountAt('resolution', coatDraft(false));
    const root = stepRoot(el, 'rever-resolution-picker');
    await waitUntil(() => root.querySelector('input[value="ORIGINAL_PAYMENT_METHOD"]'), 'options');

    setOnline(false);
    const failed = nextEvent(el, 'rever-error');
    root.querySelector<HTMLInputElement>('input[value="ORIGINAL_PAYMENT_METHOD"]')!.click();
    expect((await failed).detail.code).to.equal('network');
    await el.shadowRoot!.querySelector('rever-resolution-picker')!.updateComplete;
    expect(said(el)).to.deep.equal({ offline: 1, alerts: [] });
    root.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
    await el.updateComplete;
    await el.shadowRoot!.querySelector('rever-resolution-picker')!.updateComplete;
    const now = said(el);
    expect(now.offline, 'one offline message').to.equal(1);
    expect(now.alerts.join(' | ')).not.to.contain(en['error.network']);
    expect(now.alerts.join(' | ')).not.to.contain(enSteps['resolution.choose']);
    expect(el.step).to.equal('resolution');
    await expect(el).to.be.accessible();

    // Back online: the choice is saved by itself, and the Continue already asked for goes on.
    const changed = nextEvent(el, 'rever-step-change');
    setOnline(true);
    expect((await changed).detail.step).to.equal('shipping');
    await el.updateComplete;
    expect(said(el).offline).to.equal(0);
  });

  it('options that failed to load offline: no "choose", and they load by themselves once back', async () => {
    setOnline(false);
    const el = await mountAt('resolution', coatDraft(false));
    const root = stepRoot(el, 'rever-resolution-picker');
    await waitUntil(
      () => !squash(root.querySelector('[role="status"]')!.textContent ?? ''),
      'settled',
    );
    root.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
    await el.updateComplete;
    const now = said(el);
    expect(now.offline).to.equal(1);
    expect(now.alerts, 'nothing but the offline message').to.deep.equal([]);

    setOnline(true);
    await waitUntil(
      () => root.querySelector('input[value="ORIGINAL_PAYMENT_METHOD"]'),
      'the options, by themselves',
    );
    expect(said(el)).to.deep.equal({ offline: 0, alerts: [] });
  });

  it('Send it back: a search made offline says nothing more, and runs by itself once back', async () => {
    const el = await mountAt('shipping', coatDraft(true));
    const root = stepRoot(el, 'rever-return-method');
    await waitUntil(() => root.querySelector('input[value="rm_dropoff"]'), 'the methods');
    setOnline(false);
    const failed = nextEvent(el, 'rever-error');
    root.querySelector<HTMLInputElement>('input[value="rm_dropoff"]')!.click();
    expect((await failed).detail.code).to.equal('network');
    await el.updateComplete;
    expect(said(el)).to.deep.equal({ offline: 1, alerts: [] });

    setOnline(true);
    await waitUntil(() => root.querySelector('input[value="dp_1"]'), 'the points, by themselves');
    expect(said(el)).to.deep.equal({ offline: 0, alerts: [] });
  });
});
