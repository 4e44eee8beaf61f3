/**
 * Names in another script keep their place in an English sentence: an Arabic product name and its
 * Arabic variant, joined by a comma, are not read as one right-to-left run (which swaps them).
 */
import { expect, fixture, fixtureCleanup, html, waitUntil } from '@open-wc/testing';
import '../../src/components/rever-returns/rever-returns.ts';
import type { ReverReturns } from '../../src/components/rever-returns/rever-returns.ts';
import { createReverClient } from '../../src/services/client.ts';
import type { Draft } from '../../src/state/flow.ts';
import { fakeFetch, json } from './helpers.ts';
import { order, reasons } from './fixtures.ts';

const PROXY = 'https://proxy.example';
const KEY = `rever-returns:v1:${PROXY}`;
const NAME = 'عباية مطرزة';
const VARIANT = 'أسود';
const OTHER = 'كحلي';

const arabicOrder = {
  ...order,
  line_items: [{ ...order.line_items[0]!, name: NAME, variant_name: VARIANT }],
};
const choice = { quantity: 1, reasonId: 'too_small', comment: '' };
const exchange = { method: 'EXCHANGE', variantId: 'v_navy' } as const;

function draft(chosen: boolean): Draft {
  return {
    order: arabicOrder,
    orderNumber: '3003',
    session: { returnId: 'ret_abc', customerToken: 'tok_abc' },
    picked: { li_1: choice },
    inReturn: { li_1: choice },
    resolutions: chosen ? { li_1: exchange } : {},
    saved: chosen ? { li_1: exchange } : {},
    bankAccount: null,
    pendingCredit: chosen ? 0 : null,
  };
}

const rever = fakeFetch({
  'GET /returns/ret_abc/return_reasons': () => json({ return_reasons: reasons }),
  'GET /returns/ret_abc/refund_options': () =>
    json({ refund_options: [{ method: 'STORE_CREDIT' }] }),
  'GET /returns/ret_abc/exchange_options': () =>
    json({
      exchange_options: [
        { variant_id: 'v_navy', name: NAME, variant_name: OTHER, price: 2995, available: true },
      ],
    }),
});

async function mountAt(step: string, chosen: boolean) {
  sessionStorage.setItem(KEY, JSON.stringify({ step, draft: draft(chosen) }));
  const client = createReverClient({ proxyUrl: PROXY, fetch: rever.fetch });
  return fixture<ReverReturns>(
    html`<rever-returns proxy-url=${PROXY} locale="en" .client=${client}></rever-returns>`,
  );
}

/** Where `text` starts on screen, inside `root` (a text node holding it, measured by a Range). */
function leftOf(root: Node, text: string): number {
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const at = node.textContent!.indexOf(text);
    if (at < 0) continue;
    const range = document.createRange();
    range.setStart(node, at);
    range.setEnd(node, at + text.length);
    return range.getBoundingClientRect().left;
  }
  throw new Error(`"${text}" is not shown`);
}

const stepRoot = (el: ReverReturns) => el.shadowRoot!.querySelector('.step > *')!.shadowRoot!;

describe('names in another script', () => {
  afterEach(() => {
    fixtureCleanup();
    sessionStorage.clear();
  });

  it('resolution: the legend and an exchange option read name, then variant', async () => {
    const el = await mountAt('resolution', false);
    await waitUntil(() => stepRoot(el).querySelector('fieldset[data-id] legend'), 'the line');
    const legend = stepRoot(el).querySelector('fieldset[data-id] legend')!;
    expect(leftOf(legend, NAME), 'name left of variant').to.be.below(leftOf(legend, VARIANT));
    stepRoot(el).querySelector<HTMLInputElement>('input[value="EXCHANGE"]')!.click();
    await waitUntil(() => stepRoot(el).querySelector('#variant-0-0'), 'the variants');
    const option = stepRoot(el).querySelector('#variant-0-0')!.closest('label')!;
    expect(leftOf(option, NAME), 'name left of variant').to.be.below(leftOf(option, OTHER));
  });

  it('review: the line and its exchange read name, then variant', async () => {
    const el = await mountAt('review', true);
    await waitUntil(() => stepRoot(el).textContent.includes(OTHER), 'the labels');
    const line = stepRoot(el).querySelector('.lines li')!;
    expect(leftOf(line, NAME)).to.be.below(leftOf(line, VARIANT));
    // "Exchange for <name>, <variant>": the second occurrence of the name is the exchange's.
    const exchangeLine = [...line.querySelectorAll('bdi')].find((b) => b.textContent === OTHER);
    expect(exchangeLine, 'the exchange variant isolated').not.to.equal(undefined);
    const names = [...line.querySelectorAll('bdi')].filter((b) => b.textContent === NAME);
    expect(names).to.have.length(2);
    expect(names[1]!.getBoundingClientRect().left).to.be.below(
      exchangeLine!.getBoundingClientRect().left,
    );
  });
});
