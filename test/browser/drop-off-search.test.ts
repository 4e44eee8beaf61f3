// The drop-off search's own form: a postcode and a country (ISO 3166-1 alpha-2), prefilled from
// the order's shipping address when it has one. Without one the search waits for the shopper
// instead of doing nothing in silence; a field that does not check out says so beside it.
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../src/components/return-method/return-method.ts';
import type { ReverReturnMethod } from '../../src/components/return-method/return-method.ts';
import { createReverClient } from '../../src/services/client.ts';
import type { DropOffPoint, Order, ReturnMethod } from '../../contract/index.ts';
import { stepDraft } from './fixtures.ts';
import { effectsOver, fakeFetch, json, type Handler } from './helpers.ts';

const withAddress: Order = {
  id: 'ord_1',
  currency: 'EUR',
  return_id: 'ret_abc',
  customer_token: 'tok_abc',
  line_items: [],
  shipping_address: {
    name: 'Ana García',
    line1: 'Calle Mayor 1',
    city: 'Lisboa',
    postal_code: '1100-148',
    country: 'PT',
  },
};
const noAddress: Order = { ...withAddress, shipping_address: undefined };

const METHODS: ReturnMethod[] = [
  {
    id: 'rm_dropoff',
    type: 'DROP_OFF',
    carrier: { name: 'Correos' },
    label: 'QR',
    costs: [],
    requires: ['DROP_OFF_POINT'],
  },
];

const POINT: DropOffPoint = {
  id: 'dp_1',
  name: 'Estanco Preciados',
  carrier: 'Correos',
  address: { line1: 'Calle de Preciados 21', city: 'Madrid', postal_code: '28013', country: 'ES' },
  distance_m: 120,
  opening_hours: [],
};

function rever(points: Handler) {
  return fakeFetch({
    'GET /returns/ret_abc/return_methods': () => json({ return_methods: METHODS }),
    'GET /returns/ret_abc/refund_options': () =>
      json({ refund_options: [{ method: 'ORIGINAL_PAYMENT_METHOD' }] }),
    'GET /returns/ret_abc/drop_off_points': points,
  });
}

/** Points near 28013 in Spain, none anywhere else. */
const nearMadrid: Handler = (request) => {
  const q = new URL(request.url).searchParams;
  const found = q.get('postal_code') === '28013' && q.get('country') === 'ES';
  return json({ drop_off_points: found ? [POINT] : [] });
};

async function mount(order: Order, points: Handler = nearMadrid) {
  const f = rever(points);
  const client = createReverClient({ proxyUrl: 'https://proxy.example', fetch: f.fetch });
  const el = await fixture<ReverReturnMethod>(
    html`<rever-return-method
      .draft=${stepDraft(order)}
      .effects=${effectsOver(client)}
    ></rever-return-method>`,
  );
  const root = el.shadowRoot!;
  await waitUntil(() => root.querySelector('input[value="rm_dropoff"]'), 'the methods');
  root.querySelector<HTMLInputElement>('input[value="rm_dropoff"]')!.click();
  await el.updateComplete;
  const searches = () => f.requests.filter((r) => r.url.includes('drop_off_points'));
  return { el, root, searches };
}

const text = (node: Element | null) => (node?.textContent ?? '').replace(/\s+/g, ' ').trim();

function type(root: ShadowRoot, id: string, value: string) {
  const input = root.querySelector<HTMLInputElement>(`#${id}`)!;
  input.value = value;
  input.dispatchEvent(new Event('input'));
}

async function search(el: ReverReturnMethod) {
  el.shadowRoot!.querySelector<HTMLButtonElement>('form.search button')!.click();
  await el.updateComplete;
}

describe('the drop-off search', () => {
  it('is prefilled from the shipping address, country included, and searches it', async () => {
    const { root, searches } = await mount(withAddress);
    expect(root.querySelector<HTMLInputElement>('#postcode')!.value).to.equal('1100-148');
    expect(root.querySelector<HTMLInputElement>('#country')!.value).to.equal('PT');
    await waitUntil(() => searches().length === 1, 'the search');
    const q = new URL(searches()[0]!.url).searchParams;
    expect([q.get('postal_code'), q.get('country')]).to.deep.equal(['1100-148', 'PT']);
    await waitUntil(() => text(root.querySelector('section')).includes('No points near 1100-148'));
  });

  it('without a shipping address, waits for a postcode and a country, says what is missing, then searches', async () => {
    const { el, root, searches } = await mount(noAddress);
    expect(root.querySelector<HTMLInputElement>('#postcode')!.value).to.equal('');
    expect(root.querySelector<HTMLInputElement>('#country')!.value).to.equal('');
    expect(searches()).to.have.length(0);
    // Nothing is said before the shopper asks.
    expect(root.querySelector('.invalid-text')).to.equal(null);

    await search(el);
    expect(text(root.querySelector('#postcode-error'))).to.equal('Enter a valid postcode.');
    expect(text(root.querySelector('#country-error'))).to.equal(
      'Enter the two-letter country code, such as ES or GB.',
    );
    expect(root.querySelector('#postcode')!.getAttribute('aria-invalid')).to.equal('true');
    expect(root.querySelector('#postcode')!.getAttribute('aria-describedby')).to.equal(
      'postcode-error',
    );
    await waitUntil(() => root.activeElement?.id === 'postcode', 'focus on the postcode');
    expect(searches()).to.have.length(0);
    await expect(el).to.be.accessible();

    // A country name is not a code.
    type(root, 'postcode', '28013');
    type(root, 'country', 'Spain');
    await search(el);
    expect(root.querySelector('#postcode-error')).to.equal(null);
    expect(text(root.querySelector('#country-error'))).to.contain('two-letter');
    await waitUntil(() => root.activeElement?.id === 'country', 'focus on the country');
    expect(searches()).to.have.length(0);

    // Lower case is read as the code it is.
    type(root, 'country', 'es');
    await search(el);
    expect(root.querySelector('.invalid-text')).to.equal(null);
    await waitUntil(() => root.querySelector('input[value="dp_1"]'), 'the point');
    const q = new URL(searches()[0]!.url).searchParams;
    expect([q.get('postal_code'), q.get('country')]).to.deep.equal(['28013', 'ES']);
    await expect(el).to.be.accessible();
  });

  it('says so when there is no point near the postcode', async () => {
    const { el, root } = await mount(noAddress);
    type(root, 'postcode', '99999');
    type(root, 'country', 'ES');
    await search(el);
    await waitUntil(() => text(root.querySelector('section')).includes('No points near 99999'));
    await expect(el).to.be.accessible();
  });

  it('says so when the search fails, and searches again on retry', async () => {
    let fail = true;
    const { el, root, searches } = await mount(noAddress, (request) =>
      fail ? json({ error: { code: 'internal', message: 'x' } }, 500) : nearMadrid(request),
    );
    type(root, 'postcode', '28013');
    type(root, 'country', 'ES');
    await search(el);
    await waitUntil(() => root.querySelector('[role="alert"]'), 'the error', { timeout: 8000 });
    expect(text(root.querySelector('[role="alert"]'))).to.contain('problem right now');
    await expect(el).to.be.accessible();
    fail = false;
    const before = searches().length;
    root.querySelector<HTMLButtonElement>('[role="alert"] button')!.click();
    await waitUntil(() => root.querySelector('input[value="dp_1"]'), 'the point after a retry');
    expect(searches().length).to.equal(before + 1);
  });
});
