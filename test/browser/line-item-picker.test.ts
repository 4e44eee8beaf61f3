import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../src/components/rever-returns/rever-returns.ts';
import type { ReverReturns } from '../../src/components/rever-returns/rever-returns.ts';
import type { ReverLineItemPicker } from '../../src/components/line-item-picker/line-item-picker.ts';
import { ReverIntentEvent } from '../../src/components/internal/intent-event.ts';
import type { Order } from '../../contract/index.ts';
import { createReverClient } from '../../src/services/client.ts';
import { en } from '../../src/i18n/en.ts';
import {
  deferred,
  fakeFetch,
  json,
  nextEvent,
  toItems as pastTheReturns,
  type Handler,
} from './helpers.ts';
import { largeOrder, returnOrder, storeReasons } from './fixtures.ts';

const START = 'POST /returns/intent/start';
const REASONS = 'GET /returns/ret_abc/return_reasons';
const ADD = 'POST /returns/ret_abc/line_items';
const LINES_PATH = '/returns/ret_abc/line_items';
const REFUNDS = 'GET /returns/ret_abc/refund_options';
const EXCHANGES = 'GET /returns/ret_abc/exchange_options';

interface AddBody {
  line_item_id: string;
  quantity: number;
  return_reason_id: string;
  comment?: string;
}

interface FakeOptions {
  /** A line whose add REVER refuses with a 422. */
  refuse?: string;
  /** Holds every add until it resolves. */
  gate?: Promise<void>;
  /** Lines whose first add or remove lands at REVER but whose answer is lost (a 502). */
  lose?: Set<string>;
}

/**
 * The proxy as REVER answers it: adds and removes change one return, and every answer lists
 * what the return holds now.
 */
function fakeRever(theOrder: Order = returnOrder, options: FakeOptions = {}) {
  const held = new Map<string, { quantity: number; return_reason_id: string }>();
  const answer = () =>
    json({
      return_id: 'ret_abc',
      line_items: [...held].map(([line_item_id, l]) => ({ line_item_id, ...l })),
    });
  const lost = (id: string) => {
    if (!options.lose?.delete(id)) return undefined;
    return json({ error: { code: 'bad_gateway', message: 'upstream failed' } }, 502);
  };
  const removes = Object.fromEntries(
    theOrder.line_items.map((line): [string, Handler] => [
      `DELETE ${LINES_PATH}/${line.id}`,
      () => {
        if (!held.delete(line.id)) {
          return json({ error: { code: 'not_found', message: 'not in the return' } }, 404);
        }
        return lost(line.id) ?? answer();
      },
    ]),
  );
  return fakeFetch({
    [START]: () => json({ order: theOrder }),
    [REASONS]: () => json({ return_reasons: storeReasons }),
    [ADD]: async (request) => {
      await options.gate;
      const body = (await request.clone().json()) as AddBody;
      if (body.line_item_id === options.refuse) {
        return json({ error: { code: 'not_returnable', message: 'raw upstream' } }, 422);
      }
      held.set(body.line_item_id, {
        quantity: body.quantity,
        return_reason_id: body.return_reason_id,
      });
      return lost(body.line_item_id) ?? answer();
    },
    ...removes,
    [REFUNDS]: () => json({ refund_options: [{ method: 'ORIGINAL_PAYMENT_METHOD' }] }),
    [EXCHANGES]: () => json({ exchange_options: [] }),
  });
}

type Fake = ReturnType<typeof fakeRever>;

const sent = (fake: Fake, method: string, path: string) =>
  fake.requests.filter((r) => r.method === method && new URL(r.url).pathname === path);

const bodies = (requests: Request[]) =>
  Promise.all(requests.map((r) => r.clone().json() as Promise<AddBody>));

/** Mounts the root and finds the order through the lookup form, as a shopper would. */
async function toItems(fake: Fake = fakeRever()) {
  const client = createReverClient({ proxyUrl: 'https://proxy.example', fetch: fake.fetch });
  const el = await fixture<ReverReturns>(html`<rever-returns .client=${client}></rever-returns>`);
  const lookup = el.shadowRoot!.querySelector('rever-order-lookup')!;
  await lookup.updateComplete;
  const form = lookup.shadowRoot!;
  for (const [id, value] of [
    ['email', 'anna@example.com'],
    ['orderNumber', '2002'],
  ] as const) {
    const input = form.querySelector<HTMLInputElement>(`#${id}`)!;
    input.value = value;
    input.dispatchEvent(new Event('input'));
  }
  form.querySelector('button')!.click();
  // The order has returns: shown first, none listed by this fake, so on to the items.
  await pastTheReturns(el);
  const picker = currentPicker(el);
  await picker.updateComplete;
  return { el, picker, fake };
}

const currentPicker = (el: ReverReturns) =>
  el.shadowRoot!.querySelector<ReverLineItemPicker>('rever-line-item-picker')!;

const shadow = (picker: ReverLineItemPicker) => picker.shadowRoot!;

const lineIndex = (id: string, theOrder: Order = returnOrder) =>
  theOrder.line_items.findIndex((l) => l.id === id);

const lineEl = (picker: ReverLineItemPicker, id: string) =>
  shadow(picker).querySelector<HTMLLIElement>(`li[data-id="${id}"]`)!;

/** Text as read aloud: runs of white space (no-break spaces too) as one space. */
const squash = (value: string) => value.replace(/\s+/g, ' ').trim();
const text = (node: Node | null | undefined) => squash(node?.textContent ?? '');

/**
 * A node as markup, for assertions: a failed assertion on a DOM node itself stalls the test
 * runner while it serializes the node, so tests compare strings and numbers instead.
 */
const markup = (node: Element | null | undefined) => node?.outerHTML ?? null;

/** Lets the root apply the step's intent and the step render what it gets back. */
async function settle(el: ReverReturns) {
  await el.updateComplete;
  await currentPicker(el)?.updateComplete;
}

async function tick(el: ReverReturns, id: string, theOrder: Order = returnOrder) {
  const picker = currentPicker(el);
  shadow(picker)
    .querySelector<HTMLInputElement>(`#pick-${lineIndex(id, theOrder)}`)!
    .click();
  await settle(el);
}

/** The reason select of a picked line, once the reasons have arrived. */
async function reasonSelect(el: ReverReturns, id: string, theOrder: Order = returnOrder) {
  const select = shadow(currentPicker(el)).querySelector<HTMLSelectElement>(
    `#reason-${lineIndex(id, theOrder)}`,
  )!;
  await waitUntil(() => !select.disabled, 'the reasons load');
  return select;
}

async function chooseReason(el: ReverReturns, id: string, reasonId: string) {
  const select = await reasonSelect(el, id);
  select.value = reasonId;
  select.dispatchEvent(new Event('change', { bubbles: true }));
  await settle(el);
}

/** Picks the coat (too small) and the tee (changed mind): a two-line return ready to send. */
async function pickTwo(el: ReverReturns) {
  await tick(el, 'li_coat');
  await tick(el, 'li_tee');
  await chooseReason(el, 'li_coat', 'too_small');
  await chooseReason(el, 'li_tee', 'changed_mind');
}

/** Types a value and leaves the field: input, then change, as a browser fires them. */
async function type(el: ReverReturns, selector: string, value: string) {
  const field = shadow(currentPicker(el)).querySelector<HTMLInputElement>(selector)!;
  field.value = value;
  field.dispatchEvent(new Event('input', { bubbles: true }));
  field.dispatchEvent(new Event('change', { bubbles: true }));
  await settle(el);
}

const submit = (el: ReverReturns) =>
  shadow(currentPicker(el)).querySelector<HTMLButtonElement>('button[type="submit"]')!.click();

/** Waits a few frames, so a request that should not be made has had every chance to be. */
const idle = () => new Promise((r) => setTimeout(r, 50));

describe('<rever-line-item-picker> inside <rever-returns>', () => {
  describe('the list of lines', () => {
    it('shows every line with its name, variant and price in the order currency', async () => {
      // Minor units per unit of each currency, from ISO 4217.
      const minorUnits: Record<string, number> = { GBP: 100, JPY: 1, KWD: 1000 };
      // The coat's line: 4 units for 399.96, so 99.99 each (the price of what one returns).
      const coatPrice: Record<string, string> = {
        GBP: '£99.99 each',
        JPY: '¥9,999 each',
        KWD: 'KWD 9.999 each',
      };
      for (const [currency, perUnit] of Object.entries(minorUnits)) {
        const theOrder = { ...returnOrder, currency };
        const { el, picker } = await toItems(fakeRever(theOrder));
        const money = new Intl.NumberFormat('en', { style: 'currency', currency });
        const items = shadow(picker).querySelectorAll<HTMLLIElement>('li.line');
        expect(items.length).to.equal(theOrder.line_items.length);
        theOrder.line_items.forEach((line, i) => {
          const item = items[i]!;
          expect(item.dataset.id).to.equal(line.id);
          expect(text(item.querySelector('.name'))).to.equal(line.name);
          expect(text(item.querySelector('.variant'))).to.equal(line.variant_name);
          const unit = squash(money.format(Math.round(line.total / line.quantity) / perUnit));
          expect(text(item.querySelector('.price'))).to.equal(
            line.quantity > 1 ? `${unit} each` : unit,
          );
        });
        expect(text(lineEl(picker, 'li_coat').querySelector('.price'))).to.equal(
          coatPrice[currency],
        );
        el.remove();
      }
    });

    it('disables each line with nothing to return and says why', async () => {
      const { picker } = await toItems();
      const why: Record<string, string> = {
        li_scarf: en['items.reason.returned'],
        li_belt: en['items.reason.in-progress'],
        li_card: en['items.reason.not-returnable'],
      };
      for (const [id, reason] of Object.entries(why)) {
        const box = lineEl(picker, id).querySelector<HTMLInputElement>('input[type="checkbox"]')!;
        expect(box.disabled, id).to.equal(true);
        // The reason is what the checkbox is described by, so a screen reader hears it too.
        const described = shadow(picker).getElementById(box.getAttribute('aria-describedby')!);
        expect(text(described), id).to.equal(reason);
      }
      for (const id of ['li_coat', 'li_tee']) {
        const box = lineEl(picker, id).querySelector<HTMLInputElement>('input[type="checkbox"]')!;
        expect(box.disabled, id).to.equal(false);
      }
      await expect(picker).to.be.accessible();
    });

    it('asks for a quantity only when more than one unit can be returned, up to that many', async () => {
      const { el, picker } = await toItems();
      await tick(el, 'li_coat');
      await tick(el, 'li_tee');
      const coat = lineEl(picker, 'li_coat');
      const quantity = coat.querySelector<HTMLInputElement>('input[type="number"]')!;
      expect(quantity, 'quantity field of a 3-unit line').to.be.instanceOf(HTMLInputElement);
      // 4 bought, 1 already returned: 3 can go back.
      expect(quantity.max).to.equal('3');
      expect(quantity.value).to.equal('1');
      expect(quantity.labels?.[0]?.textContent?.trim()).to.equal(en['items.quantity']);
      expect(markup(lineEl(picker, 'li_tee').querySelector('input[type="number"]'))).to.equal(null);
    });

    it('shows what the chosen quantity is worth, beside the unit price', async () => {
      const { el, picker } = await toItems();
      await tick(el, 'li_coat');
      const worth = () => text(lineEl(picker, 'li_coat').querySelector('#worth-0'));
      expect(worth()).to.equal('Returning 1: £99.99');
      await type(el, '#quantity-0', '2');
      expect(worth()).to.equal('Returning 2: £199.98');
    });

    it('keeps the quantity field showing what will be sent when more than allowed is typed', async () => {
      const { el, picker, fake } = await toItems();
      await tick(el, 'li_coat');
      await chooseReason(el, 'li_coat', 'too_small');
      const field = () => lineEl(picker, 'li_coat').querySelector<HTMLInputElement>('#quantity-0')!;
      // Mid-typing (the field emptied, nothing committed yet) the field is left as it is.
      field().value = '';
      field().dispatchEvent(new Event('input', { bubbles: true }));
      await settle(el);
      expect(field().value).to.equal('');
      await type(el, '#quantity-0', '3');
      expect(field().value).to.equal('3');
      await type(el, '#quantity-0', '9');
      expect(field().value, 'the field shows the quantity that will be sent').to.equal('3');
      // Not in silence: the field says why it shows 3, and is described by that.
      const error = lineEl(picker, 'li_coat').querySelector('#quantity-0-error');
      expect(text(error)).to.equal(en['items.quantityTooMany'].replaceAll('{max}', '3'));
      expect(field().getAttribute('aria-describedby')).to.contain('quantity-0-error');
      const synced = nextEvent(el, 'rever-step-change');
      submit(el);
      await synced;
      const [body] = await bodies(sent(fake, 'POST', LINES_PATH));
      expect(body!.quantity).to.equal(3);
    });

    it('offers the line’s own reasons, named as the store names them, in the shopper’s language', async () => {
      const { el, fake } = await toItems();
      await tick(el, 'li_tee');
      const select = await reasonSelect(el, 'li_tee');
      const options = [...select.options].map((o) => [o.value, text(o)]);
      const name = (id: string) => storeReasons.find((r) => r.id === id)!.name;
      expect(options).to.deep.equal([
        ['', en['items.reasonPlaceholder']],
        ...returnOrder.line_items[1]!.available_return_reasons.map(({ id }) => [id, name(id)]),
      ]);
      expect(select.value).to.equal('');
      expect(select.labels?.[0]?.textContent?.trim()).to.equal(en['items.reason']);
      const [reasonsRequest] = sent(fake, 'GET', '/returns/ret_abc/return_reasons');
      expect(new URL(reasonsRequest!.url).searchParams.get('lang')).to.equal('en');
      expect(reasonsRequest!.headers.get('x-rever-customer-token')).to.equal('tok_abc');
    });

    it('asks for a required comment when the chosen reason needs one', async () => {
      const { el, picker } = await toItems();
      await tick(el, 'li_coat');
      await chooseReason(el, 'li_coat', 'too_small');
      expect(markup(lineEl(picker, 'li_coat').querySelector('textarea'))).to.equal(null);
      await chooseReason(el, 'li_coat', 'damaged');
      const comment = lineEl(picker, 'li_coat').querySelector('textarea')!;
      expect(comment, 'comment field').to.be.instanceOf(HTMLTextAreaElement);
      expect(comment.labels?.[0]?.textContent?.trim()).to.equal(en['items.commentRequired']);
      // Required in the accessibility tree too, not only in the label's words.
      expect(comment.required || comment.getAttribute('aria-required') === 'true').to.equal(
        true,
        'the comment field is marked required',
      );
    });

    it('renders 250 lines and re-renders only the line that is ticked', async () => {
      const big = largeOrder(250);
      const { el, picker } = await toItems(fakeRever(big));
      const items = () => [...shadow(picker).querySelectorAll('li.line')];
      expect(items().length).to.equal(250);
      const before = items();
      expect(shadow(picker).querySelectorAll('.details').length).to.equal(0);

      await tick(el, 'li_137', big);
      expect(shadow(picker).querySelectorAll('.details').length).to.equal(1);
      expect(lineEl(picker, 'li_137').querySelector('.details')).to.be.instanceOf(HTMLElement);
      // The same 250 elements, in the same order: nothing was rebuilt.
      const after = items();
      for (let i = 0; i < after.length; i++) {
        expect(after[i] === before[i], `line ${i} kept`).to.equal(true);
      }

      await tick(el, 'li_137', big);
      expect(shadow(picker).querySelectorAll('.details').length).to.equal(0);
    });
  });

  describe('continuing', () => {
    it('asks for at least one item, without a request', async () => {
      const { el, picker, fake } = await toItems();
      await waitUntil(() => sent(fake, 'GET', '/returns/ret_abc/return_reasons').length === 1);
      const before = fake.requests.length;
      submit(el);
      await settle(el);
      const alert = shadow(picker).querySelector('[role="alert"]');
      expect(text(alert)).to.equal(en['items.nonePicked']);
      await idle();
      expect(fake.requests.length).to.equal(before);
      expect(el.step).to.equal('items');
      await expect(picker).to.be.accessible();
    });

    it('ties a missing reason to its field, focuses it, and sends nothing', async () => {
      const { el, picker, fake } = await toItems();
      await tick(el, 'li_coat');
      await tick(el, 'li_tee');
      await chooseReason(el, 'li_tee', 'changed_mind');
      const before = fake.requests.length;
      submit(el);
      await settle(el);
      const select = shadow(picker).querySelector<HTMLSelectElement>('#reason-0')!;
      expect(select.getAttribute('aria-invalid')).to.equal('true');
      const error = shadow(picker).getElementById(select.getAttribute('aria-describedby')!);
      expect(text(error)).to.equal(en['items.reasonMissing']);
      expect(lineEl(picker, 'li_coat').contains(error)).to.equal(true);
      // The complete line is not marked.
      const other = shadow(picker).querySelector<HTMLSelectElement>('#reason-1')!;
      expect(other.getAttribute('aria-invalid')).to.equal('false');
      expect(other.hasAttribute('aria-describedby')).to.equal(false);
      await waitUntil(() => shadow(picker).activeElement === select, 'focus on the reason');
      await idle();
      expect(fake.requests.length).to.equal(before);
      expect(el.step).to.equal('items');
      await expect(picker).to.be.accessible();

      // Choosing the reason clears the error at once.
      await chooseReason(el, 'li_coat', 'too_small');
      expect(select.getAttribute('aria-invalid')).to.equal('false');
      expect(markup(shadow(picker).querySelector('.field-error'))).to.equal(null);
    });

    it('focuses the first incomplete line in the list, whatever order they were ticked in', async () => {
      const { el, picker } = await toItems();
      await tick(el, 'li_tee');
      await tick(el, 'li_coat');
      await reasonSelect(el, 'li_coat');
      submit(el);
      await settle(el);
      await waitUntil(() => shadow(picker).activeElement !== null, 'focus moves to a field');
      // The coat comes first in the list: its reason is the first field to fix.
      expect(shadow(picker).activeElement?.id).to.equal('reason-0');
    });

    it('refuses a reason that needs a comment until the comment is written', async () => {
      const { el, picker, fake } = await toItems();
      await tick(el, 'li_coat');
      await chooseReason(el, 'li_coat', 'damaged');
      await type(el, '#comment-0', '   ');
      const before = fake.requests.length;
      submit(el);
      await settle(el);
      const comment = shadow(picker).querySelector<HTMLTextAreaElement>('#comment-0')!;
      expect(comment.getAttribute('aria-invalid')).to.equal('true');
      const error = shadow(picker).getElementById(comment.getAttribute('aria-describedby')!);
      expect(text(error)).to.equal(en['items.commentMissing']);
      await waitUntil(() => shadow(picker).activeElement === comment, 'focus on the comment');
      await idle();
      expect(fake.requests.length).to.equal(before);
    });

    it('adds each picked line once, with its quantity, reason and comment, then moves on', async () => {
      const { el, fake } = await toItems();
      await tick(el, 'li_coat');
      await tick(el, 'li_tee');
      await type(el, '#quantity-0', '2');
      await chooseReason(el, 'li_coat', 'damaged');
      await type(el, '#comment-0', '  Torn seam  ');
      await chooseReason(el, 'li_tee', 'changed_mind');
      const changed = nextEvent(el, 'rever-step-change');
      submit(el);
      expect((await changed).detail).to.deep.equal({ step: 'resolution', previous: 'items' });
      expect(el.step).to.equal('resolution');

      const adds = sent(fake, 'POST', LINES_PATH);
      expect(adds.length).to.equal(2);
      const byLine = Object.fromEntries((await bodies(adds)).map((b) => [b.line_item_id, b]));
      expect(byLine).to.deep.equal({
        li_coat: {
          line_item_id: 'li_coat',
          quantity: 2,
          return_reason_id: 'damaged',
          comment: 'Torn seam',
        },
        li_tee: { line_item_id: 'li_tee', quantity: 1, return_reason_id: 'changed_mind' },
      });
      for (const add of adds) {
        expect(add.headers.get('x-rever-customer-token')).to.equal('tok_abc');
      }
      expect(fake.requests.filter((r) => r.method === 'DELETE').length).to.equal(0);
    });

    it('shows it is saving and ignores a second continue meanwhile', async () => {
      const gate = deferred<void>();
      const fake = fakeRever(returnOrder, { gate: gate.promise });
      const { el, picker } = await toItems(fake);
      await tick(el, 'li_tee');
      await chooseReason(el, 'li_tee', 'too_small');
      submit(el);
      await settle(el);
      const button = shadow(picker).querySelector<HTMLButtonElement>('button[type="submit"]')!;
      expect(button.getAttribute('aria-disabled')).to.equal('true');
      expect(text(shadow(picker).querySelector('[role="status"]'))).to.equal(en['items.saving']);
      shadow(picker).querySelector('form')!.requestSubmit();
      await settle(el);
      const changed = nextEvent(el, 'rever-step-change');
      gate.resolve();
      await changed;
      expect(sent(fake, 'POST', LINES_PATH).length).to.equal(1);
    });

    it('going back, removes an unticked line and leaves unchanged lines alone', async () => {
      const { el, fake } = await toItems();
      await pickTwo(el);
      let changed = nextEvent(el, 'rever-step-change');
      submit(el);
      await changed;
      expect(sent(fake, 'POST', LINES_PATH).length).to.equal(2);

      const resolution = el.shadowRoot!.querySelector('rever-resolution-picker')!;
      await resolution.updateComplete;
      changed = nextEvent(el, 'rever-step-change');
      [...resolution.shadowRoot!.querySelectorAll('button')]
        .find((b) => text(b) === en['nav.back'])!
        .click();
      expect((await changed).detail).to.deep.equal({ step: 'items', previous: 'resolution' });
      await settle(el);

      await tick(el, 'li_tee');
      changed = nextEvent(el, 'rever-step-change');
      submit(el);
      expect((await changed).detail.step).to.equal('resolution');
      const deletes = fake.requests.filter((r) => r.method === 'DELETE');
      expect(deletes.map((r) => new URL(r.url).pathname)).to.deep.equal([`${LINES_PATH}/li_tee`]);
      expect(sent(fake, 'POST', LINES_PATH).length, 'no new add for the unchanged coat').to.equal(
        2,
      );
    });

    it('shows REVER’s refusal of one line on that line and stays', async () => {
      const { el, picker } = await toItems(fakeRever(returnOrder, { refuse: 'li_tee' }));
      await pickTwo(el);
      const failed = nextEvent(el, 'rever-error');
      submit(el);
      expect((await failed).detail).to.deep.equal({
        code: 'not-returnable',
        status: 422,
        step: 'items',
      });
      await settle(el);
      const alerts = [...shadow(picker).querySelectorAll('[role="alert"]')];
      expect(alerts.length).to.equal(1);
      expect(lineEl(picker, 'li_tee').contains(alerts[0]!)).to.equal(true);
      expect(text(alerts[0])).to.equal(en['error.not-returnable']);
      expect(el.step).to.equal('items');
      expect(
        shadow(picker)
          .querySelector<HTMLButtonElement>('button[type="submit"]')!
          .getAttribute('aria-disabled'),
      ).to.equal('false');
      await expect(picker).to.be.accessible();
    });

    it('removes a line whose add landed unanswered, once the shopper unticks it', async () => {
      const fake = fakeRever(returnOrder, { lose: new Set(['li_tee']) });
      const { el, picker } = await toItems(fake);
      await pickTwo(el);
      const failed = nextEvent(el, 'rever-error');
      submit(el);
      expect((await failed).detail.code).to.equal('server');
      await settle(el);
      expect(el.step).to.equal('items');

      await tick(el, 'li_tee');
      const changed = nextEvent(el, 'rever-step-change');
      submit(el);
      expect((await changed).detail.step).to.equal('resolution');
      const deletes = fake.requests.filter((r) => r.method === 'DELETE');
      expect(deletes.map((r) => new URL(r.url).pathname)).to.deep.equal([`${LINES_PATH}/li_tee`]);
      expect(shadow(picker).querySelectorAll('[role="alert"]').length).to.equal(0);
    });

    it('goes on when a remove answers “not found” because an earlier one landed', async () => {
      const lose = new Set<string>();
      const fake = fakeRever(returnOrder, { lose });
      const { el } = await toItems(fake);
      await pickTwo(el);
      let changed = nextEvent(el, 'rever-step-change');
      submit(el);
      await changed;
      changed = nextEvent(el, 'rever-step-change');
      el.shadowRoot!.querySelector('rever-resolution-picker')!.dispatchEvent(
        new ReverIntentEvent('go-to', { step: 'items' }),
      );
      await changed;
      await settle(el);

      fake.requests.length = 0;
      lose.add('li_tee');
      await tick(el, 'li_tee');
      const failed = nextEvent(el, 'rever-error');
      submit(el);
      await failed;
      await settle(el);
      changed = nextEvent(el, 'rever-step-change');
      submit(el);
      expect((await changed).detail.step).to.equal('resolution');
      const deletes = fake.requests.filter((r) => r.method === 'DELETE');
      expect(deletes.length, 'the retried remove was answered 404').to.equal(2);
    });

    it('sends a change made while the items were being saved before moving on', async () => {
      const gate = deferred<void>();
      const fake = fakeRever(returnOrder, { gate: gate.promise });
      const { el } = await toItems(fake);
      await tick(el, 'li_tee');
      await chooseReason(el, 'li_tee', 'too_small');
      submit(el);
      await settle(el);
      await chooseReason(el, 'li_tee', 'changed_mind');
      const changed = nextEvent(el, 'rever-step-change');
      gate.resolve();
      expect((await changed).detail.step).to.equal('resolution');
      const adds = await bodies(sent(fake, 'POST', LINES_PATH));
      expect(adds.map((b) => b.return_reason_id)).to.deep.equal(['too_small', 'changed_mind']);
    });

    it('says it is offline, keeps the picks, and carries on by itself once back online', async () => {
      const fake = fakeRever();
      const inner = fake.fetch;
      let offline = false;
      fake.fetch = (input, init) =>
        offline ? Promise.reject(new TypeError('Failed to fetch')) : inner(input, init);
      const { el, picker } = await toItems(fake);
      await tick(el, 'li_tee');
      await chooseReason(el, 'li_tee', 'too_small');

      const onLine = Object.getOwnPropertyDescriptor(Navigator.prototype, 'onLine')!;
      Object.defineProperty(navigator, 'onLine', { configurable: true, get: () => !offline });
      try {
        offline = true;
        window.dispatchEvent(new Event('offline'));
        await el.updateComplete;
        const banner = () => text(el.shadowRoot!.querySelector('.offline'));
        expect(banner()).to.equal(en['offline']);

        const failed = nextEvent(el, 'rever-error');
        submit(el);
        expect((await failed).detail.code).to.equal('network');
        await settle(el);
        // The banner says it once: no "check your connection" alert beside it.
        expect(shadow(picker).querySelector('[role="alert"]')).to.equal(null);
        const select = shadow(picker).querySelector<HTMLSelectElement>(
          `#reason-${lineIndex('li_tee')}`,
        )!;
        expect(select.value, 'the reason is kept').to.equal('too_small');

        offline = false;
        const changed = nextEvent(el, 'rever-step-change');
        window.dispatchEvent(new Event('online'));
        expect((await changed).detail.step).to.equal('resolution');
        expect(banner()).to.equal('');
        expect(sent(fake, 'POST', LINES_PATH).length).to.equal(1);
      } finally {
        delete (navigator as { onLine?: boolean }).onLine;
        expect(Object.getOwnPropertyDescriptor(Navigator.prototype, 'onLine')).to.deep.equal(
          onLine,
        );
      }
    });

    it('keeps focus on the continue button when saving fails', async () => {
      const { el, picker } = await toItems(fakeRever(returnOrder, { refuse: 'li_tee' }));
      await tick(el, 'li_tee');
      await chooseReason(el, 'li_tee', 'changed_mind');
      const button = shadow(picker).querySelector<HTMLButtonElement>('button[type="submit"]')!;
      button.focus();
      const failed = nextEvent(el, 'rever-error');
      button.click();
      await failed;
      await settle(el);
      expect(shadow(picker).activeElement === button, 'focus is still on continue').to.equal(true);
    });

    it('clears a refused line’s error once the shopper changes that line', async () => {
      const fake = fakeRever(returnOrder, { refuse: 'li_tee' });
      const { el, picker } = await toItems(fake);
      await pickTwo(el);
      const failed = nextEvent(el, 'rever-error');
      submit(el);
      await failed;
      await settle(el);
      expect(shadow(picker).querySelectorAll('[role="alert"]').length).to.equal(1);

      await tick(el, 'li_tee');
      expect(
        [...shadow(picker).querySelectorAll('[role="alert"]')].map((a) => text(a)),
        'no error is left once the refused line is unticked',
      ).to.deep.equal([]);

      // And the coat, already in the return, is not added again.
      const changed = nextEvent(el, 'rever-step-change');
      submit(el);
      await changed;
      const adds = await bodies(sent(fake, 'POST', LINES_PATH));
      expect(adds.filter((b) => b.line_item_id === 'li_coat').length).to.equal(1);
    });

    it('asks for the return reasons once, however often the step is opened', async () => {
      const { el, fake } = await toItems();
      await tick(el, 'li_tee');
      await chooseReason(el, 'li_tee', 'too_small');
      let changed = nextEvent(el, 'rever-step-change');
      submit(el);
      await changed;
      const resolution = el.shadowRoot!.querySelector('rever-resolution-picker')!;
      await resolution.updateComplete;
      changed = nextEvent(el, 'rever-step-change');
      [...resolution.shadowRoot!.querySelectorAll('button')]
        .find((b) => text(b) === en['nav.back'])!
        .click();
      await changed;
      await settle(el);
      // The reasons are there again (the select is enabled) without a second request.
      const select = await reasonSelect(el, 'li_tee');
      expect(select.value).to.equal('too_small');
      await idle();
      expect(sent(fake, 'GET', '/returns/ret_abc/return_reasons').length).to.equal(1);
    });
  });

  describe('with the keyboard only', () => {
    it('ticks a line, picks a reason and continues', async () => {
      const { el, picker, fake } = await toItems();
      const root = shadow(picker);
      await waitUntil(() => root.activeElement === root.querySelector('h2'), 'heading focus');

      await sendKeys({ press: 'Tab' });
      expect(root.activeElement?.id).to.equal('pick-0');
      await sendKeys({ press: 'Space' });
      await settle(el);
      expect(root.querySelector<HTMLInputElement>('#pick-0')!.checked).to.equal(true);
      await reasonSelect(el, 'li_coat');

      // Quantity, then the reason.
      await sendKeys({ press: 'Tab' });
      expect(root.activeElement?.id).to.equal('quantity-0');
      await sendKeys({ press: 'ArrowUp' });
      await settle(el);
      await sendKeys({ press: 'Tab' });
      expect(root.activeElement?.id).to.equal('reason-0');
      await sendKeys({ press: 'ArrowDown' });
      await settle(el);
      expect(root.querySelector<HTMLSelectElement>('#reason-0')!.value).to.equal(
        returnOrder.line_items[0]!.available_return_reasons[0]!.id,
      );

      const submitButton = root.querySelector('button[type="submit"]');
      for (let i = 0; i < 10 && root.activeElement !== submitButton; i++) {
        await sendKeys({ press: 'Tab' });
      }
      expect(root.activeElement === submitButton).to.equal(true, 'focus on Continue');
      const changed = nextEvent(el, 'rever-step-change');
      await sendKeys({ press: 'Enter' });
      expect((await changed).detail.step).to.equal('resolution');
      const [body] = await bodies(sent(fake, 'POST', LINES_PATH));
      expect(body).to.deep.equal({
        line_item_id: 'li_coat',
        quantity: 2,
        return_reason_id: 'too_small',
      });
    });

    it('continues with Space on the button too', async () => {
      const { el, picker } = await toItems();
      const root = shadow(picker);
      await tick(el, 'li_tee');
      await chooseReason(el, 'li_tee', 'too_small');
      root.querySelector<HTMLButtonElement>('button[type="submit"]')!.focus();
      const changed = nextEvent(el, 'rever-step-change');
      await sendKeys({ press: 'Space' });
      expect((await changed).detail.step).to.equal('resolution');
    });
  });

  describe('accessibility', () => {
    it('passes axe with nothing picked, with lines picked, and with a refused line', async () => {
      const { el, picker } = await toItems(fakeRever(returnOrder, { refuse: 'li_tee' }));
      await expect(picker).to.be.accessible();
      await tick(el, 'li_coat');
      await tick(el, 'li_tee');
      await chooseReason(el, 'li_coat', 'damaged');
      await reasonSelect(el, 'li_tee');
      await expect(picker).to.be.accessible();
      await type(el, '#comment-0', 'Torn');
      await chooseReason(el, 'li_tee', 'too_small');
      const failed = nextEvent(el, 'rever-error');
      submit(el);
      await failed;
      await settle(el);
      expect(shadow(picker).querySelector('[role="alert"]')).to.be.instanceOf(HTMLElement);
      await expect(picker).to.be.accessible();
    });
  });
});
