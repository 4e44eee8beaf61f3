// A way back to an existing return (issue 13, item 9): an order that already has returns shows
// them first, with "Return more items" when anything is left; Back from the items leads to them
// again, and a reload restores the view the shopper was on. Against the reference proxy and the
// embedded mock (seeded orders 1001 and 6006), plus a fake for a return waiting for its parcel.
import { expect, fixture, fixtureCleanup, html, waitUntil } from '@open-wc/testing';
import type { Logistics } from '../../contract/index.ts';
import '../../src/components/rever-returns/rever-returns.ts';
import type { ReverReturns } from '../../src/components/rever-returns/rever-returns.ts';
import { createReverClient } from '../../src/services/client.ts';
import { dropOffPoint, order, reasons } from './fixtures.ts';
import {
  atStep,
  fakeFetch,
  json,
  moreButton,
  mountOnProxy as mount,
  stepRoot,
  type Step,
  typeLookup as lookUp,
} from './helpers.ts';

/** The returns view's heading holds focus (through the widget's shadow roots). */
const headingFocused = (el: ReverReturns, tag: Step) => {
  const root = stepRoot(el, tag);
  const heading = root?.querySelector('h2');
  return !!heading && root!.activeElement === heading;
};

describe('an order that already has returns', () => {
  afterEach(() => {
    // The fixtures first: one removed flushes its pending draft, which must not outlive the test.
    fixtureCleanup();
    sessionStorage.clear();
  });

  it('with items left (1001): its returns first, focus on their heading, and "Return more items"', async () => {
    const el = await mount();
    lookUp(el, 'ana.garcia@example.com', '1001');
    await atStep(el, 'returns');
    const root = stepRoot(el, 'rever-active-returns')!;
    await waitUntil(() => headingFocused(el, 'rever-active-returns'), 'focus on the heading');
    expect(root.querySelector('h2')!.textContent).to.contain('Your returns for order 1001');
    // The seeded returns: the jeans under way among the active, the shirt completed, in the past.
    await waitUntil(() => root.querySelectorAll('.returns').length === 2, 'both lists');
    const [open, past] = root.querySelectorAll('.returns');
    expect(open!.textContent).to.contain('Straight-leg jeans × 1').and.contain('In progress');
    expect(open!.textContent).to.contain('PK4X2B19003481');
    expect(past!.textContent).to.contain('Linen shirt × 1');
    const more = moreButton(el)!;
    expect(more.localName).to.equal('button');
    expect(more.type).to.equal('button');
    expect(more.textContent.trim()).to.equal('Return more items');
    // The progress list stands at the items.
    expect(el.shadowRoot!.querySelector('[aria-current="step"]')!.textContent).to.contain('Items');
    await expect(root.host).to.be.accessible();
  });

  it('"Return more items" leads to the items; Back to the returns, Forward to the items again', async () => {
    const el = await mount();
    lookUp(el, 'ana.garcia@example.com', '1001');
    await atStep(el, 'returns');
    await waitUntil(() => moreButton(el), 'Return more items');
    moreButton(el)!.click();
    await atStep(el, 'items');
    await waitUntil(() => headingFocused(el, 'rever-line-item-picker'), 'focus on the items');
    const picker = stepRoot(el, 'rever-line-item-picker')!;
    expect(picker.querySelector('h2')!.textContent).to.equal('Choose the items to return');
    // A line still returnable (other tests may have returned some of 1001's on the same mock).
    const free = 'input[data-kind="pick"]:not([disabled])';
    await waitUntil(() => picker.querySelector(free), 'a line to pick');
    const box = picker.querySelector<HTMLInputElement>(free)!;
    const id = box.id;
    box.click();
    await el.updateComplete;

    history.back();
    await atStep(el, 'returns');
    await waitUntil(() => headingFocused(el, 'rever-active-returns'), 'focus on the returns');
    expect(moreButton(el)).to.be.instanceOf(HTMLButtonElement);

    history.forward();
    await atStep(el, 'items');
    const again = stepRoot(el, 'rever-line-item-picker')!;
    await waitUntil(() => again.querySelector(`#${id}`), 'the items again');
    expect(again.querySelector<HTMLInputElement>(`#${id}`)!.checked, 'the pick kept').to.equal(
      true,
    );
  });

  it('a reload restores the view the shopper was on: the returns, then the items', async () => {
    let el = await mount();
    lookUp(el, 'ana.garcia@example.com', '1001');
    await atStep(el, 'returns');
    await waitUntil(() => moreButton(el), 'Return more items');
    fixtureCleanup();
    el = await mount();
    await atStep(el, 'returns');
    await waitUntil(() => moreButton(el), 'Return more items after the reload');
    moreButton(el)!.click();
    await atStep(el, 'items');
    fixtureCleanup();
    el = await mount();
    await atStep(el, 'items');
    expect(stepRoot(el, 'rever-line-item-picker')!.querySelector('h2')!.textContent).to.equal(
      'Choose the items to return',
    );
  });

  it('with nothing left (6006): its returns, and no "Return more items"', async () => {
    const el = await mount();
    lookUp(el, 'nothing.left@example.com', '6006');
    await atStep(el, 'returns');
    const root = stepRoot(el, 'rever-active-returns')!;
    await waitUntil(() => headingFocused(el, 'rever-active-returns'), 'focus on the heading');
    await waitUntil(() => root.querySelector('.returns > li'), 'the returns listed');
    expect(root.textContent).to.contain('Everything in this order has been returned');
    expect(root.textContent).to.contain('Cashmere beanie × 1').and.contain('Wool coat × 1');
    expect(moreButton(el)).to.equal(null);
    const buttons = [...root.querySelectorAll('button')].map((b) => b.textContent.trim());
    expect(buttons).to.deep.equal(['Look up another order']);
  });

  it('shows what to do next with a parcel REVER still waits for', async () => {
    const label: Logistics = {
      type: 'DROP_OFF',
      carrier: 'UPS',
      label_url: 'https://labels.example/ret_label.pdf',
      return_by: '2026-12-16',
      drop_off_point: dropOffPoint,
    };
    const fake = fakeFetch({
      'POST /returns/intent/start': () => json({ order }),
      'GET /returns/ret_abc/return_reasons': () => json({ return_reasons: reasons }),
      'GET /returns': () =>
        json({
          returns: [
            {
              id: 'ret_label',
              order_id: 'ord_1001',
              status: 'ON_HOLD',
              created_at: '2026-11-20T10:00:00Z',
              line_items: [{ line_item_id: 'li_1', name: 'Linen shirt', quantity: 1 }],
              tracking: null,
              logistics: label,
            },
          ],
        }),
    });
    const client = createReverClient({ proxyUrl: 'https://proxy.example', fetch: fake.fetch });
    const el = await fixture<ReverReturns>(
      html`<rever-returns
        proxy-url="https://proxy.example"
        locale="en"
        .client=${client}
      ></rever-returns>`,
    );
    lookUp(el, 'anna@example.com', '1001');
    await atStep(el, 'returns');
    const root = stepRoot(el, 'rever-active-returns')!;
    await waitUntil(
      () => root.querySelector('rever-return-instructions')?.shadowRoot?.querySelector('a'),
      'the instructions drawn',
    );
    const link = root
      .querySelector('rever-return-instructions')!
      .shadowRoot!.querySelector<HTMLAnchorElement>('a[part="label-link"]')!;
    expect(link.href).to.equal('https://labels.example/ret_label.pdf');
    expect(moreButton(el)).to.be.instanceOf(HTMLButtonElement);
  });
});
