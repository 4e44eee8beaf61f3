// The "Send it back" step in Chromium, over the real client and a route-table fake of the proxy:
// each method type (and one the widget does not know), its cost for the refund methods chosen,
// the drop-off search (points, none, an error), the pickup address's validation, a slot taken
// meanwhile (422), axe in each state, and the whole choice made with the keyboard.
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../src/components/return-method/return-method.ts';
import type { ReverReturnMethod } from '../../src/components/return-method/return-method.ts';
import type { ReverIntentEvent } from '../../src/components/internal/intent-event.ts';
import { createReverClient } from '../../src/services/client.ts';
import type { DropOffPoint, Order, ReturnMethod } from '../../contract/index.ts';
import { ibmResults } from './a11y-engines.ts';
import { stepDraft } from './fixtures.ts';
import { effectsOver, fakeFetch, json, type Handler } from './helpers.ts';

const order: Order = {
  id: 'ord_1',
  currency: 'EUR',
  return_id: 'ret_abc',
  customer_token: 'tok_abc',
  line_items: [],
  shipping_address: {
    name: 'Ana García',
    line1: 'Calle Mayor 1',
    city: 'Madrid',
    postal_code: '28013',
    country: 'ES',
  },
};

const METHODS: ReturnMethod[] = [
  {
    id: 'rm_pickup',
    type: 'HOME_PICKUP',
    carrier: { name: 'SEUR' },
    label: 'PRINTED',
    costs: [
      { method: 'ORIGINAL_PAYMENT_METHOD', amount: 600 },
      { method: 'BANK_TRANSFER', amount: 700 },
    ],
    requires: ['ADDRESS', 'PICKUP_SLOT'],
  },
  {
    id: 'rm_dropoff',
    type: 'DROP_OFF',
    carrier: { name: 'Correos' },
    label: 'QR',
    costs: [],
    requires: ['DROP_OFF_POINT'],
  },
  {
    id: 'rm_locker',
    type: 'PARCEL_LOCKER',
    carrier: null,
    label: 'NONE',
    costs: [],
    requires: [],
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
    opening_hours: [{ day: 2, opens: '18:00', closes: '02:00' }],
  },
  {
    id: 'dp_2',
    name: 'Oficina Cibeles',
    carrier: 'Correos',
    address: { line1: 'Paseo del Prado 1', city: 'Madrid', postal_code: '28014', country: 'ES' },
    distance_m: 1450,
    opening_hours: [{ day: 2, opens: '09:00', closes: '14:00' }],
  },
];

const SLOTS = [
  { id: 'slot_a', date: '2026-12-03', from: '09:00', to: '14:00' },
  { id: 'slot_b', date: '2026-12-03', from: '14:00', to: '19:00' },
  { id: 'slot_c', date: '2026-12-04', from: '09:00', to: '14:00' },
];

const chosenAnswer = {
  return_id: 'ret_abc',
  return_cost: 600,
  refund_total: 7395,
  pending_credit_to_use: 0,
  currency: 'EUR',
};

function fake(routes: Record<string, Handler> = {}) {
  return fakeFetch({
    'GET /returns/ret_abc/return_methods': () => json({ return_methods: METHODS }),
    'GET /returns/ret_abc/refund_options': () =>
      json({
        refund_options: [
          { method: 'ORIGINAL_PAYMENT_METHOD' },
          { method: 'BANK_TRANSFER' },
          { method: 'STORE_CREDIT', bonus_percentage: 10 },
        ],
      }),
    'GET /returns/ret_abc/drop_off_points': (request) =>
      json({
        drop_off_points:
          new URL(request.url).searchParams.get('postal_code') === '28013' ? POINTS : [],
      }),
    'GET /returns/ret_abc/pickup_slots': () => json({ pickup_slots: SLOTS }),
    'POST /returns/ret_abc/return_method': () => json(chosenAnswer),
    ...routes,
  });
}

/** Tuesday 1 Dec 2026, 19:00 in Madrid: the late shop is open, the office closed. */
const TUESDAY_EVENING = () => new Date('2026-12-01T18:00:00Z');

async function mount(f = fake(), d = stepDraft(order)) {
  const client = createReverClient({ proxyUrl: 'https://proxy.example', fetch: f.fetch });
  const el = await fixture<ReverReturnMethod>(
    html`<rever-return-method
      .draft=${d}
      .effects=${effectsOver(client)}
      .now=${TUESDAY_EVENING}
    ></rever-return-method>`,
  );
  const intents: ReverIntentEvent[] = [];
  el.addEventListener('rever-intent', (e) => intents.push(e as ReverIntentEvent));
  await waitUntil(() => el.shadowRoot!.querySelectorAll('input[name$="-method"]').length === 3);
  return { el, f, intents, root: el.shadowRoot! };
}

const text = (el: Element) => (el.textContent ?? '').replace(/\s+/g, ' ').trim();
const optionOf = (root: ShadowRoot, label: string) =>
  [...root.querySelectorAll<HTMLLabelElement>('label.option')].find((l) =>
    text(l).includes(label),
  )!;

function choose(root: ShadowRoot, label: string) {
  optionOf(root, label).querySelector('input')!.click();
}

async function submit(el: ReverReturnMethod) {
  el.shadowRoot!.querySelector<HTMLButtonElement>(
    'form:last-of-type button[type="submit"]',
  )!.click();
  await el.updateComplete;
}

describe('<rever-return-method>', () => {
  it('lists each method: its kind, carrier, label or phone, and its cost for this return', async () => {
    const { root } = await mount();
    const pickup = text(optionOf(root, 'Home pickup'));
    expect(pickup).to.contain('· SEUR');
    expect(pickup).to.contain('Needs a printer');
    expect(pickup).to.contain('€6.00, off your refund');
    // The bank transfer costs 7.00 and store credit nothing: the free one is named.
    expect(pickup).to.contain('Free with Store credit');
    const dropOff = text(optionOf(root, 'Drop-off point'));
    expect(dropOff).to.contain('Phone only: a QR code');
    expect(dropOff).to.contain('Free');
    // A type the widget does not know, by its name.
    expect(text(optionOf(root, 'parcel locker'))).to.contain('No label');
    await expect(root.host).to.be.accessible();
  });

  it('says nothing about a cheaper refund method when the one chosen is free', async () => {
    const { root } = await mount(fake(), stepDraft(order, 'STORE_CREDIT'));
    const pickup = text(optionOf(root, 'Home pickup'));
    expect(pickup).to.contain('Free');
    expect(pickup).not.to.contain(' with ');
  });

  it('drop-off: searches the shipping postcode, lists the points nearest first with hours, and chooses one', async () => {
    const { el, root, f, intents } = await mount();
    choose(root, 'Drop-off point');
    await waitUntil(() => root.querySelectorAll('input[name$="-point"]').length === 2);
    const search = f.requests.find((r) => r.url.includes('drop_off_points'))!;
    const query = new URL(search.url).searchParams;
    expect([query.get('postal_code'), query.get('country'), query.get('return_method_id')]).to.eql([
      '28013',
      'ES',
      'rm_dropoff',
    ]);
    const [late, office] = [...root.querySelectorAll('input[name$="-point"]')].map((i) =>
      i.closest('li')!,
    );
    expect(text(late!)).to.contain('120 m away');
    expect(text(late!)).to.contain('Open now');
    expect(text(late!)).to.contain('Today 18:00–02:00');
    expect(text(office!)).to.contain('1.5 km away');
    expect(text(office!)).to.contain('Closed now');
    const maps = late!.querySelector('a')!;
    expect(new URL(maps.href).protocol).to.equal('https:');
    expect(maps.rel).to.contain('noopener');
    await expect(el).to.be.accessible();

    // Continue without a point: said, nothing sent.
    await submit(el);
    expect(text(root.querySelector('[role="alert"]')!)).to.contain('Choose a point.');
    expect(f.requests.some((r) => r.method === 'POST')).to.equal(false);

    late!.querySelector('input')!.click();
    await submit(el);
    await waitUntil(() => intents.some((i) => i.intent.type === 'step-done'));
    const post = f.requests.find((r) => r.method === 'POST')!;
    expect(await post.clone().json()).to.eql({
      return_method_id: 'rm_dropoff',
      drop_off_point_id: 'dp_1',
    });
    const chosen = intents.find((i) => i.intent.type === 'return-method-chosen')!;
    expect(chosen.intent.detail).to.deep.include({ answer: chosenAnswer, point: POINTS[0] });
  });

  it('drop-off: a postcode with no points says so; a failed search says so with a retry', async () => {
    let fail = true;
    const { el, root } = await mount(
      fake({
        'GET /returns/ret_abc/drop_off_points': () =>
          fail
            ? json({ error: { code: 'internal', message: 'x' } }, 503)
            : json({ drop_off_points: [] }),
      }),
    );
    choose(root, 'Drop-off point');
    await waitUntil(() => root.querySelector('[role="alert"]'), 'the error', { timeout: 8000 });
    expect(text(root.querySelector('[role="alert"]')!)).to.contain('problem');
    await expect(el).to.be.accessible();
    fail = false;
    const input = root.querySelector<HTMLInputElement>('#postcode')!;
    input.value = '99999';
    input.dispatchEvent(new Event('input'));
    root.querySelector<HTMLButtonElement>('form.search button')!.click();
    await waitUntil(() =>
      text(root.host.shadowRoot!.querySelector('section')!).includes('No points near 99999'),
    );
    await expect(el).to.be.accessible();
  });

  it('pickup: validates the address before anything is sent, and keeps what was typed', async () => {
    const { el, root, f } = await mount();
    choose(root, 'Home pickup');
    await waitUntil(() => root.querySelectorAll('input[name$="-slot"]').length === 3);
    // Slots grouped by day, as radios.
    const days = [...root.querySelectorAll('.day')].map(text);
    expect(days).to.eql(['Thu, Dec 3', 'Fri, Dec 4']);
    const line1 = root.querySelector<HTMLInputElement>('#f-line1')!;
    expect(line1.value).to.equal('Calle Mayor 1');
    line1.value = '';
    line1.dispatchEvent(new Event('input'));
    const postcode = root.querySelector<HTMLInputElement>('#f-postal_code')!;
    postcode.value = '28 013 !';
    postcode.dispatchEvent(new Event('input'));
    root.querySelector<HTMLInputElement>('input[name$="-slot"]')!.click();
    await submit(el);
    expect(text(root.querySelector('#f-line1-error')!)).to.equal('Fill in: Street.');
    expect(text(root.querySelector('#f-postal_code-error')!)).to.equal('Check: Postcode.');
    expect(root.querySelector('#f-line1')!.getAttribute('aria-invalid')).to.equal('true');
    // Focus goes to the first field to fix, on the first Continue already.
    await waitUntil(() => root.activeElement?.id === 'f-line1', 'focus on the street');
    expect(postcode.value).to.equal('28 013 !');
    expect(f.requests.some((r) => r.method === 'POST')).to.equal(false);
    await expect(el).to.be.accessible();
  });

  it('pickup: the slots are one choice of one name, each day a list named by it; two widgets’ radios keep apart', async () => {
    // Two on one page: IBM's checker compares radio names across the page, shadow roots
    // included, so each element names its radios its own way.
    const one = await mount();
    const two = await mount();
    for (const { root } of [one, two]) choose(root, 'Home pickup');
    const slotsOf = (root: ShadowRoot) => [
      ...root.querySelectorAll<HTMLInputElement>('input[type="radio"][name$="-slot"]'),
    ];
    await waitUntil(() => slotsOf(one.root).length === 3 && slotsOf(two.root).length === 3);
    const slots = slotsOf(one.root);
    const { name } = slots[0]!;
    expect(slots.map((s) => s.name)).to.eql([name, name, name]);
    expect(slotsOf(two.root)[0]!.name).not.to.equal(name);
    const methodName = (root: ShadowRoot) =>
      root.querySelector<HTMLInputElement>('input[value="rm_pickup"]')!.name;
    expect(methodName(one.root)).not.to.equal(methodName(two.root));
    // One group: the fieldset of the pickup time, no group per day.
    const group = slots[0]!.closest('fieldset')!;
    expect(text(group.querySelector('legend')!)).to.equal('Pickup time');
    expect(
      slots.map((s) => s.closest('fieldset, [role="group"], [role="radiogroup"]') === group),
    ).to.eql([true, true, true]);
    const days = [...group.querySelectorAll('ul[aria-labelledby]')].map((list) =>
      text(one.root.getElementById(list.getAttribute('aria-labelledby')!)!),
    );
    expect(days).to.eql(['Thu, Dec 3', 'Fri, Dec 4']);
    // Not even a potential finding of IBM's grouping rule, in either widget.
    for (const { el } of [one, two]) {
      const grouping = (await ibmResults(el)).filter(
        (r) => r.ruleId === 'input_checkboxes_grouped' && r.value[1] !== 'PASS',
      );
      expect(grouping.map((r) => `${r.reasonId} at ${r.path.dom}`)).to.deep.equal([]);
    }
    // The arrow keys go through every slot, from one day to the next.
    slots[0]!.focus();
    await sendKeys({ press: 'Space' });
    await one.el.updateComplete;
    expect(slots.map((s) => s.checked)).to.eql([true, false, false]);
    await sendKeys({ press: 'ArrowDown' });
    await sendKeys({ press: 'ArrowDown' });
    await one.el.updateComplete;
    expect(one.root.activeElement === slots[2]).to.equal(true);
    expect(slots.map((s) => s.checked)).to.eql([false, false, true]);
    await expect(one.el).to.be.accessible();
  });

  it('pickup: a slot taken meanwhile (422) is said, and the free slots are shown again', async () => {
    let taken = false;
    const { el, root, f, intents } = await mount(
      fake({
        'GET /returns/ret_abc/pickup_slots': () =>
          json({ pickup_slots: taken ? SLOTS.slice(1) : SLOTS }),
        'POST /returns/ret_abc/return_method': async (request) => {
          const body = (await request.clone().json()) as { pickup_slot_id: string };
          if (body.pickup_slot_id === 'slot_a') {
            taken = true;
            return json({ error: { code: 'slot_unavailable', message: 'gone' } }, 422);
          }
          return json(chosenAnswer);
        },
      }),
    );
    choose(root, 'Home pickup');
    await waitUntil(() => root.querySelectorAll('input[name$="-slot"]').length === 3);
    root.querySelector<HTMLInputElement>('input[name$="-slot"]')!.click();
    await submit(el);
    await waitUntil(
      () => root.querySelectorAll('input[name$="-slot"]').length === 2,
      'slots again',
    );
    expect(text(root.querySelector('[role="alert"]')!)).to.equal(
      'That time was just taken. Choose another.',
    );
    await expect(el).to.be.accessible();
    root.querySelector<HTMLInputElement>('input[name$="-slot"]')!.click();
    await submit(el);
    await waitUntil(() => intents.some((i) => i.intent.type === 'step-done'));
    const posts = f.requests.filter((r) => r.method === 'POST');
    expect(posts).to.have.length(2);
    expect(await posts[1]!.clone().json()).to.deep.include({
      return_method_id: 'rm_pickup',
      pickup_slot_id: 'slot_b',
      pickup_address: order.shipping_address,
    });
  });

  it('is done with the keyboard alone', async () => {
    const { el, root, intents } = await mount();
    root.querySelector<HTMLInputElement>('input[name$="-method"]')!.focus();
    // Arrow keys move through a radio group; the third is the locker, which needs nothing.
    await sendKeys({ press: 'ArrowDown' });
    await sendKeys({ press: 'ArrowDown' });
    await el.updateComplete;
    expect(root.querySelector<HTMLInputElement>('input[value="rm_locker"]')!.checked).to.equal(
      true,
    );
    const button = root.querySelector<HTMLButtonElement>(
      'form:last-of-type button[type="submit"]',
    )!;
    button.focus();
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => intents.some((i) => i.intent.type === 'step-done'));
  });
});
