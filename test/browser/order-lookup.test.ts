import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../src/components/rever-returns/rever-returns.ts';
import type { ReverReturns } from '../../src/components/rever-returns/rever-returns.ts';
import type { ReverOrderLookup } from '../../src/components/order-lookup/order-lookup.ts';
import { createReverClient } from '../../src/services/client.ts';
import { en } from '../../src/i18n/en.ts';
import { deferred, fakeFetch, json, nextEvent, type Handler } from './helpers.ts';
import { order, orderWithoutReturns, reasons } from './fixtures.ts';

const START = 'POST /returns/intent/start';
const REASONS = 'GET /returns/ret_abc/return_reasons';

async function mount(handler: Handler, clientOptions: { timeoutMs?: number } = {}) {
  const fake = fakeFetch({ [START]: handler, [REASONS]: () => json({ return_reasons: reasons }) });
  const client = createReverClient({
    proxyUrl: 'https://proxy.example',
    fetch: fake.fetch,
    ...clientOptions,
  });
  const el = await fixture<ReverReturns>(html`<rever-returns .client=${client}></rever-returns>`);
  const lookup = el.shadowRoot!.querySelector<ReverOrderLookup>('rever-order-lookup')!;
  await lookup.updateComplete;
  return { el, lookup, root: lookup.shadowRoot!, fake };
}

function fill(root: ShadowRoot, email: string, orderNumber: string) {
  for (const [id, value] of [
    ['email', email],
    ['orderNumber', orderNumber],
  ] as const) {
    const input = root.querySelector<HTMLInputElement>(`#${id}`)!;
    input.value = value;
    input.dispatchEvent(new Event('input'));
  }
}

const alertText = (root: ShadowRoot) => root.querySelector('[role="alert"]')?.textContent ?? '';

describe('<rever-order-lookup> inside <rever-returns>', () => {
  it('labels both fields and passes axe', async () => {
    const { root, lookup } = await mount(() => json({ order }));
    const email = root.querySelector<HTMLInputElement>('#email')!;
    expect(email.labels?.[0]?.textContent).to.equal('Email address');
    expect(email.autocomplete).to.equal('email');
    const number = root.querySelector<HTMLInputElement>('#orderNumber')!;
    expect(number.labels?.[0]?.textContent).to.equal('Order number');
    expect(number.getAttribute('aria-describedby')).to.equal('orderNumber-hint');
    await expect(lookup).to.be.accessible();
  });

  it('refuses empty and mistyped fields without a request, and focuses the first', async () => {
    const { root, lookup, fake } = await mount(() => json({ order }));
    root.querySelector('button')!.click();
    await lookup.updateComplete;
    expect(root.querySelector('#email-error')?.textContent).to.contain('Enter the email');
    expect(root.querySelector('#orderNumber-error')?.textContent).to.contain('order number');
    expect(root.querySelector('#email')!.getAttribute('aria-invalid')).to.equal('true');
    expect(root.querySelector('#email')!.getAttribute('aria-describedby')).to.equal('email-error');
    await waitUntil(() => root.activeElement?.id === 'email', 'focus on the email field');
    await expect(lookup).to.be.accessible();

    fill(root, 'anna@example', '1001');
    root.querySelector('button')!.click();
    await lookup.updateComplete;
    expect(root.querySelector('#email-error')?.textContent).to.contain('name@example.com');
    expect(root.querySelector('#orderNumber-error')).to.equal(null);
    expect(fake.requests).to.have.length(0);
  });

  it('shows the pending state, ignores a second submit, and moves on to the items', async () => {
    const hold = deferred<Response>();
    const { el, root, lookup, fake } = await mount(() => hold.promise);
    fill(root, '  Anna@Example.com ', ' 1001 ');
    root.querySelector('button')!.click();
    await lookup.updateComplete;
    const button = root.querySelector('button')!;
    expect(button.getAttribute('aria-disabled')).to.equal('true');
    expect(root.querySelector('[role="status"]')!.textContent).to.contain('Looking up your order');
    await expect(lookup).to.be.accessible();
    root.querySelector('form')!.requestSubmit();
    await lookup.updateComplete;
    expect(fake.requests).to.have.length(1);
    expect(await fake.requests[0]!.clone().json()).to.deep.equal({
      email: 'Anna@Example.com',
      order_number: '1001',
    });

    const found = nextEvent(el, 'rever-order-found');
    const stepChange = nextEvent(el, 'rever-step-change');
    // An order without returns: straight to its items (one with returns shows them first).
    hold.resolve(json({ order: orderWithoutReturns }));
    const detail = (await found).detail;
    expect(detail).to.deep.equal({
      orderId: 'ord_1001',
      currency: 'EUR',
      lineCount: 2,
      returnableLineCount: 1,
    });
    expect((await stepChange).detail).to.deep.equal({ step: 'items', previous: 'lookup' });
    await el.updateComplete;
    const picker = el.shadowRoot!.querySelector('rever-line-item-picker')!;
    await picker.updateComplete;
    const heading = picker.shadowRoot!.querySelector('h2')!;
    expect(heading.textContent).to.equal('Choose the items to return');
    await waitUntil(() => picker.shadowRoot!.activeElement === heading, 'focus on the heading');
    expect(el.shadowRoot!.querySelector('[aria-current="step"]')!.textContent).to.contain('Items');
    await expect(el).to.be.accessible();
  });

  it('sends the order number normalised: "#1001", spaces and a trailing dot find order 1001', async () => {
    for (const typed of ['#1001', ' # 1001. ', '\uff03\uff11\uff10\uff10\uff11']) {
      const { root, fake } = await mount(() => json({ order }));
      fill(root, 'anna@example.com', typed);
      root.querySelector('button')!.click();
      // The lookup, then (found) the items step's reasons.
      await waitUntil(() => fake.requests.length > 0, typed);
      const body = (await fake.requests[0]!.clone().json()) as { order_number: string };
      expect(body.order_number, typed).to.equal('1001');
    }
  });

  it('submits with Enter from the keyboard', async () => {
    const { el, root } = await mount(() => json({ order }));
    fill(root, 'anna@example.com', '1001');
    root.querySelector<HTMLInputElement>('#orderNumber')!.focus();
    const found = nextEvent(el, 'rever-order-found');
    await sendKeys({ press: 'Enter' });
    await found;
    expect(el.step).to.equal('items');
  });

  it('explains "not found" with its usual causes, none of them the "#" the widget drops', async () => {
    const { el, root, lookup } = await mount(() =>
      json({ error: { code: 'order_not_found', message: '<b>raw upstream</b>' } }, 404),
    );
    fill(root, 'anna@example.com', '#1001');
    const failed = nextEvent(el, 'rever-error');
    root.querySelector('button')!.click();
    expect((await failed).detail).to.deep.equal({ code: 'not-found', status: 404, step: 'lookup' });
    await lookup.updateComplete;
    const items = [...root.querySelectorAll('[role="alert"] li')].map((li) => li.textContent);
    // The widget sent "1001": telling the shopper to drop the "#" would be wrong.
    expect(items.join(' ')).not.to.contain('#');
    expect(items).to.deep.equal([
      en['lookup.notFoundEmail'],
      en['lookup.notFoundWhich'],
      en['lookup.notFoundTypo'],
      en['lookup.notFoundRecent'],
    ]);
    // The hint says the number may be copied with its "#".
    expect(root.querySelector('#orderNumber-hint')!.textContent).to.contain('#1001');
    expect(alertText(root)).not.to.contain('raw upstream');
    // What the shopper typed is still there to correct.
    expect(root.querySelector<HTMLInputElement>('#orderNumber')!.value).to.equal('#1001');
    expect(root.querySelector<HTMLInputElement>('#email')!.value).to.equal('anna@example.com');
    await expect(lookup).to.be.accessible();
  });

  const failures: [string, Handler, RegExp][] = [
    [
      'a 429 with Retry-After',
      () => json({ error: { code: 'rate_limited', message: 'x' } }, 429, { 'retry-after': '30' }),
      /wait 30 seconds/,
    ],
    ['a 500', () => json({ error: { code: 'boom', message: 'x' } }, 500), /problem right now/],
    [
      'a 502 from the proxy',
      () => new Response('<html>bad gateway</html>', { status: 502 }),
      /problem right now/,
    ],
    [
      'a 400',
      () => json({ error: { code: 'invalid_request', message: 'x' } }, 400),
      /not accepted/,
    ],
    ['a 401', () => json({ error: { code: 'unauthorized', message: 'x' } }, 401), /start again/],
    [
      'a network failure',
      () => Promise.reject(new TypeError('Failed to fetch')),
      /could not reach the returns service/,
    ],
    ['malformed JSON', () => new Response('{"order": ', { status: 200 }), /could not read/],
    ['a body of the wrong shape', () => json({ order: { id: 7 } }), /could not read/],
  ];
  for (const [name, handler, message] of failures) {
    it(`says what went wrong on ${name}, keeping the fields`, async () => {
      const { root, lookup, el } = await mount(handler);
      fill(root, 'anna@example.com', '1001');
      const failed = nextEvent(el, 'rever-error');
      root.querySelector('button')!.click();
      await failed;
      await lookup.updateComplete;
      expect(alertText(root)).to.match(message);
      expect(root.querySelector('button')!.disabled).to.equal(false);
      expect(root.querySelector<HTMLInputElement>('#email')!.value).to.equal('anna@example.com');
      expect(el.step).to.equal('lookup');
    });
  }

  it('times out a request that never answers', async () => {
    const { root, lookup, el } = await mount(
      (request) =>
        new Promise((_, reject) =>
          request.signal.addEventListener('abort', () =>
            reject(new DOMException('aborted', 'AbortError')),
          ),
        ),
      { timeoutMs: 200 },
    );
    fill(root, 'anna@example.com', '1001');
    const failed = nextEvent(el, 'rever-error');
    root.querySelector('button')!.click();
    expect((await failed).detail.code).to.equal('timeout');
    await lookup.updateComplete;
    expect(alertText(root)).to.match(/took too long/);
  });

  it('takes a retry after an error and then succeeds', async () => {
    let calls = 0;
    const { el, root, lookup } = await mount(() =>
      ++calls === 1
        ? json({ error: { code: 'x', message: 'x' } }, 503)
        : json({ order: orderWithoutReturns }),
    );
    fill(root, 'anna@example.com', '1001');
    // POSTs are never retried by the client: the shopper's second click is the retry.
    const failed = nextEvent(el, 'rever-error');
    root.querySelector('button')!.click();
    await failed;
    await lookup.updateComplete;
    expect(calls).to.equal(1);
    const found = nextEvent(el, 'rever-order-found');
    root.querySelector('button')!.click();
    await found;
    expect(el.step).to.equal('items');
  });

  it('prefills from the email and order-number attributes', async () => {
    const el = await fixture<ReverReturns>(
      html`<rever-returns email="anna@example.com" order-number="1001"></rever-returns>`,
    );
    const lookup = el.shadowRoot!.querySelector('rever-order-lookup')!;
    await lookup.updateComplete;
    const root = lookup.shadowRoot!;
    expect(root.querySelector<HTMLInputElement>('#email')!.value).to.equal('anna@example.com');
    expect(root.querySelector<HTMLInputElement>('#orderNumber')!.value).to.equal('1001');
  });
});
