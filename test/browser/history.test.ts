// The browser's Back and Forward move through the steps (issue 13, item 8): each step change
// adds a history entry of the widget's own, the page's URL (hash and query) untouched; popstate
// moves the flow through its rules, never sending a write again; history="none" leaves the
// page's history alone.
import { expect, fixture, fixtureCleanup, html, waitUntil } from '@open-wc/testing';
import '../../src/components/rever-returns/rever-returns.ts';
import type { ReverReturns } from '../../src/components/rever-returns/rever-returns.ts';
import { createReverClient } from '../../src/services/client.ts';
import type { StepName } from '../../src/state/steps.ts';
import { order, reasons } from './fixtures.ts';
import { fakeFetch, json, type FakeFetch } from './helpers.ts';

const PROXY = 'https://proxy.example';

const confirmation = {
  return_id: 'ret_abc',
  status: 'RUNNING',
  summary: { refund_total: 0, credit_total: 2995, currency: 'EUR' },
};

function routes(): FakeFetch {
  return fakeFetch({
    'POST /returns/intent/start': () => json({ order }),
    'GET /returns/ret_abc/return_reasons': () => json({ return_reasons: reasons }),
    'POST /returns/ret_abc/line_items': () =>
      json({
        return_id: 'ret_abc',
        line_items: [{ line_item_id: 'li_1', quantity: 1, return_reason_id: 'too_small' }],
      }),
    'GET /returns/ret_abc/refund_options': () =>
      json({ refund_options: [{ method: 'STORE_CREDIT' }] }),
    'GET /returns/ret_abc/exchange_options': () => json({ exchange_options: [] }),
    'POST /returns/ret_abc/save_client_preferences': () =>
      json({ return_id: 'ret_abc', pending_credit_to_use: 2995, currency: 'EUR' }),
    // No return methods (404): "Send it back" is skipped, and leaves no entry behind.
    'POST /returns/ret_abc/confirm': () => json(confirmation),
    'GET /returns': () => json({ returns: [] }),
  });
}

/** The widget's part of the current entry's state. */
const entry = () =>
  (history.state as { reverReturns?: { step: string; n: number } } | null)?.reverReturns;

const writes = (fake: FakeFetch) => fake.requests.filter((r) => r.method !== 'GET').length;

const stepRoot = (el: ReverReturns, tag: string) =>
  el.shadowRoot!.querySelector(tag)?.shadowRoot ?? null;

async function until(el: ReverReturns, tag: string, selector: string): Promise<HTMLElement> {
  await waitUntil(() => stepRoot(el, tag)?.querySelector(selector), `${tag} ${selector}`, {
    timeout: 5000,
  });
  return stepRoot(el, tag)!.querySelector<HTMLElement>(selector)!;
}

async function atStep(el: ReverReturns, step: StepName) {
  await waitUntil(() => el.step === step, `at ${step} (at ${el.step})`, { timeout: 5000 });
  await el.updateComplete;
}

/** Back or Forward, then the step it leads to. */
async function go(el: ReverReturns, delta: -1 | 1, step: StepName) {
  // Back only over the widget's own entries: one step too far would leave the test page.
  const at = entry();
  if (delta < 0 && !(at && at.n > 0)) {
    throw new Error(`no widget entry to go back to (at ${JSON.stringify(history.state)})`);
  }
  if (delta < 0) history.back();
  else history.forward();
  await atStep(el, step);
}

/** Lookup, items, resolution, (no return method), review: three writes on the way. */
async function walkToReview(el: ReverReturns) {
  const lookup = stepRoot(el, 'rever-order-lookup')!;
  const email = lookup.querySelector<HTMLInputElement>('#email')!;
  email.value = 'ana@example.com';
  email.dispatchEvent(new Event('input'));
  const number = lookup.querySelector<HTMLInputElement>('#orderNumber')!;
  number.value = '1001';
  number.dispatchEvent(new Event('input'));
  lookup.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
  (await until(el, 'rever-line-item-picker', '#pick-0')).click();
  await until(el, 'rever-line-item-picker', '#reason-0:not([disabled])');
  stepRoot(el, 'rever-line-item-picker')!
    .querySelector<HTMLButtonElement>('button[type="submit"]')!
    .click();
  (await until(el, 'rever-resolution-picker', 'input[value="STORE_CREDIT"]')).click();
  await waitUntil(
    () =>
      !stepRoot(el, 'rever-resolution-picker')!
        .querySelector('[role="status"]')!
        .textContent.trim(),
    'the choice saved',
  );
  await el.updateComplete;
  stepRoot(el, 'rever-resolution-picker')!
    .querySelector<HTMLButtonElement>('button[type="submit"]')!
    .click();
  await atStep(el, 'review');
}

describe('the Back button', () => {
  let start: string;
  let length: number;

  before(() => {
    // Entries of this page's own behind the tests: a Back too many stays on the test page (and
    // fails the test that made it) rather than leaving for about:blank.
    history.pushState({ guard: 1 }, '', location.href);
    history.pushState({ guard: 2 }, '', location.href);
  });

  beforeEach(() => {
    // The host's own query and hash, which the widget must never touch.
    start = location.href;
    const url = new URL(location.href);
    url.searchParams.set('shop', 'returns');
    url.hash = '#help';
    history.replaceState({ host: 'kept' }, '', url);
    length = history.length;
  });

  afterEach(() => {
    // No going back here: in the whole suite the tab's history holds the test files run before
    // this one, and a step too far leaves the test page (the run then hangs). The entries the
    // widget pushed stay behind the next test's start, whose own state replaces the widget's.
    fixtureCleanup();
    sessionStorage.clear();
    history.replaceState(null, '', start);
  });

  it('walks back through the steps and forward again, sending no write twice', async () => {
    const fake = routes();
    const client = createReverClient({ proxyUrl: PROXY, fetch: fake.fetch });
    const el = await fixture<ReverReturns>(
      html`<rever-returns proxy-url=${PROXY} locale="en" .client=${client}></rever-returns>`,
    );
    const url = location.href;
    await walkToReview(el);
    // lookup, items, resolution, review: one entry each (the skipped step none). Not counted by
    // history.length: Chromium caps it at 50, which the whole suite's tab reaches; the Back and
    // Forward below walk those entries.
    expect(history.state).to.deep.include({ host: 'kept' });
    expect(entry()).to.deep.equal({ step: 'review', n: 3 });
    const sent = writes(fake);
    expect(sent).to.equal(3);

    await go(el, -1, 'resolution');
    await go(el, -1, 'items');
    await go(el, -1, 'lookup');
    // The return is kept aside: Forward brings it back, where the flow allows.
    await go(el, 1, 'items');
    expect(
      stepRoot(el, 'rever-line-item-picker')!.querySelector<HTMLInputElement>('#pick-0')!.checked,
    ).to.equal(true);
    await go(el, 1, 'resolution');
    await go(el, 1, 'review');

    expect(location.href).to.equal(url);
    expect(new URL(location.href).hash).to.equal('#help');
    expect(new URL(location.href).searchParams.get('shop')).to.equal('returns');
    await new Promise((r) => setTimeout(r, 100));
    expect(writes(fake)).to.equal(sent);
  });

  it('from the confirmation, Back leads to the lookup and Forward to the confirmation', async () => {
    const fake = routes();
    const client = createReverClient({ proxyUrl: PROXY, fetch: fake.fetch });
    const el = await fixture<ReverReturns>(
      html`<rever-returns proxy-url=${PROXY} locale="en" .client=${client}></rever-returns>`,
    );
    await walkToReview(el);
    (await until(el, 'rever-return-review', 'form button')).click();
    await atStep(el, 'done');
    const sent = writes(fake);
    // The confirmed return's earlier steps are closed: it is not confirmed again.
    await go(el, -1, 'lookup');
    await go(el, 1, 'done');
    await new Promise((r) => setTimeout(r, 100));
    expect(writes(fake)).to.equal(sent);
    expect(stepRoot(el, 'rever-active-returns')!.textContent).to.contain('ret_abc');
  });

  it('history="none" adds no entry and leaves the state alone', async () => {
    const fake = routes();
    const client = createReverClient({ proxyUrl: PROXY, fetch: fake.fetch });
    const el = await fixture<ReverReturns>(
      html`<rever-returns
        proxy-url=${PROXY}
        locale="en"
        history="none"
        .client=${client}
      ></rever-returns>`,
    );
    await walkToReview(el);
    expect(history.length).to.equal(length);
    expect(history.state).to.deep.equal({ host: 'kept' });
  });

  it('with two widgets, only the first to start owns the history', async () => {
    const first = routes();
    const second = routes();
    const wrapper = await fixture<HTMLDivElement>(
      html`<div>
        <rever-returns
          proxy-url=${PROXY}
          locale="en"
          .client=${createReverClient({ proxyUrl: PROXY, fetch: first.fetch })}
        ></rever-returns>
        <rever-returns
          proxy-url=${`${PROXY}/b`}
          locale="en"
          .client=${createReverClient({ proxyUrl: PROXY, fetch: second.fetch })}
        ></rever-returns>
      </div>`,
    );
    const [a, b] = wrapper.querySelectorAll('rever-returns');
    await a!.updateComplete;
    await b!.updateComplete;
    await walkToReview(b!);
    expect(history.length).to.equal(length);
    expect(entry()).to.deep.equal({ step: 'lookup', n: 0 });
    await walkToReview(a!);
    expect(entry()).to.deep.equal({ step: 'review', n: 3 });
    await go(a!, -1, 'resolution');
    expect(b!.step).to.equal('review');
  });
});
