import { expect, fixture, fixtureCleanup, html, waitUntil } from '@open-wc/testing';
import '../../src/components/rever-returns/rever-returns.ts';
import type { ReverReturns } from '../../src/components/rever-returns/rever-returns.ts';
import { ReverIntentEvent } from '../../src/components/internal/intent-event.ts';
import { en } from '../../src/i18n/en.ts';
import { createReverClient } from '../../src/services/client.ts';
import type { Draft } from '../../src/state/flow.ts';
import { deferred, fakeFetch, json, nextEvent, toItems, type Handler } from './helpers.ts';
import { order, reasons } from './fixtures.ts';

const PROXY = 'https://proxy.example';
const KEY = `rever-returns:v1:${PROXY}`;

/** A draft ready for review: line 1 exchanged, line 2 (of another order shape) kept as credit. */
const reviewDraft: Draft = {
  order,
  orderNumber: '1001',
  session: { returnId: 'ret_abc', customerToken: 'tok_abc' },
  picked: { li_1: { quantity: 1, reasonId: 'too_small', comment: '' } },
  inReturn: { li_1: { quantity: 1, reasonId: 'too_small', comment: '' } },
  resolutions: { li_1: { method: 'EXCHANGE', variantId: 'v_l' } },
  saved: { li_1: { method: 'EXCHANGE', variantId: 'v_l' } },
  bankAccount: null,
  pendingCredit: 2995,
};

const confirmation = {
  return_id: 'ret_abc',
  status: 'RUNNING',
  summary: { refund_total: 0, credit_total: 2995, currency: 'EUR' },
};

const activeReturns = [
  {
    id: 'ret_abc',
    order_id: 'ord_1001',
    status: 'RUNNING',
    created_at: '2026-11-20T10:00:00Z',
    line_items: [{ line_item_id: 'li_1', name: 'Linen shirt', quantity: 1 }],
    tracking: {
      carrier: 'Correos',
      tracking_number: 'PK123',
      tracking_url: 'https://track.example/PK123',
    },
  },
  {
    id: 'ret_old',
    order_id: 'ord_1001',
    status: 'BRAND_NEW_STATUS',
    created_at: '2026-10-01T10:00:00Z',
    line_items: [{ line_item_id: 'li_1', name: '<b>not bold</b>', quantity: 1 }],
    tracking: { carrier: 'Evil', tracking_number: 'X', tracking_url: 'javascript:alert(1)' },
  },
];

function routes(overrides: Record<string, Handler> = {}) {
  return fakeFetch({
    'GET /returns/ret_abc/return_reasons': () => json({ return_reasons: reasons }),
    'GET /returns/ret_abc/refund_options': () =>
      json({ refund_options: [{ method: 'STORE_CREDIT', bonus_percentage: 10 }] }),
    'GET /returns/ret_abc/exchange_options': () =>
      json({
        exchange_options: [
          {
            variant_id: 'v_l',
            name: 'Linen shirt',
            variant_name: 'L / White',
            price: 2995,
            available: true,
            image: null,
          },
        ],
      }),
    'POST /returns/ret_abc/confirm': () => json(confirmation),
    'GET /returns': () => json({ returns: activeReturns }),
    ...overrides,
  });
}

async function mountAt(draft: Draft, step: string, fake = routes(), timeoutMs?: number) {
  sessionStorage.setItem(KEY, JSON.stringify({ step, draft }));
  const client = createReverClient({
    proxyUrl: PROXY,
    fetch: fake.fetch,
    ...(timeoutMs ? { timeoutMs } : {}),
  });
  const el = await fixture<ReverReturns>(
    html`<rever-returns proxy-url=${PROXY} .client=${client}></rever-returns>`,
  );
  return { el, fake };
}

const stepRoot = (el: ReverReturns, tag: string) => el.shadowRoot!.querySelector(tag)!.shadowRoot!;

const count = (fake: { requests: Request[] }, method: string, path: string) =>
  fake.requests.filter((r) => r.method === method && new URL(r.url).pathname === path).length;

/**
 * The fixtures go first: one removed with a draft not yet written flushes it (as on a page's
 * removal), which must not outlive the test in the tab's storage for the next file to restore.
 */
const forgetDrafts = () => {
  fixtureCleanup();
  sessionStorage.clear();
};

describe('review, confirmation and active returns', () => {
  afterEach(forgetDrafts);

  it('restores the draft after a reload and shows every choice in words', async () => {
    const { el } = await mountAt(reviewDraft, 'review');
    expect(el.step).to.equal('review');
    const review = el.shadowRoot!.querySelector('rever-return-review')!;
    await waitUntil(() => review.shadowRoot!.textContent.includes('L / White'), 'labels load');
    const text = review.shadowRoot!.querySelector('.lines')!.textContent;
    expect(text).to.contain('Linen shirt');
    expect(text).to.contain('Reason: Too small');
    expect(text).to.contain('Exchange for Linen shirt, L / White');
    // The exchange is named by its replacement; REVER's credit figure (it counts the exchange)
    // is no money the shopper gets.
    const summary = review.shadowRoot!.querySelector('rever-credit-summary')!.shadowRoot!;
    expect(summary.textContent.replace(/\s+/g, ' ')).to.contain('Exchange: Linen shirt, L / White');
    expect(summary.textContent).not.to.contain('€29.95');
    await expect(review).to.be.accessible();
  });

  it("shows each item's comment", async () => {
    const note = { quantity: 1, reasonId: 'too_small', comment: 'The sleeves are short' };
    const { el } = await mountAt(
      { ...reviewDraft, picked: { li_1: note }, inReturn: { li_1: note } },
      'review',
    );
    const review = el.shadowRoot!.querySelector('rever-return-review')!;
    await waitUntil(() => review.shadowRoot!.querySelector('.lines li'), 'the lines');
    expect(review.shadowRoot!.querySelector('.lines')!.textContent.replace(/\s+/g, ' ')).to.contain(
      'Your comment: The sleeves are short',
    );
  });

  it('shows the masked account with a change action, which survives a reload', async () => {
    const transfer = { method: 'BANK_TRANSFER' };
    const draft: Draft = {
      ...reviewDraft,
      resolutions: { li_1: transfer },
      saved: { li_1: transfer },
      pendingCredit: 0,
      // As the tab keeps it after a reload: the mask, never the account.
      accountMask: 'ES91 \u2022\u2022\u2022\u2022 1332',
    };
    const { el } = await mountAt(draft, 'review');
    const review = stepRoot(el, 'rever-return-review');
    await waitUntil(() => review.querySelector('.account'), 'the account line');
    expect(review.querySelector('.account')!.textContent.replace(/\s+/g, ' ')).to.contain(
      'Bank transfers go to ES91 •••• 1332.',
    );
    const change = nextEvent(el, 'rever-step-change');
    [...review.querySelectorAll('button')]
      .find((b) => b.textContent.includes('Change account'))!
      .click();
    expect((await change).detail.step).to.equal('resolution');
    const resolution = () => stepRoot(el, 'rever-resolution-picker');
    // Focus lands on the account line, which says where the refunds go; its change still works.
    await waitUntil(() => resolution().activeElement?.id === 'bank-saved', 'focus on the account');
    expect(resolution().querySelector('#bank-saved')!.textContent).to.contain('ES91 •••• 1332');
    [...resolution().querySelectorAll('button')]
      .find((b) => b.textContent.includes('Change account'))!
      .click();
    await waitUntil(() => resolution().activeElement?.id === 'iban', 'focus on the IBAN field');
  });

  it('goes back to edit the resolution with every choice intact', async () => {
    const { el } = await mountAt(reviewDraft, 'review');
    const root = stepRoot(el, 'rever-return-review');
    const change = nextEvent(el, 'rever-step-change');
    [...root.querySelectorAll('button')]
      .find((b) => b.textContent.includes('refund or exchange'))!
      .click();
    expect((await change).detail).to.deep.equal({ step: 'resolution', previous: 'review' });
    const resolution = el.shadowRoot!.querySelector('rever-resolution-picker')!;
    await waitUntil(
      () =>
        resolution.shadowRoot!.querySelector<HTMLInputElement>('input[data-kind="variant"]')
          ?.checked,
      'the chosen variant is still chosen',
    );
  });

  it('confirms once however often it is clicked, then lists the active returns', async () => {
    const hold = deferred<Response>();
    const fake = routes({ 'POST /returns/ret_abc/confirm': () => hold.promise });
    const { el } = await mountAt(reviewDraft, 'review', fake);
    const root = stepRoot(el, 'rever-return-review');
    const confirm = root.querySelector<HTMLButtonElement>('form button')!;
    confirm.click();
    confirm.click();
    root.querySelector('form')!.requestSubmit();
    await el.shadowRoot!.querySelector('rever-return-review')!.updateComplete;
    expect(confirm.getAttribute('aria-disabled')).to.equal('true');
    expect(root.querySelector('[role="status"]')!.textContent).to.contain('Confirming');
    await expect(el.shadowRoot!.querySelector('rever-return-review')!).to.be.accessible();

    const confirmed = nextEvent(el, 'rever-return-confirmed');
    hold.resolve(json(confirmation));
    expect((await confirmed).detail).to.deep.equal({
      returnId: 'ret_abc',
      orderId: 'ord_1001',
      status: 'RUNNING',
      refundTotal: 0,
      // The exchanged shirt is not credit, though REVER's credit_total counts it.
      creditTotal: 0,
      currency: 'EUR',
      // No return method was chosen in this draft.
      returnCost: 0,
      returnMethod: null,
    });
    expect(count(fake, 'POST', '/returns/ret_abc/confirm')).to.equal(1);
    // The confirmation is kept for a reload (item 9), and nothing of the draft: no order, no account.
    const kept = JSON.parse(sessionStorage.getItem(KEY)!) as Record<string, unknown>;
    expect(kept['step']).to.equal('done');
    expect(Object.keys(kept)).to.deep.equal(['step', 'done']);
    expect(JSON.stringify(kept)).not.to.contain('bankAccount');
    expect(JSON.stringify(kept)).not.to.contain('line_items');

    const done = el.shadowRoot!.querySelector('rever-active-returns')!;
    await waitUntil(() => done.shadowRoot!.querySelectorAll('.returns > li').length === 2, 'list');
    const heading = done.shadowRoot!.querySelector('h2')!;
    await waitUntil(() => done.shadowRoot!.activeElement === heading, 'focus on the heading');
    const items = done.shadowRoot!.querySelectorAll('.returns > li');
    expect(items[0]!.textContent).to.contain('In progress');
    const link = items[0]!.querySelector('a')!;
    expect(link.href).to.equal('https://track.example/PK123');
    expect(link.rel).to.contain('noopener');
    // An unknown status is shown as it came; a javascript: link is no link; HTML is text.
    expect(items[1]!.textContent).to.contain('BRAND_NEW_STATUS');
    expect(items[1]!.querySelector('a')).to.equal(null);
    expect(items[1]!.querySelector('b')).to.equal(null);
    expect(items[1]!.textContent).to.contain('<b>not bold</b>');
    const get = fake.requests.find((r) => r.method === 'GET' && r.url.includes('/returns?'))!;
    expect(new URL(get.url).searchParams.getAll('order_ids')).to.deep.equal(['ord_1001']);
    expect(get.headers.get('x-rever-customer-token')).to.equal('tok_abc');
    await expect(done).to.be.accessible();
  });

  it('lists the active returns with the read-only token the confirmation came with', async () => {
    const fake = routes({
      'POST /returns/ret_abc/confirm': () =>
        json(confirmation, 200, { 'x-rever-session': 'v1.read-only.sig' }),
    });
    const draft = {
      ...reviewDraft,
      session: { ...reviewDraft.session, sessionToken: 'v1.full.sig' },
    };
    const { el } = await mountAt(draft, 'review', fake);
    stepRoot(el, 'rever-return-review').querySelector('form')!.requestSubmit();
    await waitUntil(
      () => el.shadowRoot!.querySelector('rever-active-returns')?.shadowRoot,
      'the done step',
    );
    const done = el.shadowRoot!.querySelector('rever-active-returns')!;
    await waitUntil(() => done.shadowRoot!.querySelectorAll('.returns > li').length === 2, 'list');
    const sent = (method: string, path: string) =>
      fake.requests
        .filter((r) => r.method === method && new URL(r.url).pathname === path)
        .map((r) => r.headers.get('x-rever-session'));
    expect(sent('POST', '/returns/ret_abc/confirm')).to.deep.equal(['v1.full.sig']);
    expect(sent('GET', '/returns')).to.deep.equal(['v1.read-only.sig']);
  });

  it('after a timed-out confirm, the retry confirms the same return', async () => {
    let calls = 0;
    const fake = routes({
      'POST /returns/ret_abc/confirm': (request) =>
        ++calls === 1
          ? new Promise((_, reject) =>
              request.signal.addEventListener('abort', () =>
                reject(new DOMException('aborted', 'AbortError')),
              ),
            )
          : json(confirmation),
    });
    const { el } = await mountAt(reviewDraft, 'review', fake, 200);
    const review = el.shadowRoot!.querySelector('rever-return-review')!;
    const failed = nextEvent(el, 'rever-error');
    review.shadowRoot!.querySelector<HTMLButtonElement>('form button')!.click();
    expect((await failed).detail.code).to.equal('timeout');
    await review.updateComplete;
    expect(review.shadowRoot!.querySelector('[role="alert"]')!.textContent).to.contain('too long');
    expect(el.step).to.equal('review');
    const confirmed = nextEvent(el, 'rever-return-confirmed');
    review.shadowRoot!.querySelector<HTMLButtonElement>('form button')!.click();
    await confirmed;
    expect(calls).to.equal(2);
    const bodies = fake.requests.filter((r) => r.url.endsWith('/confirm')).map((r) => r.url);
    expect(new Set(bodies).size).to.equal(1, 'both calls confirm the same return');
  });

  it('says what to check when REVER refuses to confirm the return as it stands', async () => {
    const fake = routes({
      'POST /returns/ret_abc/confirm': () =>
        json({ error: { code: 'preferences_missing', message: '<b>raw</b>' } }, 422),
    });
    const { el } = await mountAt(reviewDraft, 'review', fake);
    const root = stepRoot(el, 'rever-return-review');
    const failed = nextEvent(el, 'rever-error');
    root.querySelector<HTMLButtonElement>('form button')!.click();
    expect((await failed).detail).to.deep.equal({
      code: 'not-returnable',
      status: 422,
      step: 'review',
    });
    await el.shadowRoot!.querySelector('rever-return-review')!.updateComplete;
    expect(root.querySelector('[role="alert"]')!.textContent.trim()).to.equal(
      en['review.incomplete'],
    );
    expect(el.step).to.equal('review');
  });

  it('starts over from the done step, with nothing left in storage', async () => {
    const { el } = await mountAt(reviewDraft, 'review');
    const confirmed = nextEvent(el, 'rever-return-confirmed');
    stepRoot(el, 'rever-return-review').querySelector<HTMLButtonElement>('form button')!.click();
    await confirmed;
    await el.updateComplete;
    const change = nextEvent(el, 'rever-step-change');
    [...stepRoot(el, 'rever-active-returns').querySelectorAll('button')]
      .find((b) => b.textContent.includes('another return'))!
      .click();
    expect((await change).detail.step).to.equal('lookup');
    expect(sessionStorage.getItem(KEY)).to.equal(null);
  });

  it('drops a stored draft that does not check out', async () => {
    sessionStorage.setItem(KEY, JSON.stringify({ step: 'review', draft: { order: { id: 1 } } }));
    const el = await fixture<ReverReturns>(
      html`<rever-returns proxy-url=${PROXY}></rever-returns>`,
    );
    expect(el.step).to.equal('lookup');
    expect(sessionStorage.getItem(KEY)).to.equal(null);
  });

  it('drops a tampered draft whose entries do not check out, without breaking', async () => {
    const tampered = { ...reviewDraft, resolutions: { li_1: null } };
    sessionStorage.setItem(KEY, JSON.stringify({ step: 'review', draft: tampered }));
    const el = await fixture<ReverReturns>(
      html`<rever-returns proxy-url=${PROXY}></rever-returns>`,
    );
    expect(el.step).to.equal('lookup');
    expect(el.shadowRoot!.querySelector('rever-order-lookup')).to.not.equal(null);
    expect(sessionStorage.getItem(KEY)).to.equal(null);
  });

  it('enters a stored step only when the steps before it are done', async () => {
    const unsaved = { ...reviewDraft, saved: {} };
    const { el } = await mountAt(unsaved, 'review');
    expect(el.step, 'the resolution is not saved: back to it').to.equal('resolution');
  });

  it('reset() forgets the draft and goes back to the lookup', async () => {
    const { el } = await mountAt(reviewDraft, 'review');
    el.reset();
    await el.updateComplete;
    expect(el.step).to.equal('lookup');
    expect(sessionStorage.getItem(KEY)).to.equal(null);
  });
});

describe('<rever-returns> public API', () => {
  afterEach(forgetDrafts);

  it('fires rever-ready once rendered, composed out of a host shadow root', async () => {
    const host = document.createElement('div');
    const shadow = host.attachShadow({ mode: 'open' });
    document.body.append(host);
    const ready = nextEvent(document.body, 'rever-ready');
    shadow.innerHTML = `<rever-returns proxy-url="${PROXY}"></rever-returns>`;
    const event = await ready;
    expect(event.detail).to.deep.equal({ step: 'lookup' });
    expect(event.composed).to.equal(true);
    host.remove();
  });

  it('starts the lookup by itself when email and order number are both given', async () => {
    const fake = fakeFetch({
      'POST /returns/intent/start': () => json({ order }),
      'GET /returns/ret_abc/return_reasons': () => json({ return_reasons: reasons }),
    });
    const client = createReverClient({ proxyUrl: PROXY, fetch: fake.fetch });
    const el = document.createElement('rever-returns');
    el.client = client;
    el.email = 'anna@example.com';
    el.orderNumber = '1001';
    const found = nextEvent(el, 'rever-order-found');
    document.body.append(el);
    await found;
    // The order has a returned unit: its returns first, none listed here, so on to its items.
    await toItems(el);
    expect(count(fake, 'POST', '/returns/intent/start')).to.equal(1);
    el.remove();
  });

  it('follows a link for another order rather than the draft the tab kept', async () => {
    sessionStorage.setItem(KEY, JSON.stringify({ step: 'review', draft: reviewDraft }));
    const other = { ...order, id: 'ord_2002' };
    const fake = fakeFetch({
      'POST /returns/intent/start': () => json({ order: other }),
      'GET /returns/ret_abc/return_reasons': () => json({ return_reasons: reasons }),
    });
    const el = document.createElement('rever-returns');
    el.client = createReverClient({ proxyUrl: PROXY, fetch: fake.fetch });
    el.proxyUrl = PROXY;
    el.email = 'anna@example.com';
    el.orderNumber = '2002';
    const found = nextEvent(el, 'rever-order-found');
    document.body.append(el);
    expect((await found).detail.orderId).to.equal('ord_2002');
    await toItems(el);
    el.remove();
  });

  it('keeps the draft when the link is for the order it holds', async () => {
    sessionStorage.setItem(KEY, JSON.stringify({ step: 'review', draft: reviewDraft }));
    const fake = routes();
    const el = document.createElement('rever-returns');
    el.client = createReverClient({ proxyUrl: PROXY, fetch: fake.fetch });
    el.proxyUrl = PROXY;
    el.email = 'anna@example.com';
    el.orderNumber = '#1001';
    document.body.append(el);
    await el.updateComplete;
    expect(el.step).to.equal('review');
    expect(count(fake, 'POST', '/returns/intent/start')).to.equal(0);
    el.remove();
  });

  it('does not leak its internal events to the page', async () => {
    const seen: string[] = [];
    const listener = (e: Event) => seen.push(e.type);
    // Every intent travels as this one event type; the root stops it.
    const types = [ReverIntentEvent.type];
    types.forEach((t) => document.addEventListener(t, listener));
    const { el } = await mountAt(reviewDraft, 'review');
    const change = nextEvent(el, 'rever-step-change');
    [...stepRoot(el, 'rever-return-review').querySelectorAll('button')][0]!.click();
    await change;
    types.forEach((t) => document.removeEventListener(t, listener));
    expect(seen).to.deep.equal([]);
  });
});

describe('<rever-returns> without a proxy-url', () => {
  it('tells the developer in the console, and the shopper in words', async () => {
    const warnings: unknown[][] = [];
    const warn = console.warn;
    console.warn = (...args: unknown[]) => warnings.push(args);
    try {
      const el = await fixture<ReverReturns>(html`<rever-returns></rever-returns>`);
      expect(warnings.map((w) => String(w[0]))).to.deep.equal([
        'rever-returns: set proxy-url to your returns proxy.',
      ]);
      const lookup = el.shadowRoot!.querySelector('rever-order-lookup')!;
      await lookup.updateComplete;
      const root = lookup.shadowRoot!;
      for (const [id, value] of [
        ['email', 'anna@example.com'],
        ['orderNumber', '1001'],
      ] as const) {
        const input = root.querySelector<HTMLInputElement>(`#${id}`)!;
        input.value = value;
        input.dispatchEvent(new Event('input'));
      }
      const failed = nextEvent(el, 'rever-error');
      root.querySelector('button')!.click();
      expect((await failed).detail.code).to.equal('network');
      await lookup.updateComplete;
      expect(root.querySelector('[role="alert"]')!.textContent).to.contain('could not reach');
    } finally {
      console.warn = warn;
    }
  });

  it('a reload on done shows the confirmation again, open and past returns apart', async () => {
    forgetDrafts();
    const past = {
      ...activeReturns[0]!,
      id: 'ret_past_0123456789abcdef0123456789abcdef',
      status: 'CANCELED',
    };
    const fake = routes({ 'GET /returns': () => json({ returns: [activeReturns[0], past] }) });
    const done = {
      step: 'done',
      orderId: 'ord_1001',
      orderNumber: '1001',
      session: { returnId: 'ret_abc', customerToken: 'tok_abc' },
      confirmation,
    };
    sessionStorage.setItem(KEY, JSON.stringify({ step: 'done', done }));
    const client = createReverClient({ proxyUrl: PROXY, fetch: fake.fetch });
    const el = await fixture<ReverReturns>(
      html`<rever-returns
        proxy-url=${PROXY}
        .client=${client}
        style="width: 320px"
      ></rever-returns>`,
    );
    expect(el.step).to.equal('done');
    const root = stepRoot(el, 'rever-active-returns');
    expect(root.querySelector('h2')!.textContent).to.contain('Your return is confirmed');
    expect(root.querySelector('p code.ref')!.textContent).to.equal('ret_abc');
    await waitUntil(() => root.querySelectorAll('.returns').length === 2, 'both lists');
    const headings = [...root.querySelectorAll('h3')].map((h) => h.textContent.trim());
    expect(headings).to.include('Past returns');
    const [open, closed] = root.querySelectorAll('.returns');
    expect(open!.textContent).to.contain('In progress');
    expect(closed!.textContent).to.contain('Cancelled');
    // The long reference wraps inside the 320 px widget: nothing to scroll sideways.
    const ref = closed!.querySelector<HTMLElement>('code.ref')!;
    expect(getComputedStyle(ref).fontFamily).to.contain('monospace');
    expect(ref.getBoundingClientRect().right).to.be.at.most(el.getBoundingClientRect().right);
    expect(el.scrollWidth).to.be.at.most(320);
    await expect(root.host).to.be.accessible();
  });

  it('an order with nothing left to return shows its returns, not a dead end', async () => {
    forgetDrafts();
    const nothingLeft = {
      ...order,
      line_items: order.line_items.map((l) => ({
        ...l,
        quantity_returned: l.quantity,
        quantity_not_returnable: 0,
      })),
    };
    const fake = routes({
      'POST /returns/intent/start': () => json({ order: nothingLeft }),
      'GET /returns': () => json({ returns: activeReturns.slice(0, 1) }),
    });
    const client = createReverClient({ proxyUrl: PROXY, fetch: fake.fetch });
    const el = await fixture<ReverReturns>(
      html`<rever-returns proxy-url=${PROXY} locale="en" .client=${client}></rever-returns>`,
    );
    const lookup = stepRoot(el, 'rever-order-lookup');
    for (const [id, value] of [
      ['email', 'ana@example.com'],
      ['orderNumber', '1001'],
    ]) {
      const input = lookup.querySelector<HTMLInputElement>(`#${id}`)!;
      input.value = value!;
      input.dispatchEvent(new Event('input'));
    }
    lookup.querySelector('button')!.click();
    await waitUntil(() => el.step === 'returns', 'the returns shown');
    await el.updateComplete;
    const root = stepRoot(el, 'rever-active-returns');
    await waitUntil(() => root.querySelector('.returns > li'), 'the return listed');
    expect(root.querySelector('h2')!.textContent).to.contain('Your returns for order 1001');
    expect(root.textContent).to.contain('Everything in this order has been returned');
    expect(root.textContent).not.to.contain('Return more items');
    expect(root.querySelector('.returns > li')!.textContent).to.contain('Linen shirt');
    await expect(root.host).to.be.accessible();
  });
});
