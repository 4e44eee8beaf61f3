// The return method chosen survives a reload (sessionStorage, like the rest of the draft): the
// method, the carrier's point or the slot and REVER's answer, never the shopper's address or
// phone. A reload on Send it back shows the choice again; one on the review confirms with it.
import { expect, fixture, fixtureCleanup, html, waitUntil } from '@open-wc/testing';
import '../../src/components/rever-returns/rever-returns.ts';
import type { ReverReturns } from '../../src/components/rever-returns/rever-returns.ts';
import { createReverClient } from '../../src/services/client.ts';
import type { Draft } from '../../src/state/flow.ts';
import type { DropOffPoint, Order, ReturnMethod } from '../../contract/index.ts';
import { fakeFetch, json, nextEvent } from './helpers.ts';
import { stepDraft, storeReasons } from './fixtures.ts';

const PROXY = 'https://proxy.example';
const KEY = `rever-returns:v1:${PROXY}`;

const ADDRESS = {
  name: 'Ana García',
  line1: 'Calle Mayor 1',
  city: 'Madrid',
  postal_code: '28013',
  country: 'ES',
  phone: '+34600111222',
};

const order: Order = {
  id: 'ord_1',
  currency: 'EUR',
  return_id: 'ret_abc',
  customer_token: 'tok_abc',
  line_items: [
    {
      id: 'li_1',
      name: 'Linen shirt',
      variant_name: 'M',
      quantity: 1,
      quantity_in_progress: 0,
      quantity_returned: 0,
      quantity_not_returnable: 0,
      available_return_reasons: [{ id: 'too_small' }],
      total: 7995,
      product: { images: [] },
    },
  ],
  shipping_address: ADDRESS,
};

const draft = stepDraft(order);

const METHODS: ReturnMethod[] = [
  {
    id: 'rm_pickup',
    type: 'HOME_PICKUP',
    carrier: { name: 'SEUR' },
    label: 'PRINTED',
    costs: [{ method: 'ORIGINAL_PAYMENT_METHOD', amount: 600 }],
    requires: ['ADDRESS', 'PICKUP_SLOT'],
  },
  {
    id: 'rm_dropoff',
    type: 'DROP_OFF',
    carrier: { name: 'Correos' },
    label: 'QR',
    costs: [{ method: 'ORIGINAL_PAYMENT_METHOD', amount: 250 }],
    requires: ['DROP_OFF_POINT'],
  },
];

const POINTS: DropOffPoint[] = [
  {
    id: 'dp_1',
    name: 'Estanco Preciados',
    carrier: 'Correos',
    address: {
      line1: 'Calle de Preciados 21',
      city: 'Madrid',
      postal_code: '28013',
      country: 'ES',
    },
    distance_m: 120,
    opening_hours: [{ day: 2, opens: '09:00', closes: '20:00' }],
  },
  {
    id: 'dp_2',
    name: 'Oficina Cibeles',
    carrier: 'Correos',
    address: { line1: 'Paseo del Prado 1', city: 'Madrid', postal_code: '28014', country: 'ES' },
    distance_m: 1450,
    opening_hours: [],
  },
];

const SLOTS = [
  { id: 'slot_a', date: '2026-12-03', from: '09:00', to: '14:00' },
  { id: 'slot_b', date: '2026-12-04', from: '09:00', to: '14:00' },
];

function rever() {
  return fakeFetch({
    'GET /returns/ret_abc/return_methods': () => json({ return_methods: METHODS }),
    'GET /returns/ret_abc/refund_options': () =>
      json({ refund_options: [{ method: 'ORIGINAL_PAYMENT_METHOD' }] }),
    'GET /returns/ret_abc/return_reasons': () => json({ return_reasons: storeReasons }),
    'GET /returns/ret_abc/drop_off_points': () => json({ drop_off_points: POINTS }),
    'GET /returns/ret_abc/pickup_slots': () => json({ pickup_slots: SLOTS }),
    'POST /returns/ret_abc/return_method': async (request) => {
      const body = (await request.clone().json()) as { return_method_id: string };
      const cost = body.return_method_id === 'rm_pickup' ? 600 : 250;
      return json({
        return_id: 'ret_abc',
        return_cost: cost,
        refund_total: 7995 - cost,
        pending_credit_to_use: 0,
        currency: 'EUR',
      });
    },
    'POST /returns/ret_abc/confirm': () =>
      json({
        return_id: 'ret_abc',
        status: 'RUNNING',
        summary: { refund_total: 7745, credit_total: 0, currency: 'EUR' },
      }),
    'GET /returns': () => json({ returns: [] }),
  });
}

/** Mounts the root as a page load does: on whatever this tab's storage holds. */
async function load(fake = rever()) {
  const client = createReverClient({ proxyUrl: PROXY, fetch: fake.fetch });
  const el = await fixture<ReverReturns>(
    html`<rever-returns proxy-url=${PROXY} .client=${client}></rever-returns>`,
  );
  return { el, fake };
}

const ship = (el: ReverReturns) => el.shadowRoot!.querySelector('rever-return-method')!.shadowRoot!;

/** A reload: the page goes (its draft written as it goes), a new one starts on the storage. */
function reload(el: ReverReturns, step?: string) {
  el.remove();
  fixtureCleanup();
  if (step) {
    // The shopper went back to this step before the reload.
    const stored = JSON.parse(sessionStorage.getItem(KEY)!) as { step: string };
    sessionStorage.setItem(KEY, JSON.stringify({ ...stored, step }));
  }
}

async function chooseDropOff(el: ReverReturns) {
  await waitUntil(() => ship(el).querySelector('input[value="rm_dropoff"]'), 'the methods');
  ship(el).querySelector<HTMLInputElement>('input[value="rm_dropoff"]')!.click();
  await waitUntil(() => ship(el).querySelector('input[value="dp_2"]'), 'the points');
  ship(el).querySelector<HTMLInputElement>('input[value="dp_2"]')!.click();
  const changed = nextEvent(el, 'rever-step-change');
  ship(el).querySelector<HTMLButtonElement>('form:last-of-type button[type="submit"]')!.click();
  expect((await changed).detail.step).to.equal('review');
}

describe('the return method in the stored draft', () => {
  beforeEach(() => sessionStorage.setItem(KEY, JSON.stringify({ step: 'shipping', draft })));
  afterEach(() => {
    fixtureCleanup();
    sessionStorage.clear();
  });

  it('keeps the method, point and cost, never the address: a reload on review confirms with them', async () => {
    const first = await load();
    expect(first.el.step).to.equal('shipping');
    await chooseDropOff(first.el);
    reload(first.el);

    const stored = sessionStorage.getItem(KEY)!;
    const kept = (JSON.parse(stored) as { draft: Draft }).draft.shipping;
    expect(kept?.method.id).to.equal('rm_dropoff');
    expect(kept?.point?.id).to.equal('dp_2');
    expect(kept?.answer.return_cost).to.equal(250);
    for (const personal of [ADDRESS.name, ADDRESS.line1, ADDRESS.phone]) {
      expect(stored, 'no personal data').not.to.contain(personal);
    }

    const { el } = await load();
    expect(el.step).to.equal('review');
    const confirmed = nextEvent(el, 'rever-return-confirmed');
    const review = el.shadowRoot!.querySelector('rever-return-review')!;
    await waitUntil(() => review.shadowRoot!.querySelector('button[type="submit"]'), 'review');
    review.shadowRoot!.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
    const { detail } = await confirmed;
    expect([detail.returnMethod, detail.returnCost]).to.deep.equal(['DROP_OFF', 250]);
  });

  it('a reload on Send it back shows the method and point chosen, and Continue sends them', async () => {
    const first = await load();
    await chooseDropOff(first.el);
    reload(first.el, 'shipping');

    const { el, fake } = await load();
    expect(el.step).to.equal('shipping');
    const root = () => ship(el);
    await waitUntil(() => root().querySelector('input[value="rm_dropoff"]'), 'the methods');
    expect(root().querySelector<HTMLInputElement>('input[value="rm_dropoff"]')!.checked).to.equal(
      true,
    );
    // The shipping postcode is not kept, so the point chosen is shown alone, still chosen.
    await waitUntil(() => root().querySelector('input[value="dp_2"]'), 'the point kept');
    expect(root().querySelector<HTMLInputElement>('input[value="dp_2"]')!.checked).to.equal(true);
    await expect(el).to.be.accessible();

    const posts = () => fake.requests.filter((r) => r.url.endsWith('/return_method'));
    const changed = nextEvent(el, 'rever-step-change');
    root().querySelector<HTMLButtonElement>('form:last-of-type button[type="submit"]')!.click();
    expect((await changed).detail.step).to.equal('review');
    expect(await posts()[0]!.clone().json()).to.deep.equal({
      return_method_id: 'rm_dropoff',
      drop_off_point_id: 'dp_2',
    });
  });

  it('a pickup keeps its slot, and asks for the address again', async () => {
    const first = await load();
    const root = () => ship(first.el);
    await waitUntil(() => root().querySelector('input[value="rm_pickup"]'), 'the methods');
    root().querySelector<HTMLInputElement>('input[value="rm_pickup"]')!.click();
    await waitUntil(() => root().querySelector('input[value="slot_b"]'), 'the slots');
    root().querySelector<HTMLInputElement>('input[value="slot_b"]')!.click();
    const changed = nextEvent(first.el, 'rever-step-change');
    root().querySelector<HTMLButtonElement>('form:last-of-type button[type="submit"]')!.click();
    expect((await changed).detail.step).to.equal('review');
    reload(first.el, 'shipping');
    const stored = sessionStorage.getItem(KEY)!;
    for (const personal of [ADDRESS.name, ADDRESS.line1, ADDRESS.phone]) {
      expect(stored, 'no personal data').not.to.contain(personal);
    }

    const { el } = await load();
    const again = () => ship(el);
    await waitUntil(() => again().querySelector('input[value="slot_b"]'), 'the slots again');
    expect(again().querySelector<HTMLInputElement>('input[value="rm_pickup"]')!.checked).to.equal(
      true,
    );
    expect(again().querySelector<HTMLInputElement>('input[value="slot_b"]')!.checked).to.equal(
      true,
    );
    expect(again().querySelector<HTMLInputElement>('#f-line1')!.value).to.equal('');
  });
});
