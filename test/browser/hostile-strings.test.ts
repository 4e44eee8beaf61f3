// Hostile strings from the API: a corpus of XSS payloads in every string field REVER answers
// (names, variants, reasons, image alt, refund methods, statuses, carriers, tracking numbers)
// and image and tracking URLs with javascript: and data: schemes. Through the whole flow, in
// Chromium: every payload shows as text, no element or attribute is injected, no script runs,
// and every image source is http(s).
import { expect, fixture, fixtureCleanup, html, waitUntil } from '@open-wc/testing';
import '../../src/components/rever-returns/rever-returns.ts';
import type { ReverReturns } from '../../src/components/rever-returns/rever-returns.ts';
import { createReverClient } from '../../src/services/client.ts';
import type { Order } from '../../contract/index.ts';
import { fakeFetch, json, nextEvent } from './helpers.ts';

declare global {
  interface Window {
    __xss?: number;
  }
}

const PAYLOADS = [
  '<img src=x onerror="window.__xss=1">',
  '<script>window.__xss=1</script>',
  '"><svg onload="window.__xss=1">',
  '\'><iframe src="javascript:window.__xss=1"></iframe>',
  '<a href="javascript:window.__xss=1">click</a>',
  '${window.__xss=1}',
  "{{constructor.constructor('window.__xss=1')()}}",
  '<style>*{display:none!important}</style>',
  '<math><mtext><table><mglyph><style><img src=x onerror=window.__xss=1>',
  '\u202e<b onmouseover=window.__xss=1>rtl</b>',
  '<object data="javascript:window.__xss=1"></object>',
  '<details open ontoggle="window.__xss=1">',
];
/** A payload per field, tagged so each field's text can be found. */
const p = (i: number) => `${PAYLOADS[i % PAYLOADS.length]!} #${i}`;

const HOSTILE_SRCS = [
  'javascript:window.__xss=1',
  'data:image/svg+xml,<svg xmlns="http://www.w3.org/2000/svg" onload="window.__xss=1"/>',
  'JaVaScRiPt:window.__xss=1',
  ' javascript:window.__xss=1',
  'data:text/html,<script>window.__xss=1</script>',
  'vbscript:msgbox(1)',
];

const order: Order = {
  id: 'ord_x',
  currency: 'EUR',
  return_id: 'ret_abc',
  customer_token: 'tok_abc',
  line_items: [
    {
      id: 'li_1',
      name: p(0),
      variant_name: p(1),
      quantity: 1,
      quantity_in_progress: 0,
      quantity_returned: 0,
      quantity_not_returnable: 0,
      available_return_reasons: [{ id: 'r1' }],
      total: 1000,
      product: {
        images: [
          ...HOSTILE_SRCS.map((src, i) => ({ src, alt: p(20 + i) })),
          { src: 'https://img.invalid/a.svg', alt: p(2) },
        ],
      },
    },
    {
      id: 'li_2',
      name: p(3),
      variant_name: p(4),
      quantity: 1,
      quantity_in_progress: 0,
      quantity_returned: 1,
      quantity_not_returnable: 0,
      available_return_reasons: [],
      total: 500,
      product: { images: [{ src: HOSTILE_SRCS[1]!, alt: p(5) }] },
    },
  ],
};

function hostileRever() {
  return fakeFetch({
    'POST /returns/intent/start': () => json({ order }),
    'GET /returns/ret_abc/return_reasons': () =>
      json({
        return_reasons: [
          { id: 'r1', name: p(6), comment_required: false },
          { id: 'r2', name: p(7), comment_required: true },
        ],
      }),
    'POST /returns/ret_abc/line_items': () =>
      json({
        return_id: 'ret_abc',
        line_items: [{ line_item_id: 'li_1', quantity: 1, return_reason_id: 'r1' }],
      }),
    'GET /returns/ret_abc/refund_options': () =>
      json({ refund_options: [{ method: 'ORIGINAL_PAYMENT_METHOD' }, { method: p(8) }] }),
    'GET /returns/ret_abc/exchange_options': () =>
      json({
        exchange_options: [
          {
            variant_id: 'v1',
            name: p(9),
            variant_name: p(10),
            price: 1000,
            available: true,
            image: { src: HOSTILE_SRCS[0], alt: p(11) },
          },
          {
            variant_id: 'v2',
            name: p(12),
            variant_name: p(13),
            price: 1000,
            available: true,
            image: { src: 'https://img.invalid/b.svg', alt: p(14) },
          },
        ],
      }),
    'POST /returns/ret_abc/save_client_preferences': () =>
      json({ return_id: 'ret_abc', pending_credit_to_use: 1000, currency: 'EUR' }),
    'POST /returns/ret_abc/confirm': () =>
      json({
        return_id: 'ret_abc',
        status: p(15),
        summary: { refund_total: 0, credit_total: 1000, currency: 'EUR' },
      }),
    'GET /returns': () =>
      json({
        returns: [
          {
            id: 'ret_abc',
            order_id: 'ord_x',
            status: p(16),
            created_at: '2026-01-01T00:00:00Z',
            line_items: [{ line_item_id: 'li_1', name: p(17), quantity: 1 }],
            tracking: {
              carrier: p(18),
              tracking_number: p(19),
              tracking_url: HOSTILE_SRCS[0],
            },
          },
        ],
      }),
  });
}

/** Every element, through every shadow root. */
function allElements(root: ParentNode): Element[] {
  const out: Element[] = [];
  for (const el of root.querySelectorAll('*')) {
    out.push(el);
    if (el.shadowRoot) out.push(...allElements(el.shadowRoot));
  }
  return out;
}

/** The text a shopper can read, through every shadow root. */
function allText(root: ParentNode): string {
  return allElements(root)
    .flatMap((el) => [...el.childNodes].filter((n) => n.nodeType === Node.TEXT_NODE))
    .map((n) => n.textContent)
    .join('\n');
}

const FORBIDDEN = new Set(['SCRIPT', 'IFRAME', 'OBJECT', 'EMBED', 'MATH', 'DETAILS', 'B']);

/** Nothing injected, nothing run, images and links only http(s). */
function expectInert(el: ReverReturns, where: string) {
  expect(window.__xss, `${where}: a payload ran`).to.equal(undefined);
  for (const node of allElements(el.shadowRoot!)) {
    const tag = node.tagName;
    expect(FORBIDDEN.has(tag), `${where}: <${tag.toLowerCase()}> injected`).to.equal(false);
    for (const attr of node.getAttributeNames()) {
      expect(/^on/i.test(attr), `${where}: ${attr} on <${tag}>`).to.equal(false);
    }
    if (tag === 'IMG') {
      expect((node as HTMLImageElement).src, `${where}: img src`).to.match(/^https?:\/\//);
    }
    if (tag === 'A' && node.hasAttribute('href')) {
      expect((node as HTMLAnchorElement).href, `${where}: link`).to.match(/^https?:\/\//);
    }
    if (tag === 'STYLE') {
      expect(node.textContent, `${where}: style injected`).not.to.include('display:none');
    }
    if (tag === 'svg' || tag === 'SVG') {
      expect(node.outerHTML, `${where}: svg injected`).not.to.include('__xss');
    }
  }
  // The page outside the widget is untouched too.
  expect(document.querySelectorAll('script[src=""], iframe, object').length).to.equal(0);
}

function expectShown(el: ReverReturns, indexes: number[], where: string) {
  const text = allText(el.shadowRoot!);
  for (const i of indexes) {
    expect(text.includes(p(i)), `${where}: field #${i} not shown as text`).to.equal(true);
  }
}

const step = (el: ReverReturns, tag: string) => el.shadowRoot!.querySelector(tag)?.shadowRoot;

async function until(el: ReverReturns, tag: string, selector: string) {
  await waitUntil(() => step(el, tag)?.querySelector(selector), `${tag} ${selector}`, {
    timeout: 5000,
  });
  return step(el, tag)!.querySelector<HTMLElement>(selector)!;
}

describe('hostile strings from the API', () => {
  afterEach(() => {
    fixtureCleanup();
    sessionStorage.clear();
    delete window.__xss;
  });

  it('render as text only, through the whole flow, with http(s) images only', async () => {
    const fake = hostileRever();
    const client = createReverClient({ proxyUrl: 'https://proxy.example', fetch: fake.fetch });
    const el = await fixture<ReverReturns>(
      html`<rever-returns .client=${client} locale="en"></rever-returns>`,
    );
    const lookup = step(el, 'rever-order-lookup')!;
    for (const [id, value] of [
      ['email', 'anna@example.com'],
      ['orderNumber', '1'],
    ] as const) {
      const input = lookup.querySelector<HTMLInputElement>(`#${id}`)!;
      input.value = value;
      input.dispatchEvent(new Event('input'));
    }
    lookup.querySelector('button')!.click();

    // The order has returns: they come first (issue 13, item 9), as text only too.
    await until(el, 'rever-active-returns', '.returns > li');
    await waitUntil(() => allText(el.shadowRoot!).includes(p(18)), 'the returns listed');
    expectInert(el, 'returns');
    expectShown(el, [17, 18, 19], 'returns');
    (await until(el, 'rever-active-returns', 'button.more')).click();

    // Items: names, variants, image alts, and (once picked) the reasons.
    const checkbox = await until(el, 'rever-line-item-picker', 'input[type="checkbox"]');
    expectInert(el, 'items');
    expectShown(el, [0, 1, 3, 4], 'items');
    // The one http(s) image of the line is shown (decorative: its name is beside it), the
    // javascript: and data: ones are not.
    const images = allElements(el.shadowRoot!).filter((n) => n.tagName === 'IMG');
    expect(images.map((i) => (i as HTMLImageElement).src)).to.deep.equal([
      'https://img.invalid/a.svg',
    ]);
    checkbox.click();
    const select = await until(el, 'rever-line-item-picker', 'select:not([disabled])');
    expectInert(el, 'reasons');
    expect([...(select as HTMLSelectElement).options].map((o) => o.textContent.trim())).to.include(
      p(6),
    );
    (select as HTMLSelectElement).value = 'r1';
    select.dispatchEvent(new Event('change', { bubbles: true }));
    await el.updateComplete;
    await new Promise((resolve) => setTimeout(resolve));
    step(el, 'rever-line-item-picker')!
      .querySelector<HTMLButtonElement>('button[type="submit"]')!
      .click();

    // Resolution: the refund methods (one hostile) and the exchange variants.
    const exchange = await until(el, 'rever-resolution-picker', 'input[value="EXCHANGE"]');
    expectInert(el, 'resolution');
    // An unknown method is offered by name, made readable: lower case, `_` as spaces.
    const method = '<math><mtext><table><mglyph><style><img src=x onerror=window.  xss=1> #8';
    expect(allText(el.shadowRoot!)).to.include(method);
    exchange.click();
    const variant = await until(
      el,
      'rever-resolution-picker',
      'input[data-kind="variant"]:not([disabled])',
    );
    expectInert(el, 'variants');
    expectShown(el, [10], 'variants');
    variant.click();
    await waitUntil(
      () =>
        !step(el, 'rever-resolution-picker')!.querySelector('[role="status"]')!.textContent.trim(),
      'saved',
    );
    step(el, 'rever-resolution-picker')!
      .querySelector<HTMLButtonElement>('button[type="submit"]')!
      .click();

    // Review, then the done step's active returns: statuses, names, carrier, tracking.
    const confirm = await until(el, 'rever-return-review', 'form button');
    expectInert(el, 'review');
    const confirmed = nextEvent(el, 'rever-return-confirmed');
    confirm.click();
    await confirmed;
    await until(el, 'rever-active-returns', '.returns');
    await waitUntil(() => allText(el.shadowRoot!).includes(p(18)), 'tracking shown', {
      timeout: 5000,
    });
    expectInert(el, 'done');
    expectShown(el, [17, 18, 19], 'done');
    // Give any event-handler payload a chance to fire (load, error, toggle) before the last look.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(window.__xss).to.equal(undefined);
  });
});
