/**
 * Every field names its item: a picked line's fields are a group named by the product, so a
 * screen reader reads "Reason, Linen shirt"; the credit box is read whole when it changes; the
 * progress is a labelled list, not an empty navigation landmark.
 */
import { expect, fixture, fixtureCleanup, html, waitUntil } from '@open-wc/testing';
import '../../src/components/rever-returns/rever-returns.ts';
import type { ReverReturns } from '../../src/components/rever-returns/rever-returns.ts';
import { createReverClient } from '../../src/services/client.ts';
import { fakeFetch, json } from './helpers.ts';
import { order, reasons, stepDraft } from './fixtures.ts';

const PROXY = 'https://proxy.example';
const KEY = `rever-returns:v1:${PROXY}`;
const draft = { ...stepDraft(order, 'STORE_CREDIT'), pendingCredit: 2995 };

async function mountAt(step: string) {
  sessionStorage.setItem(KEY, JSON.stringify({ step, draft }));
  const { fetch } = fakeFetch({
    'GET /returns/ret_abc/return_reasons': () => json({ return_reasons: reasons }),
    'GET /returns/ret_abc/refund_options': () =>
      json({ refund_options: [{ method: 'STORE_CREDIT' }] }),
  });
  const client = createReverClient({ proxyUrl: PROXY, fetch });
  return fixture<ReverReturns>(
    html`<rever-returns proxy-url=${PROXY} locale="en" .client=${client}></rever-returns>`,
  );
}

const stepRoot = (el: ReverReturns) => el.shadowRoot!.querySelector('.step > *')!.shadowRoot!;

/** The accessible name a group gets from aria-labelledby. */
function groupName(control: Element): string {
  const group = control.closest('[role="group"], fieldset');
  expect(group, `${control.id} is in a group`).not.to.equal(null);
  const root = control.getRootNode() as ShadowRoot;
  const ids = group!.getAttribute('aria-labelledby') ?? '';
  return ids
    .split(' ')
    .map((id) => root.getElementById(id)?.textContent?.trim() ?? '')
    .join(' ');
}

describe('fields named by their item', function () {
  // The first test loads the later steps' modules: seconds on a loaded machine.
  this.timeout(30_000);
  afterEach(() => {
    fixtureCleanup();
    sessionStorage.clear();
  });

  it('items: a picked line’s reason sits in a group named by the product', async () => {
    const el = await mountAt('items');
    await waitUntil(() => stepRoot(el).querySelector('#reason-0'), 'the picked line');
    expect(groupName(stepRoot(el).querySelector('#reason-0')!)).to.equal('Linen shirt');
    await expect(el).to.be.accessible();
  });

  it('the progress is a labelled list, with no navigation landmark', async () => {
    const el = await mountAt('items');
    expect(el.shadowRoot!.querySelector('nav')).to.equal(null);
    const list = el.shadowRoot!.querySelector('ol.progress')!;
    expect(list.getAttribute('aria-label')).to.equal('Progress');
    expect(list.querySelector('[aria-current="step"]')!.textContent.trim()).to.equal('Items');
  });

  it('review: the credit box is announced whole when it changes', async () => {
    const el = await mountAt('review');
    await waitUntil(() => stepRoot(el).querySelector('rever-credit-summary'), 'the review');
    const box = stepRoot(el)
      .querySelector('rever-credit-summary')!
      .shadowRoot!.querySelector('[part="credit-summary"]')!;
    expect(box.getAttribute('aria-live')).to.equal('polite');
    expect(box.getAttribute('aria-atomic')).to.equal('true');
  });
});
