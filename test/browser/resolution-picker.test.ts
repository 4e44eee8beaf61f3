import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../src/components/rever-returns/rever-returns.ts';
import type { ReverReturns } from '../../src/components/rever-returns/rever-returns.ts';
import type { ReverResolutionPicker } from '../../src/components/resolution-picker/resolution-picker.ts';
import { createReverClient } from '../../src/services/client.ts';
import { en } from '../../src/i18n/en.ts';
import { deferred, fakeFetch, json, nextEvent, toItems, type Handler } from './helpers.ts';
import { exchangeOptions, ibans, refundOptions, returnOrder, storeReasons } from './fixtures.ts';

const LINES_PATH = '/returns/ret_abc/line_items';
const SAVE_PATH = '/returns/ret_abc/save_client_preferences';
const EXCHANGE_PATH = '/returns/ret_abc/exchange_options';

interface FakeOptions {
  /** Answers save_client_preferences; `call` counts from 1. Default: the next of `credits`. */
  save?: (request: Request, call: number) => Response | Promise<Response>;
  /** The pending credit REVER answers to each save, in turn (the last one repeats). */
  credits?: number[];
}

/** The proxy as REVER answers it, for the two lines the tests return: the coat and the tee. */
function fakeRever(options: FakeOptions = {}) {
  const held = new Map<string, { quantity: number; return_reason_id: string }>();
  const answer = () =>
    json({
      return_id: 'ret_abc',
      line_items: [...held].map(([line_item_id, l]) => ({ line_item_id, ...l })),
    });
  const credits = options.credits ?? [4321];
  let saves = 0;
  const removes = Object.fromEntries(
    returnOrder.line_items.map((line): [string, Handler] => [
      `DELETE ${LINES_PATH}/${line.id}`,
      () => {
        held.delete(line.id);
        return answer();
      },
    ]),
  );
  return fakeFetch({
    'POST /returns/intent/start': () => json({ order: returnOrder }),
    'GET /returns/ret_abc/return_reasons': () => json({ return_reasons: storeReasons }),
    [`POST ${LINES_PATH}`]: async (request) => {
      const body = (await request.clone().json()) as {
        line_item_id: string;
        quantity: number;
        return_reason_id: string;
      };
      held.set(body.line_item_id, {
        quantity: body.quantity,
        return_reason_id: body.return_reason_id,
      });
      return answer();
    },
    ...removes,
    'GET /returns/ret_abc/refund_options': () => json({ refund_options: refundOptions }),
    [`GET ${EXCHANGE_PATH}`]: (request) => {
      const id = new URL(request.url).searchParams.get('line_item_id') ?? '';
      return json({ exchange_options: exchangeOptions[id] ?? [] });
    },
    [`POST ${SAVE_PATH}`]: (request) => {
      saves += 1;
      if (options.save) return options.save(request, saves);
      return json({
        return_id: 'ret_abc',
        pending_credit_to_use: credits[Math.min(saves, credits.length) - 1],
        currency: returnOrder.currency,
      });
    },
  });
}

type Fake = ReturnType<typeof fakeRever>;

const sent = (fake: Fake, method: string, path: string) =>
  fake.requests.filter((r) => r.method === method && new URL(r.url).pathname === path);

const saves = (fake: Fake) => sent(fake, 'POST', SAVE_PATH);

/** Text as read aloud: runs of white space (no-break spaces too) as one space. */
const squash = (value: string) => value.replace(/\s+/g, ' ').trim();
const text = (node: Node | null | undefined) => squash(node?.textContent ?? '');

/**
 * A node as markup, for assertions: a failed assertion on a DOM node itself stalls the test
 * runner while it serializes the node, so tests compare strings and numbers instead.
 */
const markup = (node: Element | null | undefined) => node?.outerHTML ?? null;

/** Waits a few frames, so a request that should not be made has had every chance to be. */
const idle = () => new Promise((r) => setTimeout(r, 50));

const items = (el: ReverReturns) => el.shadowRoot!.querySelector('rever-line-item-picker')!;
const resolutionOf = (el: ReverReturns) =>
  el.shadowRoot!.querySelector<ReverResolutionPicker>('rever-resolution-picker')!;

/**
 * Mounts the root and goes through the lookup and the items step as a shopper would: the coat
 * (one unit, too small) and the tee (changed my mind) go back.
 */
async function toResolution(fake: Fake = fakeRever()) {
  const client = createReverClient({ proxyUrl: 'https://proxy.example', fetch: fake.fetch });
  const el = await fixture<ReverReturns>(html`<rever-returns .client=${client}></rever-returns>`);
  const lookup = el.shadowRoot!.querySelector('rever-order-lookup')!;
  await lookup.updateComplete;
  for (const [id, value] of [
    ['email', 'anna@example.com'],
    ['orderNumber', '2002'],
  ] as const) {
    const input = lookup.shadowRoot!.querySelector<HTMLInputElement>(`#${id}`)!;
    input.value = value;
    input.dispatchEvent(new Event('input'));
  }
  lookup.shadowRoot!.querySelector('button')!.click();
  // The order has returns: shown first, none listed by this fake, so on to the items.
  await toItems(el);

  const picks: [string, string][] = [
    ['li_coat', 'too_small'],
    ['li_tee', 'changed_mind'],
  ];
  for (const [id, reason] of picks) {
    const index = returnOrder.line_items.findIndex((l) => l.id === id);
    const root = items(el).shadowRoot!;
    root.querySelector<HTMLInputElement>(`#pick-${index}`)!.click();
    await el.updateComplete;
    await items(el).updateComplete;
    const select = root.querySelector<HTMLSelectElement>(`#reason-${index}`)!;
    await waitUntil(() => !select.disabled, 'the reasons load');
    select.value = reason;
    select.dispatchEvent(new Event('change', { bubbles: true }));
    await el.updateComplete;
    await items(el).updateComplete;
  }
  const changed = nextEvent(el, 'rever-step-change');
  items(el).shadowRoot!.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
  expect((await changed).detail.step).to.equal('resolution');
  await el.updateComplete;
  const picker = resolutionOf(el);
  const root = picker.shadowRoot!;
  await waitUntil(
    () => root.querySelectorAll('fieldset[data-id] input[type="radio"]').length > 0,
    'the refund options load',
  );
  await settle(el);
  return { el, picker, root, fake };
}

async function settle(el: ReverReturns) {
  await el.updateComplete;
  await resolutionOf(el)?.updateComplete;
}

const lineSet = (root: ShadowRoot, id: string) =>
  root.querySelector<HTMLFieldSetElement>(`fieldset[data-id="${id}"]`);

/** A line's refund and exchange radios; none while its options are still loading. */
const methodRadios = (root: ShadowRoot, id: string) => [
  ...(lineSet(root, id)?.querySelectorAll<HTMLInputElement>(
    'input[type="radio"]:not([data-kind])',
  ) ?? []),
];

const radioFor = (root: ShadowRoot, id: string, method: string) =>
  methodRadios(root, id).find((r) => r.value === method)!;

async function choose(el: ReverReturns, root: ShadowRoot, id: string, method: string) {
  radioFor(root, id, method).click();
  await settle(el);
}

const button = (root: ShadowRoot, label: string) =>
  [...root.querySelectorAll('button')].find((b) => text(b) === label)!;

/** The figures of the credit summary, by their term. */
function summary(root: ShadowRoot) {
  const box = root.querySelector('rever-credit-summary')!.shadowRoot!;
  const figures: Record<string, string> = {};
  for (const dt of box.querySelectorAll('dt')) figures[text(dt)] = text(dt.nextElementSibling);
  return { text: text(box.querySelector('.box')), figures };
}

const saving = (root: ShadowRoot) =>
  text(root.querySelector('[role="status"]')) === en['resolution.saving'];

async function waitForSaves(el: ReverReturns, fake: Fake, count: number) {
  await waitUntil(() => saves(fake).length >= count, `${count} save(s)`);
  await idle();
  await settle(el);
}

describe('<rever-resolution-picker> inside <rever-returns>', () => {
  it('offers every refund method REVER offers, named in words, with its bonus', async () => {
    const { root, picker } = await toResolution();
    for (const id of ['li_coat', 'li_tee']) {
      const radios = methodRadios(root, id);
      const offered = radios.map((r) => r.value).filter((m) => m !== 'EXCHANGE');
      expect(offered, id).to.deep.equal(refundOptions.map((o) => o.method));
      // One group per line: a shopper picks one method for each.
      expect(new Set(radios.map((r) => r.name)).size, id).to.equal(1);
      for (const radio of radios) expect(radio.checked).to.equal(false);
    }
    const label = (method: string) => text(radioFor(root, 'li_coat', method).closest('label'));
    expect(label('ORIGINAL_PAYMENT_METHOD')).to.equal(
      en['resolution.method.ORIGINAL_PAYMENT_METHOD'],
    );
    expect(label('BANK_TRANSFER')).to.equal(en['resolution.method.BANK_TRANSFER']);
    expect(label('STORE_CREDIT')).to.equal(`${en['resolution.method.STORE_CREDIT']} +10% bonus`);
    expect(label('PAYPAL_WALLET')).to.equal('Paypal wallet');
    // Each line's group is named by the line it resolves.
    expect(text(lineSet(root, 'li_coat')!.querySelector('legend'))).to.contain('Wool coat');
    expect(text(lineSet(root, 'li_tee')!.querySelector('legend'))).to.contain('Cotton tee');
    expect(summary(root).text).to.contain(en['credit.nothing']);
    await expect(picker).to.be.accessible();
  });

  it('offers an exchange only for a line that has exchange options', async () => {
    const { root, fake } = await toResolution();
    expect(radioFor(root, 'li_coat', 'EXCHANGE'), 'exchange for the coat').to.be.instanceOf(
      HTMLInputElement,
    );
    expect(text(radioFor(root, 'li_coat', 'EXCHANGE').closest('label'))).to.equal(
      en['resolution.exchange'],
    );
    expect(markup(radioFor(root, 'li_tee', 'EXCHANGE')), 'no exchange for the tee').to.equal(null);
    const asked = sent(fake, 'GET', EXCHANGE_PATH).map((r) =>
      new URL(r.url).searchParams.get('line_item_id'),
    );
    expect(asked.sort()).to.deep.equal(['li_coat', 'li_tee']);
  });

  it('shows the variants on choosing an exchange, out of stock ones disabled, and saves one', async () => {
    const { el, root, picker, fake } = await toResolution();
    expect(markup(root.querySelector('input[data-kind="variant"]'))).to.equal(null);
    await choose(el, root, 'li_coat', 'EXCHANGE');
    const variants = [
      ...lineSet(root, 'li_coat')!.querySelectorAll<HTMLInputElement>('input[data-kind="variant"]'),
    ];
    expect(variants.map((v) => [v.value, v.disabled])).to.deep.equal(
      exchangeOptions['li_coat']!.map((o) => [o.variant_id, !o.available]),
    );
    expect(text(variants[0]!.closest('label'))).to.contain('M / Navy');
    expect(text(variants[1]!.closest('label'))).to.contain(en['resolution.unavailable']);
    // An exchange without a variant is not a choice yet: nothing is saved.
    await idle();
    expect(saves(fake).length).to.equal(0);
    await expect(picker).to.be.accessible();

    variants[0]!.click();
    await waitForSaves(el, fake, 1);
    expect(saves(fake).length).to.equal(1);
    const [save] = saves(fake);
    expect(new URL(save!.url).searchParams.get('line_item_id')).to.equal('li_coat');
    expect(await save!.clone().json()).to.deep.equal({
      method: 'EXCHANGE',
      exchange_variant_id: 'v_coat_m',
    });
  });

  it('saves a chosen method once, for its line, and shows the credit REVER answers', async () => {
    // REVER's credit figure: nothing kept as credit, then the tee's £19.99 + 10 % as credit.
    const { el, root, fake } = await toResolution(fakeRever({ credits: [0, 2199] }));
    await choose(el, root, 'li_coat', 'ORIGINAL_PAYMENT_METHOD');
    await waitForSaves(el, fake, 1);
    expect(saves(fake).length).to.equal(1);
    const [first] = saves(fake);
    expect(new URL(first!.url).searchParams.get('line_item_id')).to.equal('li_coat');
    expect(first!.headers.get('x-rever-customer-token')).to.equal('tok_abc');
    expect(await first!.clone().json()).to.deep.equal({ method: 'ORIGINAL_PAYMENT_METHOD' });
    // The coat's one unit (of 4, £399.96) is refunded as money; no credit line for no credit.
    await waitUntil(() => summary(root).figures[en['credit.refund']] === '£99.99', 'refund');
    expect(summary(root).figures[en['credit.credit']]).to.equal(undefined);
    expect(summary(root).text).not.to.contain(en['credit.nothing']);

    await choose(el, root, 'li_tee', 'STORE_CREDIT');
    await waitForSaves(el, fake, 2);
    expect(saves(fake).length).to.equal(2);
    const second = saves(fake)[1]!;
    expect(new URL(second.url).searchParams.get('line_item_id')).to.equal('li_tee');
    expect(await second.clone().json()).to.deep.equal({ method: 'STORE_CREDIT' });
    await waitUntil(() => summary(root).figures[en['credit.credit']] === '£21.99', 'new credit');
    // 10% of the tee's £19.99, rounded to the penny.
    expect(summary(root).text).to.contain('£2.00');
  });

  it('asks for a bank account for a bank transfer and refuses a wrong IBAN unsent', async () => {
    const { el, root, picker, fake } = await toResolution();
    expect(markup(root.querySelector('#iban'))).to.equal(null);
    await choose(el, root, 'li_coat', 'BANK_TRANSFER');
    const iban = root.querySelector<HTMLInputElement>('#iban')!;
    const holder = root.querySelector<HTMLInputElement>('#holder')!;
    expect(iban.labels?.[0]?.textContent?.trim()).to.equal(en['bank.iban']);
    expect(holder.labels?.[0]?.textContent?.trim()).to.equal(en['bank.holder']);
    // Without an account a bank transfer cannot be saved.
    await idle();
    expect(saves(fake).length).to.equal(0);
    await expect(picker).to.be.accessible();

    const fill = async (field: HTMLInputElement, value: string) => {
      field.value = value;
      field.dispatchEvent(new Event('input'));
      await settle(el);
    };
    await fill(iban, ibans.badChecksum);
    await fill(holder, 'Anna Smith');
    button(root, en['bank.save']).click();
    await settle(el);
    expect(iban.getAttribute('aria-invalid')).to.equal('true');
    const describedBy = iban.getAttribute('aria-describedby')!.split(' ');
    const error = describedBy
      .map((id) => root.getElementById(id))
      .find((n) => n?.id.endsWith('-error'));
    expect(text(error)).to.equal(en['bank.ibanInvalid']);
    expect(holder.getAttribute('aria-invalid')).to.equal('false');
    await waitUntil(() => root.activeElement === iban, 'focus on the IBAN');
    await idle();
    expect(saves(fake).length).to.equal(0);
    await expect(picker).to.be.accessible();

    await fill(iban, ibans.valid);
    button(root, en['bank.save']).click();
    await waitForSaves(el, fake, 1);
    expect(saves(fake).length).to.equal(1);
    const [save] = saves(fake);
    expect(new URL(save!.url).searchParams.get('line_item_id')).to.equal('li_coat');
    expect(await save!.clone().json()).to.deep.equal({
      method: 'BANK_TRANSFER',
      bank_account: { iban: ibans.validNormalized, holder: 'Anna Smith' },
    });
    // The whole IBAN is not shown again once it is in use.
    expect(markup(root.querySelector('#iban'))).to.equal(null);
    expect(text(root)).not.to.contain(ibans.validNormalized);
  });

  it('on Continue, uses an account typed but not yet used, or says what is missing beside it', async () => {
    const { el, root, fake } = await toResolution();
    await choose(el, root, 'li_coat', 'BANK_TRANSFER');
    await choose(el, root, 'li_tee', 'ORIGINAL_PAYMENT_METHOD');
    await waitForSaves(el, fake, 1);
    const fill = async (id: string, value: string) => {
      const field = root.querySelector<HTMLInputElement>(`#${id}`)!;
      field.value = value;
      field.dispatchEvent(new Event('input'));
      await settle(el);
    };
    // Only the holder typed: Continue says the IBAN is missing, beside it, and goes there.
    await fill('holder', 'Anna Smith');
    button(root, en['nav.continue']).click();
    await settle(el);
    const iban = root.querySelector<HTMLInputElement>('#iban')!;
    expect(iban.getAttribute('aria-invalid')).to.equal('true');
    expect(text(root.querySelector('#iban-error'))).to.equal(en['bank.ibanMissing']);
    expect(text(root)).not.to.contain(en['resolution.choose']);
    await waitUntil(() => root.activeElement === iban, 'focus on the IBAN');
    expect(el.step).to.equal('resolution');
    // Both typed and valid, never "used": Continue uses them, saves the transfer, moves on.
    await fill('iban', ibans.valid);
    const changed = nextEvent(el, 'rever-step-change');
    button(root, en['nav.continue']).click();
    expect((await changed).detail.previous).to.equal('resolution');
    const transfer = saves(fake).find((r) => r.url.includes('li_coat'))!;
    expect(await transfer.clone().json()).to.deep.equal({
      method: 'BANK_TRANSFER',
      bank_account: { iban: ibans.validNormalized, holder: 'Anna Smith' },
    });
  });

  it('moves focus to the saved account on Enter, and to the IBAN on Change account, never to body', async () => {
    const { el, root } = await toResolution();
    await choose(el, root, 'li_coat', 'BANK_TRANSFER');
    const iban = root.querySelector<HTMLInputElement>('#iban')!;
    iban.focus();
    await sendKeys({ type: ibans.valid });
    await sendKeys({ press: 'Tab' });
    await sendKeys({ type: 'Anna Smith' });
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => root.activeElement?.id === 'bank-saved', 'focus on the saved account');
    expect(document.activeElement).not.to.equal(document.body);
    expect(text(root.activeElement)).to.contain('ES91');
    button(root, en['bank.change']).focus();
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => root.activeElement?.id === 'iban', 'focus on the IBAN field');
    expect(document.activeElement).not.to.equal(document.body);
  });

  it('marks the item without a choice invalid and moves focus into it', async () => {
    const { el, root, fake } = await toResolution();
    await choose(el, root, 'li_coat', 'ORIGINAL_PAYMENT_METHOD');
    await waitForSaves(el, fake, 1);
    button(root, en['nav.continue']).click();
    await settle(el);
    const tee = lineSet(root, 'li_tee')!;
    expect(tee.getAttribute('aria-invalid')).to.equal('true');
    expect(lineSet(root, 'li_coat')!.getAttribute('aria-invalid')).to.equal('false');
    await waitUntil(() => tee.contains(root.activeElement), 'focus inside the item to choose for');
  });

  it('holds Continue until every line is saved, then moves on to the review', async () => {
    const { el, root, picker, fake } = await toResolution();
    await choose(el, root, 'li_coat', 'ORIGINAL_PAYMENT_METHOD');
    await waitForSaves(el, fake, 1);
    button(root, en['nav.continue']).click();
    await settle(el);
    const alert = root.querySelector('[role="alert"]');
    expect(text(alert)).to.equal(en['resolution.choose']);
    expect(el.step).to.equal('resolution');
    // The unresolved line points at the message; the resolved one does not.
    expect(lineSet(root, 'li_tee')!.getAttribute('aria-describedby')).to.equal(alert!.id);
    expect(lineSet(root, 'li_coat')!.hasAttribute('aria-describedby')).to.equal(false);
    await expect(picker).to.be.accessible();

    await choose(el, root, 'li_tee', 'PAYPAL_WALLET');
    await waitForSaves(el, fake, 2);
    expect(markup(root.querySelector('[role="alert"]'))).to.equal(null);
    const changed = nextEvent(el, 'rever-step-change');
    button(root, en['nav.continue']).click();
    expect((await changed).detail).to.deep.equal({ step: 'shipping', previous: 'resolution' });
    // This REVER offers no return methods (404): "Send it back" has nothing to ask and moves on.
    const skipped = nextEvent(el, 'rever-step-change');
    expect((await skipped).detail).to.deep.equal({ step: 'review', previous: 'shipping' });
    expect(el.step).to.equal('review');
  });

  it('goes back to the items with every pick kept, and returns with every choice kept', async () => {
    const { el, root, fake } = await toResolution();
    await choose(el, root, 'li_coat', 'STORE_CREDIT');
    await waitForSaves(el, fake, 1);
    const before = fake.requests.length;
    let changed = nextEvent(el, 'rever-step-change');
    button(root, en['nav.back']).click();
    expect((await changed).detail).to.deep.equal({ step: 'items', previous: 'resolution' });
    await el.updateComplete;
    const picker = items(el);
    await picker.updateComplete;
    const box = (id: string) =>
      picker.shadowRoot!.querySelector<HTMLInputElement>(
        `li[data-id="${id}"] input[type="checkbox"]`,
      )!;
    expect(box('li_coat').checked).to.equal(true);
    expect(box('li_tee').checked).to.equal(true);
    const reason = (id: string) =>
      picker.shadowRoot!.querySelector<HTMLSelectElement>(`li[data-id="${id}"] select`)!.value;
    expect(reason('li_coat')).to.equal('too_small');
    expect(reason('li_tee')).to.equal('changed_mind');

    // Continue again without changes: nothing is added, removed or saved again, the options
    // are not asked for again, and the saved choice is still chosen.
    changed = nextEvent(el, 'rever-step-change');
    picker.shadowRoot!.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
    expect((await changed).detail.step).to.equal('resolution');
    await settle(el);
    const again = resolutionOf(el).shadowRoot!;
    await waitUntil(() => methodRadios(again, 'li_coat').length > 0, 'the options render');
    expect(radioFor(again, 'li_coat', 'STORE_CREDIT').checked).to.equal(true);
    await idle();
    expect(
      fake.requests.slice(before).map((r) => `${r.method} ${new URL(r.url).pathname}`),
    ).to.deep.equal([]);
  });

  it('does not say a choice is missing once the choices being saved are saved', async () => {
    const holds: ReturnType<typeof deferred<Response>>[] = [];
    const fake = fakeRever({
      save: () => {
        const hold = deferred<Response>();
        holds.push(hold);
        return hold.promise;
      },
    });
    const { el, root } = await toResolution(fake);
    await choose(el, root, 'li_coat', 'ORIGINAL_PAYMENT_METHOD');
    await waitUntil(() => holds.length === 1, 'the first save is sent');
    const answer = (credit: number) =>
      json({ return_id: 'ret_abc', pending_credit_to_use: credit, currency: 'GBP' });
    holds[0]!.resolve(answer(0));
    await waitForSaves(el, fake, 1);
    await choose(el, root, 'li_tee', 'ORIGINAL_PAYMENT_METHOD');
    await waitUntil(() => holds.length === 2, 'the second save is sent');
    // The shopper has chosen for every line and presses Continue while the last save is out.
    button(root, en['nav.continue']).click();
    await settle(el);
    holds[1]!.resolve(answer(0));
    await waitUntil(() => resolutionOf(el)?.shadowRoot !== root || !saving(root), 'saved');
    await idle();
    await settle(el);
    const current = resolutionOf(el)?.shadowRoot;
    const alerts = current
      ? [...current.querySelectorAll('[role="alert"]')].map((a) => text(a))
      : [];
    expect(alerts, 'every line is resolved; nothing is missing').not.to.include(
      en['resolution.choose'],
    );
  });

  it('says a save failed, and its Try again sends it again', async () => {
    const fake = fakeRever({
      save: (_request, call) =>
        call === 1
          ? json({ error: { code: 'boom', message: 'raw upstream' } }, 500)
          : json({ return_id: 'ret_abc', pending_credit_to_use: 555, currency: 'GBP' }),
    });
    const { el, root, picker } = await toResolution(fake);
    const failed = nextEvent(el, 'rever-error');
    await choose(el, root, 'li_tee', 'ORIGINAL_PAYMENT_METHOD');
    expect((await failed).detail).to.deep.equal({
      code: 'server',
      status: 500,
      step: 'resolution',
    });
    await settle(el);
    const alert = root.querySelector('[role="alert"]')!;
    expect(text(alert)).to.contain(en['error.server']);
    expect(text(alert)).not.to.contain('raw upstream');
    const retry = [...alert.querySelectorAll('button')].find((b) => text(b) === en['error.retry'])!;
    expect(retry, 'a Try again button').to.be.instanceOf(HTMLButtonElement);
    expect(saves(fake).length).to.equal(1);
    await expect(picker).to.be.accessible();

    retry.click();
    await waitForSaves(el, fake, 2);
    expect(saves(fake).length).to.equal(2);
    expect(await saves(fake)[1]!.clone().json()).to.deep.equal({
      method: 'ORIGINAL_PAYMENT_METHOD',
    });
    await waitUntil(() => root.querySelector('[role="alert"]') === null, 'the alert goes');
    expect(summary(root).figures[en['credit.credit']]).to.equal('£5.55');
  });
  it('says REVER’s refusal of one line’s choice on that line, and saves the others', async () => {
    const fake = fakeRever({
      save: async (request) => {
        const line = new URL(request.url).searchParams.get('line_item_id');
        const body = (await request.clone().json()) as { method: string };
        if (line === 'li_coat' && body.method === 'PAYPAL_WALLET') {
          return json({ error: { code: 'not_returnable', message: 'raw upstream' } }, 422);
        }
        return json({ return_id: 'ret_abc', pending_credit_to_use: 0, currency: 'GBP' });
      },
    });
    const { el, root, picker } = await toResolution(fake);
    const failed = nextEvent(el, 'rever-error');
    await choose(el, root, 'li_coat', 'PAYPAL_WALLET');
    expect((await failed).detail.code).to.equal('not-returnable');
    await choose(el, root, 'li_tee', 'ORIGINAL_PAYMENT_METHOD');
    await waitForSaves(el, fake, 2);
    const lines = saves(fake).map((r) => new URL(r.url).searchParams.get('line_item_id'));
    expect(lines).to.deep.equal(['li_coat', 'li_tee']);
    const alerts = [...root.querySelectorAll('[role="alert"]')];
    expect(alerts.length).to.equal(1);
    expect(lineSet(root, 'li_coat')!.contains(alerts[0]!)).to.equal(true);
    expect(text(alerts[0])).to.equal(en['error.not-returnable']);
    await expect(picker).to.be.accessible();

    // Continue takes the shopper to the line to change; nothing moves on.
    button(root, en['nav.continue']).click();
    await settle(el);
    expect(el.step).to.equal('resolution');
    expect(lineSet(root, 'li_coat')!.contains(root.activeElement)).to.equal(true);

    // Another choice for the coat is sent, and the alert goes.
    await choose(el, root, 'li_coat', 'ORIGINAL_PAYMENT_METHOD');
    await waitForSaves(el, fake, 3);
    expect(root.querySelectorAll('[role="alert"]').length).to.equal(0);
  });

  it('takes Enter in an account field as “use this account”, not as continue', async () => {
    const { el, root, fake } = await toResolution();
    await choose(el, root, 'li_coat', 'BANK_TRANSFER');
    const iban = root.querySelector<HTMLInputElement>('#iban')!;
    const holder = root.querySelector<HTMLInputElement>('#holder')!;
    iban.value = ibans.valid;
    iban.dispatchEvent(new Event('input'));
    holder.value = 'Anna Smith';
    holder.dispatchEvent(new Event('input'));
    await settle(el);
    holder.focus();
    await sendKeys({ press: 'Enter' });
    await waitForSaves(el, fake, 1);
    expect(await saves(fake)[0]!.clone().json()).to.deep.equal({
      method: 'BANK_TRANSFER',
      bank_account: { iban: ibans.validNormalized, holder: 'Anna Smith' },
    });
    expect(text(root)).not.to.contain(en['resolution.choose']);
    expect(el.step).to.equal('resolution');
  });
});
