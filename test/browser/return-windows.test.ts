// Return windows and recommended exchanges (issue 14 item 6, contract note p): each returnable
// line says until when it can go back, a line past its window is greyed and cannot be picked,
// and REVER's recommended replacements come first, marked in words.
import { expect, fixture, fixtureCleanup, html, waitUntil } from '@open-wc/testing';
import '../../src/components/rever-returns/rever-returns.ts';
import type { ReverReturns } from '../../src/components/rever-returns/rever-returns.ts';
import type { ReverLineItemPicker } from '../../src/components/line-item-picker/line-item-picker.ts';
import type { ReverResolutionPicker } from '../../src/components/resolution-picker/resolution-picker.ts';
import { createReverClient } from '../../src/services/client.ts';
import type { Draft } from '../../src/state/flow.ts';
import type { ExchangeOption, Order } from '../../contract/index.ts';
import { foundDraft, refundOptions, returnOrder, storeReasons } from './fixtures.ts';
import { fakeFetch, json } from './helpers.ts';

const PROXY = 'https://proxy.example';
const KEY = `rever-returns:v1:${PROXY}`;

/** The coat can go back until 14 Jan; the tee's window closed on 2 Dec; the scarf has none. */
const windowed: Order = {
  ...returnOrder,
  line_items: returnOrder.line_items.map((line) =>
    line.id === 'li_coat'
      ? { ...line, return_deadline: '2027-01-14' }
      : line.id === 'li_tee'
        ? { ...line, return_deadline: '2026-12-02' }
        : line,
  ),
};

/** REVER's order: the recommended size second. */
const coatOptions: ExchangeOption[] = [
  {
    variant_id: 'v_coat_l',
    name: 'Wool coat',
    variant_name: 'L / Navy',
    price: 9999,
    available: true,
    image: null,
  },
  {
    variant_id: 'v_coat_m',
    name: 'Wool coat',
    variant_name: 'M / Navy',
    price: 9999,
    available: true,
    image: null,
    recommended: true,
  },
];

const squash = (value: string) => value.replace(/\s+/g, ' ').trim();
const text = (node: Node | null | undefined) => squash(node?.textContent ?? '');

/** Mounts the root on a draft stored at `step`, as after a reload, in British English. */
async function mountAt(step: 'items' | 'resolution', draft: Draft) {
  sessionStorage.setItem(KEY, JSON.stringify({ step, draft }));
  const fake = fakeFetch({
    'GET /returns/ret_abc/return_reasons': () => json({ return_reasons: storeReasons }),
    'GET /returns/ret_abc/refund_options': () => json({ refund_options: refundOptions }),
    'GET /returns/ret_abc/exchange_options': () => json({ exchange_options: coatOptions }),
  });
  const client = createReverClient({ proxyUrl: PROXY, fetch: fake.fetch });
  const el = await fixture<ReverReturns>(
    html`<rever-returns locale="en-GB" proxy-url=${PROXY} .client=${client}></rever-returns>`,
  );
  expect(el.step).to.equal(step);
  return el;
}

async function picker(now: Date) {
  const el = await mountAt('items', foundDraft(windowed));
  const step = el.shadowRoot!.querySelector<ReverLineItemPicker>('rever-line-item-picker')!;
  step.now = () => now;
  await step.updateComplete;
  const line = (id: string) => step.shadowRoot!.querySelector<HTMLLIElement>(`[data-id="${id}"]`)!;
  return { el, step, line, box: (id: string) => line(id).querySelector('input')! };
}

describe('return windows and recommended exchanges', () => {
  afterEach(() => {
    fixtureCleanup();
    sessionStorage.clear();
  });

  it('says until when each line can go back, and greys the line whose window closed', async () => {
    // 5 December, in the shopper's own time.
    const { el, line, box } = await picker(new Date(2026, 11, 5, 10, 0));
    expect(text(line('li_coat').querySelector('.state'))).to.equal(
      '3 of 4 can be returned · Return by 14 Jan',
    );
    expect(text(line('li_tee').querySelector('.state'))).to.equal(
      'The return window closed on 2 Dec',
    );
    expect(line('li_tee').classList.contains('unavailable')).to.equal(true);
    expect(box('li_tee').disabled, 'the closed line cannot be picked').to.equal(true);
    expect(box('li_coat').disabled).to.equal(false);
    // The state is the checkbox's description, so a screen reader says why it is disabled.
    expect(box('li_tee').getAttribute('aria-describedby')).to.equal(
      line('li_tee').querySelector('.state')!.id,
    );
    // A line without a window says nothing of one.
    expect(text(line('li_scarf').querySelector('.state'))).not.to.contain('Return by');
    await expect(el).to.be.accessible();
  });

  it("compares the deadline with the shopper's today, not a UTC one", async () => {
    // The last evening of 2 December, local time: still open, whatever UTC says.
    const late = await picker(new Date(2026, 11, 2, 23, 30));
    expect(text(late.line('li_tee').querySelector('.state'))).to.equal(
      '1 of 1 can be returned · Return by 2 Dec',
    );
    expect(late.box('li_tee').disabled).to.equal(false);
    fixtureCleanup();
    // Half an hour into 3 December: closed.
    const next = await picker(new Date(2026, 11, 3, 0, 30));
    expect(next.box('li_tee').disabled).to.equal(true);
    expect(text(next.line('li_tee').querySelector('.state'))).to.equal(
      'The return window closed on 2 Dec',
    );
  });

  it('says the dates in the shopper’s language', async () => {
    const { el, line } = await picker(new Date(2026, 11, 5, 10, 0));
    el.locale = 'es';
    await waitUntil(
      () => text(line('li_tee').querySelector('.state')).startsWith('El plazo'),
      'the Spanish table',
    );
    expect(text(line('li_tee').querySelector('.state'))).to.equal(
      'El plazo de devolución terminó el 2 dic',
    );
    expect(text(line('li_coat').querySelector('.state'))).to.contain('Devolución hasta el 14 ene');
  });

  it('offers the recommended replacement first, marked "Recommended" in words', async () => {
    const draft = foundDraft(returnOrder);
    const coat = { quantity: 1, reasonId: 'too_small', comment: '' };
    draft.picked = { li_coat: coat };
    draft.inReturn = { li_coat: coat };
    const el = await mountAt('resolution', draft);
    const step = el.shadowRoot!.querySelector<ReverResolutionPicker>('rever-resolution-picker')!;
    const root = step.shadowRoot!;
    await waitUntil(() => root.querySelector('input[value="EXCHANGE"]'), 'the options load');
    root.querySelector<HTMLInputElement>('input[value="EXCHANGE"]')!.click();
    await el.updateComplete;
    await step.updateComplete;
    const options = [...root.querySelectorAll('.variants label')].map((l) => text(l));
    expect(options).to.deep.equal([
      'Recommended Wool coat, M / Navy · £99.99',
      'Wool coat, L / Navy · £99.99',
    ]);
    // The mark is text (read with the option's name), not a colour alone.
    const first = root.querySelector<HTMLInputElement>('.variants input')!;
    expect(first.value).to.equal('v_coat_m');
    expect(text(first.closest('label')!.querySelector('.recommended'))).to.equal('Recommended');
    await expect(el).to.be.accessible();
  });
});
