// The whole return in Chromium against the real thing: the reference proxy in front of the
// embedded mock of REVER, over HTTP (started by web-test-runner.config.js). One order per
// currency kind, each with an exchange and a refund in the same return.
import { expect, fixture, fixtureCleanup, html, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../src/components/rever-returns/rever-returns.ts';
import type { ReverReturns } from '../../src/components/rever-returns/rever-returns.ts';
import { nextEvent, type Step } from './helpers.ts';

function stepRoot(el: ReverReturns, tag: Step): ShadowRoot {
  const step = el.shadowRoot!.querySelector(tag);
  if (!step?.shadowRoot) throw new Error(`${tag} is not shown`);
  return step.shadowRoot;
}

async function until(el: ReverReturns, tag: Step, selector: string) {
  await waitUntil(
    () => el.shadowRoot!.querySelector(tag)?.shadowRoot?.querySelector(selector),
    `${tag} ${selector}`,
    {
      timeout: 5000,
    },
  );
  return stepRoot(el, tag).querySelector<HTMLElement>(selector)!;
}

async function settle(el: ReverReturns) {
  await el.updateComplete;
  await new Promise((resolve) => setTimeout(resolve));
}

function setValue(control: HTMLInputElement | HTMLSelectElement, value: string, type = 'change') {
  control.value = value;
  control.dispatchEvent(new Event(type, { bubbles: true }));
}

interface Pick {
  name: string;
  reason: string;
  quantity?: number;
  /** A refund method, or the variant name to exchange for. */
  resolve: { method: string } | { exchangeFor: string };
}

/** How the parcel goes back: a method's id, and for a pickup whether to try the slot that goes. */
interface SendBack {
  method: string;
  slotTaken?: boolean;
}

/**
 * The "Send it back" step: the method, then its drop-off point (the nearest) or its pickup slot
 * (the first; when that one is taken meanwhile, the first of those shown again).
 */
async function sendItBack(el: ReverReturns, send: SendBack) {
  const radio = await until(el, 'rever-return-method', `input[value="${send.method}"]`);
  radio.click();
  const root = stepRoot(el, 'rever-return-method');
  const submit = () =>
    root.querySelector<HTMLButtonElement>('form:last-of-type button[type="submit"]')!.click();
  if (send.method.includes('dropoff')) {
    await until(el, 'rever-return-method', 'input[name$="-point"]');
    root.querySelector<HTMLInputElement>('input[name$="-point"]')!.click();
  }
  if (send.method.includes('pickup')) {
    await until(el, 'rever-return-method', 'input[name$="-slot"]');
    const first = root.querySelector<HTMLInputElement>('input[name$="-slot"]')!;
    const firstId = first.value;
    first.click();
    if (send.slotTaken) {
      await settle(el);
      submit();
      await until(el, 'rever-return-method', '[role="alert"]');
      expect(root.querySelector('[role="alert"]')!.textContent).to.contain('just taken');
      await waitUntil(() => {
        const again = root.querySelector<HTMLInputElement>('input[name$="-slot"]');
        return !!again && again.value !== firstId;
      }, 'the slots shown again');
      root.querySelector<HTMLInputElement>('input[name$="-slot"]')!.click();
    }
  }
  await settle(el);
  submit();
}

async function completeReturn(
  el: ReverReturns,
  email: string,
  number: string,
  picks: Pick[],
  send: SendBack,
) {
  const lookup = stepRoot(el, 'rever-order-lookup');
  setValue(lookup.querySelector<HTMLInputElement>('#email')!, email, 'input');
  setValue(lookup.querySelector<HTMLInputElement>('#orderNumber')!, number, 'input');
  lookup.querySelector('button')!.click();

  // An order with a return under way shows its returns first (issue 13, item 9).
  await waitUntil(() => el.step === 'items' || el.step === 'returns', 'the order found', {
    timeout: 5000,
  });
  if (el.step === 'returns') {
    const more = await until(el, 'rever-active-returns', '.actions button:not(.secondary)');
    more.click();
  }
  await until(el, 'rever-line-item-picker', 'select:not([disabled]), .lines');
  const picker = stepRoot(el, 'rever-line-item-picker');
  for (const pick of picks) {
    const li = [...picker.querySelectorAll<HTMLLIElement>('.line')].find(
      (l) => l.querySelector('.name')!.textContent === pick.name,
    )!;
    li.querySelector<HTMLInputElement>('input[type="checkbox"]')!.click();
    await waitUntil(() => li.querySelector('select:not([disabled])'), 'reasons loaded');
    const select = li.querySelector<HTMLSelectElement>('select')!;
    const option = [...select.options].find((o) => o.textContent.trim() === pick.reason)!;
    setValue(select, option.value);
    if (pick.quantity)
      setValue(li.querySelector<HTMLInputElement>('input[type="number"]')!, String(pick.quantity));
    // A person's next action comes in a later task, after the widget has re-rendered.
    await settle(el);
  }
  picker.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();

  await until(el, 'rever-resolution-picker', 'fieldset');
  const resolution = stepRoot(el, 'rever-resolution-picker');
  for (const pick of picks) {
    const fieldset = [
      ...resolution.querySelectorAll<HTMLFieldSetElement>('fieldset[data-id]'),
    ].find((f) => f.querySelector('legend')!.textContent.includes(pick.name))!;
    if ('method' in pick.resolve) {
      fieldset.querySelector<HTMLInputElement>(`input[value="${pick.resolve.method}"]`)!.click();
    } else {
      fieldset.querySelector<HTMLInputElement>('input[value="EXCHANGE"]')!.click();
      const variantName = pick.resolve.exchangeFor;
      await waitUntil(() => fieldset.querySelector('input[data-kind="variant"]'), 'variants');
      const label = [...fieldset.querySelectorAll('label')].find((l) =>
        l.textContent.includes(variantName),
      )!;
      label.querySelector('input')!.click();
    }
    // Each choice is saved before the next, so the credit follows every one of them.
    await waitUntil(
      () => !resolution.querySelector('[role="status"]')!.textContent.trim(),
      'saved',
    );
  }
  await waitUntil(() => {
    const summary = resolution.querySelector('rever-credit-summary')!.shadowRoot!;
    return summary.querySelector('dl');
  }, 'figures');
  const figures = resolution
    .querySelector('rever-credit-summary')!
    .shadowRoot!.textContent.replace(/\s+/g, ' ');
  resolution.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();

  await sendItBack(el, send);

  const confirm = await until(el, 'rever-return-review', 'form button');
  await until(el, 'rever-return-review', 'rever-credit-summary');
  await waitUntil(
    () =>
      stepRoot(el, 'rever-return-review')
        .querySelector('rever-credit-summary')!
        .shadowRoot!.querySelector('dl, .exchanges'),
    'the review summary',
  );
  const review = terms(stepRoot(el, 'rever-return-review'));
  const confirmed = nextEvent(el, 'rever-return-confirmed');
  confirm.click();
  const detail = (await confirmed).detail;
  await until(el, 'rever-active-returns', '.returns');
  const done = terms(stepRoot(el, 'rever-active-returns'));
  return { detail, figures, review, done };
}

/** A step's credit summary, term by term (with its exchanges), as the shopper reads it. */
function terms(root: ShadowRoot): Record<string, string> {
  const summary = root.querySelector('rever-credit-summary')!.shadowRoot!;
  const read = (n: Element | null) => plain(n?.textContent ?? '').trim();
  const out: Record<string, string> = {};
  for (const dt of summary.querySelectorAll('dt')) out[read(dt)] = read(dt.nextElementSibling);
  const exchanges = [...summary.querySelectorAll('.exchanges li')].map(read);
  if (exchanges.length) out['exchanges'] = exchanges.join(' | ');
  return out;
}

const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ').replace(/\s+/g, ' ');

describe('a whole return against the mock, through the proxy', function () {
  // Five steps over HTTP each, the slowest tests of the suite on a loaded runner.
  this.timeout(30_000);
  afterEach(() => {
    // The fixtures first: one removed flushes its pending draft, which must not outlive the test.
    fixtureCleanup();
    sessionStorage.clear();
  });

  const mount = () =>
    fixture<ReverReturns>(
      html`<rever-returns proxy-url=${window.__REVER_PROXY_URL__} locale="en"></rever-returns>`,
    );

  it('EUR (two decimals): an exchange and a refund, ending in the active returns', async () => {
    const el = await mount();
    const {
      detail,
      figures,
      review,
      done: shown,
    } = await completeReturn(
      el,
      'ana.garcia@example.com',
      '1001',
      [
        { name: 'Quilted jacket', reason: 'Too big', resolve: { exchangeFor: 'M / Black' } },
        {
          name: 'Canvas sneakers',
          reason: 'Changed my mind',
          quantity: 2,
          resolve: { method: 'ORIGINAL_PAYMENT_METHOD' },
        },
      ],
      { method: 'rm_eu_dropoff' },
    );
    // The jacket is exchanged, not credited: named by its replacement, with no money line.
    expect(plain(figures))
      .to.contain('Refund €99.80')
      .and.contain('Exchange: Quilted jacket, M / Black')
      .and.not.contain('Credit to spend');
    // The drop-off is free.
    expect(detail).to.include({
      orderId: 'ord_1001',
      refundTotal: 9980,
      creditTotal: 0,
      currency: 'EUR',
      returnCost: 0,
      returnMethod: 'DROP_OFF',
    });
    // The same figures, to the cent, in the review and on the done step (the event's above).
    const expected = {
      'Items’ value': '€99.80',
      'Return cost': 'Free',
      Refund: '€99.80',
      exchanges: 'Exchange: Quilted jacket, M / Black',
    };
    expect(review).to.deep.equal(expected);
    expect(shown).to.deep.equal(expected);
    const done = stepRoot(el, 'rever-active-returns');
    const mine = [...done.querySelectorAll('.returns > li')].find((li) =>
      li.textContent.includes(detail.returnId),
    )!;
    expect(mine.textContent).to.contain('In progress').and.contain('Canvas sneakers × 2');
    const doneSummary = plain(done.querySelector('rever-credit-summary')!.shadowRoot!.textContent);
    expect(doneSummary).to.contain('€99.80').and.contain('Exchange: Quilted jacket, M / Black');
    expect(doneSummary).not.to.contain('€129.00');
    // The seeded return with its tracking link is listed too.
    expect(done.querySelector<HTMLAnchorElement>('a[part="tracking-link"]')!.href).to.match(
      /^https:\/\//,
    );
    await expect(el).to.be.accessible();
  });

  it('JPY (no decimals): an exchange and store credit', async () => {
    const el = await mount();
    const { detail, figures, review, done } = await completeReturn(
      el,
      'kenji.sato@example.jp',
      '2002',
      [
        { name: 'リネンシャツ', reason: 'Too small', resolve: { exchangeFor: 'L / 白' } },
        {
          name: 'デニムジャケット',
          reason: 'Not as described',
          resolve: { method: 'ORIGINAL_PAYMENT_METHOD' },
        },
      ],
      { method: 'rm_jp_dropoff' },
    );
    // 1 of 2 jackets: ¥49,600 / 2 = ¥24,800 refunded; the shirt exchanged, not credit.
    expect(plain(figures))
      .to.contain('Refund ¥24,800')
      .and.contain('Exchange: リネンシャツ, L / 白')
      .and.not.contain('Credit to spend');
    // The drop-off costs ¥500 with a card refund, deducted from it.
    expect(detail).to.include({
      refundTotal: 24300,
      creditTotal: 0,
      currency: 'JPY',
      returnCost: 500,
      returnMethod: 'DROP_OFF',
    });
    // ¥24,800 − ¥500 = ¥24,300, in the review and on the done step alike (no decimals).
    const expected = {
      'Items’ value': '¥24,800',
      'Return cost': '-¥500',
      Refund: '¥24,300',
      exchanges: 'Exchange: リネンシャツ, L / 白',
    };
    expect(review).to.deep.equal(expected);
    expect(done).to.deep.equal(expected);
  });

  it('KWD (three decimals): an exchange and store credit with its 15 % bonus', async () => {
    const el = await mount();
    const { detail, figures, review, done } = await completeReturn(
      el,
      'layla.alsabah@example.com',
      '3003',
      [
        { name: 'عباية مطرزة', reason: 'Too big', resolve: { exchangeFor: 'L / أسود' } },
        {
          name: 'وشاح حريري',
          reason: 'Changed my mind',
          quantity: 2,
          resolve: { method: 'STORE_CREDIT' },
        },
      ],
      { method: 'rm_kw_pickup', slotTaken: true },
    );
    // Abaya 45.500 exchanged (no money); scarves 25.250 + 15 % (3.788) as store credit: 29.038.
    expect(plain(figures))
      .to.contain('Credit to spend KWD 29.038')
      .and.contain('Store credit bonus +KWD 3.788')
      .and.not.contain('74.538');
    // The pickup is free with store credit and an exchange.
    expect(detail).to.include({
      refundTotal: 0,
      creditTotal: 29038,
      currency: 'KWD',
      returnCost: 0,
      returnMethod: 'HOME_PICKUP',
    });
    // 25.250 + 3.788 − 0 = 29.038, to the fils, in the review and on the done step.
    const expected = {
      'Items’ value': 'KWD 25.250',
      'Store credit bonus': '+KWD 3.788',
      'Return cost': 'Free',
      'Credit to spend': 'KWD 29.038',
      exchanges: 'Exchange: عباية مطرزة, L / أسود',
    };
    expect(review).to.deep.equal(expected);
    expect(done).to.deep.equal(expected);
  });
});

/** The focused element, through every shadow root. */
function focused(): Element | null {
  let el = document.activeElement;
  while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
  return el;
}

async function press(key: string, times = 1) {
  for (let i = 0; i < times; i++) await sendKeys({ press: key });
}

/** Tabs forward until the focused element matches, failing after `max` presses. */
async function tabTo(match: (el: Element) => boolean, what: string, max = 40) {
  for (let i = 0; i < max; i++) {
    const el = focused();
    if (el && match(el)) return el;
    await press('Tab');
  }
  throw new Error(`Tab never reached ${what}; focus is on ${focused()?.outerHTML.slice(0, 120)}`);
}

describe('a whole return from the 250-line order', () => {
  afterEach(() => {
    // The fixtures first: one removed flushes its pending draft, which must not outlive the test.
    fixtureCleanup();
    sessionStorage.clear();
  });

  it('picks the second and the last line and confirms', async () => {
    const el = await fixture<ReverReturns>(
      html`<rever-returns proxy-url=${window.__REVER_PROXY_URL__} locale="en"></rever-returns>`,
    );
    const { detail } = await completeReturn(
      el,
      'bulk.buyer@example.com',
      '4004',
      [
        {
          name: 'Stoneware side plate no. 2',
          reason: 'Changed my mind',
          resolve: { method: 'ORIGINAL_PAYMENT_METHOD' },
        },
        {
          name: 'Ceramic espresso cup no. 250',
          reason: 'Changed my mind',
          resolve: { method: 'ORIGINAL_PAYMENT_METHOD' },
        },
      ],
      { method: 'rm_us_self' },
    );
    // One unit of each: $9.00 + $8.00.
    expect(detail).to.include({
      orderId: 'ord_4004',
      refundTotal: 1700,
      creditTotal: 0,
      currency: 'USD',
    });
  });
});

describe('a whole return with the keyboard alone', () => {
  afterEach(() => {
    // The fixtures first: one removed flushes its pending draft, which must not outlive the test.
    fixtureCleanup();
    sessionStorage.clear();
  });

  it('finds the order, picks, resolves, confirms, and lands on the active returns', async () => {
    const el = await fixture<ReverReturns>(
      html`<rever-returns proxy-url=${window.__REVER_PROXY_URL__} locale="en"></rever-returns>`,
    );
    // Lookup: type into the fields, Enter submits.
    await tabTo((e) => e.id === 'email', 'the email field');
    await sendKeys({ type: 'edge.cases@example.co.uk' });
    await press('Tab');
    expect(focused()?.id).to.equal('orderNumber');
    await sendKeys({ type: '5005' });
    await press('Enter');

    // The order has a return awaiting its drop-off: its returns first, focus on their heading;
    // "Return more items" leads on.
    await waitUntil(() => focused()?.id === 'done-heading', 'focus on the returns heading');
    expect(el.step).to.equal('returns');
    await tabTo((e) => e.matches('button.more'), 'Return more items');
    await press('Enter');

    // Items: focus lands on the heading; Space ticks, arrows choose a reason.
    await waitUntil(() => focused()?.id === 'items-heading', 'focus on the items heading');
    const isBox = (n: number) => (e: Element) => e.id === `pick-${n}`;
    await tabTo(isBox(2), 'the Greek pullover');
    await press('Space');
    await tabTo((e) => e.id === 'reason-2', 'its reason');
    await press('ArrowDown');
    await tabTo(isBox(3), 'the Cyrillic sweater');
    await press('Space');
    await tabTo((e) => e.id === 'reason-3', 'its reason');
    await press('ArrowDown', 2);
    await tabTo((e) => e.matches('button[type="submit"]'), 'Continue');
    await press('Enter');

    // Resolution: one radio group a line; Space chooses the first, arrows move within a group.
    await waitUntil(
      () => focused()?.id === 'resolution-heading',
      'focus on the resolution heading',
    );
    await waitUntil(
      () => stepRoot(el, 'rever-resolution-picker').querySelector('fieldset[data-id]'),
      'options',
    );
    await tabTo((e) => e.matches('input[name$="-method-0"]'), 'the first line’s options');
    await press('Space'); // original payment method
    await tabTo((e) => e.matches('input[name$="-method-1"]'), 'the second line’s options');
    await press('ArrowDown'); // the next method: bank transfer
    await tabTo((e) => e.id === 'iban', 'the IBAN field');
    await sendKeys({ type: 'GB82 WEST 1234 5698 7654 32' });
    await press('Tab');
    expect(focused()?.id).to.equal('holder');
    await sendKeys({ type: 'Edge Cases Ltd' });
    await press('Tab');
    await press('Enter'); // use this account
    const resolution = stepRoot(el, 'rever-resolution-picker');
    await waitUntil(() => resolution.textContent.includes('GB82 •••• 5432'), 'the account is used');
    await waitUntil(() => !resolution.querySelector('[role="status"]')!.textContent, 'saved');
    // The draft is kept for a reload, but not the bank account: REVER has it now.
    const stored = Object.values(sessionStorage).join('');
    expect(stored).to.contain('BANK_TRANSFER');
    expect(stored).not.to.contain('WEST');
    expect(stored).not.to.contain('Edge Cases Ltd');
    await tabTo((e) => e.matches('button[type="submit"]'), 'Continue');
    await press('Enter');

    // Send it back: the parcel locker (a type the widget does not know), then Continue.
    await waitUntil(() => focused()?.id === 'ship-heading', 'focus on the send-it-back heading');
    await tabTo((e) => e.matches('input[name$="-method"]'), 'the return methods');
    await press('Space');
    await tabTo((e) => e.matches('button[type="submit"]'), 'Continue');
    await press('Enter');

    // Review: confirm with Enter.
    await waitUntil(() => focused()?.id === 'review-heading', 'focus on the review heading');
    const confirmed = nextEvent(el, 'rever-return-confirmed');
    await tabTo((e) => e.textContent.trim() === 'Confirm return', 'Confirm return');
    await press('Enter');
    const { detail } = await confirmed;
    // £65.00 + £72.00, both refunded as money, less the locker's £2.50 for a bank transfer.
    expect(detail).to.include({
      refundTotal: 13450,
      creditTotal: 0,
      currency: 'GBP',
      returnCost: 250,
      returnMethod: 'PARCEL_LOCKER',
    });
    await waitUntil(() => focused()?.id === 'done-heading', 'focus on the confirmation heading');
    await until(el, 'rever-active-returns', '.returns');
    expect(stepRoot(el, 'rever-active-returns').textContent).to.contain(detail.returnId);
  });
});
