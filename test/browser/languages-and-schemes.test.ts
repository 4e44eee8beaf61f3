/**
 * Every state of every step, in every language and both schemes: axe (contrast included) passes,
 * and no English string is left in a translated widget. One walk through the flow per language
 * and scheme, with the fake REVER holding each request open long enough to see its pending state.
 */
import { expect, fixture, fixtureCleanup, html, waitUntil } from '@open-wc/testing';
import { setViewport } from '@web/test-runner-commands';
import '../../src/components/rever-returns/rever-returns.ts';
import type { ReverReturns } from '../../src/components/rever-returns/rever-returns.ts';
import { en, type MessageKey, type Messages } from '../../src/i18n/en.ts';
import { LANGUAGES, loadMessages } from '../../src/i18n/i18n.ts';
import { createReverClient } from '../../src/services/client.ts';
import { deferred, fakeFetch, json, nextEvent, type Handler } from './helpers.ts';
import { exchangeOptions, ibans, refundOptions, returnOrder, storeReasons } from './fixtures.ts';

const R = {
  start: 'POST /returns/intent/start',
  reasons: 'GET /returns/ret_abc/return_reasons',
  add: 'POST /returns/ret_abc/line_items',
  refunds: 'GET /returns/ret_abc/refund_options',
  exchanges: 'GET /returns/ret_abc/exchange_options',
  save: 'POST /returns/ret_abc/save_client_preferences',
  confirm: 'POST /returns/ret_abc/confirm',
  returns: 'GET /returns',
} as const;
type Route = (typeof R)[keyof typeof R];

/** The fake REVER, with a gate per route: a held route answers once its gate is opened. */
function fakeRever() {
  const gates = new Map<Route, ReturnType<typeof deferred<void>>>();
  /** Routes whose next answer is an error, with its status. */
  const failNext = new Map<Route, number>();
  const held = new Map<string, { quantity: number; return_reason_id: string }>();
  const gated =
    (route: Route, answer: Handler): Handler =>
    async (request) => {
      await gates.get(route)?.promise;
      const status = failNext.get(route);
      if (status) {
        failNext.delete(route);
        return json({ error: { code: 'upstream_code', message: 'not for shoppers' } }, status);
      }
      return answer(request);
    };
  const fake = fakeFetch({
    [R.start]: gated(R.start, () => json({ order: returnOrder })),
    [R.reasons]: gated(R.reasons, () => json({ return_reasons: storeReasons })),
    [R.add]: gated(R.add, async (request) => {
      const body = (await request.clone().json()) as {
        line_item_id: string;
        quantity: number;
        return_reason_id: string;
      };
      held.set(body.line_item_id, body);
      return json({
        return_id: 'ret_abc',
        line_items: [...held].map(([line_item_id, l]) => ({ ...l, line_item_id })),
      });
    }),
    [R.refunds]: gated(R.refunds, () => json({ refund_options: refundOptions })),
    [R.exchanges]: gated(R.exchanges, (request) => {
      const id = new URL(request.url).searchParams.get('line_item_id') ?? '';
      return json({ exchange_options: exchangeOptions[id] ?? [] });
    }),
    [R.save]: gated(R.save, () =>
      json({ return_id: 'ret_abc', pending_credit_to_use: 9999, currency: 'GBP' }),
    ),
    [R.confirm]: gated(R.confirm, () =>
      json({
        return_id: 'ret_abc',
        status: 'RUNNING',
        summary: { refund_total: 1999, credit_total: 9999, currency: 'GBP' },
      }),
    ),
    [R.returns]: gated(R.returns, () =>
      json({
        returns: [
          {
            id: 'ret_abc',
            order_id: 'ord_2002',
            status: 'RUNNING',
            created_at: '2026-11-20T10:00:00Z',
            line_items: [{ line_item_id: 'li_coat', name: 'Wool coat', quantity: 1 }],
            tracking: {
              carrier: 'Correos',
              tracking_number: 'PK1',
              tracking_url: 'https://track.example/PK1',
            },
          },
          {
            id: 'ret_old',
            order_id: 'ord_2002',
            status: 'COMPLETED',
            created_at: '2026-10-01T10:00:00Z',
            line_items: [{ line_item_id: 'li_tee', name: 'Cotton tee', quantity: 1 }],
            tracking: { carrier: 'DHL', tracking_number: 'X1', tracking_url: '' },
          },
        ],
      }),
    ),
  });
  return {
    ...fake,
    /** Holds a route until the returned function is called. */
    hold(route: Route) {
      const gate = deferred<void>();
      gates.set(route, gate);
      return () => {
        gates.delete(route);
        gate.resolve();
      };
    },
    failOnce(route: Route, status = 500) {
      failNext.set(route, status);
    },
  };
}

/** The text of a node and of every shadow root under it, as a shopper would read it. */
function visibleText(node: Node): string {
  const parts: string[] = [];
  const walk = (n: Node) => {
    if (n.nodeType === Node.TEXT_NODE) parts.push(n.textContent ?? '');
    if (n instanceof Element) {
      for (const attr of ['aria-label', 'placeholder', 'title']) {
        const value = n.getAttribute(attr);
        if (value) parts.push(value);
      }
      if (n.shadowRoot) walk(n.shadowRoot);
    }
    n.childNodes.forEach(walk);
  };
  walk(node);
  return parts.join(' ').replace(/\s+/g, ' ');
}

/** English sentences that, in another language, must never be shown. */
function englishOnly(table: Messages): string[] {
  return (Object.keys(en) as MessageKey[])
    .map((key) => en[key].split(/\{\w+\}/)[0]!.trim())
    .filter((text, i, all) => text.length >= 12 && all.indexOf(text) === i)
    .filter((text) => !Object.values(table).some((t) => t.includes(text)));
}

const step = (el: ReverReturns) =>
  el.shadowRoot!.querySelector<HTMLElement & { updateComplete: Promise<boolean> }>('.step > *')!;
const $ = <T extends Element = HTMLElement>(el: ReverReturns, selector: string) =>
  step(el).shadowRoot!.querySelector<T>(selector)!;

/** After a step change, focus is on the new step's heading, so a screen reader says where. */
async function headingFocused(el: ReverReturns) {
  await waitUntil(
    () =>
      el.shadowRoot!.activeElement === step(el) &&
      step(el).shadowRoot!.activeElement?.tagName === 'H2',
    `focus on the heading of ${step(el).tagName}`,
  );
}

async function settle(el: ReverReturns) {
  await el.updateComplete;
  await step(el).updateComplete;
}

function fill(el: ReverReturns, selector: string, value: string, events = ['input']) {
  const field = $<HTMLInputElement | HTMLSelectElement>(el, selector);
  field.value = value;
  for (const type of events) field.dispatchEvent(new Event(type, { bubbles: true }));
}

const statusText = (el: ReverReturns) => $(el, '[role="status"]').textContent.trim();

/** Walks the whole flow, calling `check(state)` in each state worth checking. */
async function walk(
  el: ReverReturns,
  rever: ReturnType<typeof fakeRever>,
  check: (state: string) => Promise<void>,
) {
  // Lookup: empty, refused fields, not found, pending.
  await check('lookup');
  $<HTMLButtonElement>(el, 'button[type="submit"]').click();
  await settle(el);
  expect($(el, '#email').getAttribute('aria-invalid')).to.equal('true');
  await check('lookup: fields refused');
  fill(el, '#email', 'anna@example.com');
  fill(el, '#orderNumber', '#2002');
  rever.failOnce(R.start, 404);
  let failed = nextEvent(el, 'rever-error');
  $<HTMLButtonElement>(el, 'button[type="submit"]').click();
  await failed;
  await settle(el);
  await check('lookup: not found');
  let release = rever.hold(R.start);
  const holdReasons = rever.hold(R.reasons);
  let moved = nextEvent(el, 'rever-step-change');
  $<HTMLButtonElement>(el, 'button[type="submit"]').click();
  await settle(el);
  expect(statusText(el)).not.to.equal('');
  await check('lookup: pending');
  release();
  await moved;
  await settle(el);
  await headingFocused(el);

  // The order has returns: they come first (issue 13, item 9), then "Return more items".
  expect(el.step).to.equal('returns');
  await waitUntil(() => $(el, '.returns'), 'the order’s returns');
  await check('returns: listed first');
  moved = nextEvent(el, 'rever-step-change');
  $<HTMLButtonElement>(el, 'button.more').click();
  await moved;
  await settle(el);
  await headingFocused(el);

  // Items: reasons loading, lines picked with a reason missing, saving.
  expect(statusText(el)).not.to.equal('');
  await check('items: loading reasons');
  holdReasons();
  await waitUntil(() => !statusText(el), 'the reasons arrive');
  $<HTMLInputElement>(el, '#pick-0').click();
  await settle(el);
  $<HTMLInputElement>(el, '#pick-1').click();
  await settle(el);
  fill(el, '#reason-0', 'too_small', ['change']);
  await settle(el);
  $<HTMLButtonElement>(el, 'button[type="submit"]').click();
  await settle(el);
  expect($(el, '#reason-1').getAttribute('aria-invalid')).to.equal('true');
  await check('items: a reason missing');
  fill(el, '#reason-1', 'changed_mind', ['change']);
  await settle(el);
  // REVER refuses the first line once: the refusal is said on the line, tied to its checkbox.
  rever.failOnce(R.add, 422);
  failed = nextEvent(el, 'rever-error');
  $<HTMLButtonElement>(el, 'button[type="submit"]').click();
  await failed;
  await settle(el);
  expect($(el, '#pick-0').getAttribute('aria-describedby')).to.contain('line-0-error');
  await check('items: a line refused');
  release = rever.hold(R.add);
  const holdRefunds = rever.hold(R.refunds);
  moved = nextEvent(el, 'rever-step-change');
  $<HTMLButtonElement>(el, 'button[type="submit"]').click();
  await settle(el);
  await check('items: saving');
  release();
  await moved;
  await settle(el);
  await headingFocused(el);

  // Resolution: loading, nothing chosen, an exchange's variants, a bank account refused, saved.
  await check('resolution: loading');
  holdRefunds();
  await waitUntil(() => $(el, 'fieldset[data-id]'), 'the options arrive');
  await settle(el);
  $<HTMLButtonElement>(el, 'button[type="submit"]').click();
  await settle(el);
  await check('resolution: nothing chosen');
  $<HTMLInputElement>(el, 'input[name$="-method-0"][value="EXCHANGE"]').click();
  await settle(el);
  rever.failOnce(R.save);
  failed = nextEvent(el, 'rever-error');
  $<HTMLInputElement>(el, '#variant-0-0').click();
  await failed;
  await settle(el);
  await check('resolution: a save failed');
  $<HTMLButtonElement>(el, '[role="alert"] button').click();
  await waitUntil(() => !$(el, '[role="alert"]'), 'the save is sent again');
  await settle(el);
  $<HTMLInputElement>(el, 'input[name$="-method-1"][value="BANK_TRANSFER"]').click();
  await settle(el);
  fill(el, '#iban', ibans.badChecksum);
  await settle(el);
  $<HTMLButtonElement>(el, 'fieldset:not([data-id]) > button').click();
  await settle(el);
  expect($(el, '#iban').getAttribute('aria-invalid')).to.equal('true');
  await check('resolution: exchange variants, bank account refused');
  fill(el, '#iban', ibans.valid);
  fill(el, '#holder', 'Anna Example');
  await settle(el);
  $<HTMLButtonElement>(el, 'fieldset:not([data-id]) > button').click();
  await settle(el);
  await waitUntil(() => !statusText(el), 'the choices are saved');
  await check('resolution: all saved');
  const holdConfirm = rever.hold(R.confirm);
  moved = nextEvent(el, 'rever-step-change');
  $<HTMLButtonElement>(el, 'button[type="submit"]').click();
  await moved;
  await settle(el);
  await headingFocused(el);

  // Review: the labels, confirming, a failed confirm.
  await waitUntil(() => $(el, '.lines li')?.textContent?.includes('Wool coat'), 'the review');
  await check('review');
  rever.failOnce(R.confirm);
  $<HTMLButtonElement>(el, 'form button').click();
  await settle(el);
  expect(statusText(el)).not.to.equal('');
  await check('review: confirming');
  failed = nextEvent(el, 'rever-error');
  holdConfirm();
  await failed;
  await settle(el);
  await check('review: confirm failed');
  const holdReturns = rever.hold(R.returns);
  moved = nextEvent(el, 'rever-step-change');
  $<HTMLButtonElement>(el, 'form button').click();
  await moved;
  await settle(el);
  await headingFocused(el);

  // Done: loading the active returns, then listed.
  await check('done: loading');
  // A 403: the client would retry a read that got a 5xx, and the retry would succeed.
  rever.failOnce(R.returns, 403);
  failed = nextEvent(el, 'rever-error');
  holdReturns();
  await failed;
  await settle(el);
  await check('done: the list failed');
  $<HTMLButtonElement>(el, '[role="alert"] button').click();
  await waitUntil(() => $(el, '.returns'), 'the active returns');
  await check('done');
}

const SCHEMES = ['light', 'dark'] as const;

const DATES: Record<string, string> = {
  en: 'November 20, 2026',
  es: '20 de noviembre de 2026',
  fr: '20 novembre 2026',
  de: '20. November 2026',
  it: '20 novembre 2026',
  pt: '20 de novembro de 2026',
  ja: '2026年11月20日',
  // Kuwaiti Arabic: Arabic-Indic digits, as Intl gives them for ar-KW (bare "ar" gives Latin ones).
  ar: '٢٠ نوفمبر ٢٠٢٦',
};

/** The tag each language is shown in: Arabic as a Kuwaiti shopper's browser would ask. */
const TAGS: Record<string, string> = { ar: 'ar-KW' };

/** £19.99 (the refund; the coat is exchanged) as each language writes it. */
const MONEY: Record<string, string> = { en: '£19.99', ja: '£19.99', ar: '١٩٫٩٩' };

describe('every state of every step, in every language and both schemes', function () {
  // Twenty states, each through axe: seconds on a quiet machine, more on a loaded CI runner.
  this.timeout(60_000);
  afterEach(() => {
    // The fixtures first: one removed flushes its pending draft, which must not outlive the test.
    fixtureCleanup();
    sessionStorage.clear();
  });

  for (const language of LANGUAGES) {
    for (const scheme of SCHEMES) {
      it(`${language}, ${scheme}: passes axe and shows no English`, async () => {
        const table = await loadMessages(language);
        const leaks = language === 'en' ? [] : englishOnly(table);
        const rever = fakeRever();
        const client = createReverClient({ proxyUrl: 'https://proxy.example', fetch: rever.fetch });
        const el = await fixture<ReverReturns>(
          html`<rever-returns
            locale=${TAGS[language] ?? language}
            theme=${scheme}
            .client=${client}
          ></rever-returns>`,
        );
        const seen: string[] = [];
        await walk(el, rever, async (state) => {
          seen.push(state);
          // Where the shopper is, and a status region for pending work, in every state.
          const current = el.shadowRoot!.querySelectorAll('ol.progress [aria-current="step"]');
          expect(current, state).to.have.length(1);
          expect(step(el).shadowRoot!.querySelectorAll('[role="status"]'), state).to.have.length(1);
          const text = visibleText(el);
          for (const sentence of leaks) {
            expect(text, `${state}: English left`).not.to.contain(sentence);
          }
          await expect(el, state).to.be.accessible();
        });
        expect(seen).to.have.length(20);
        // Dates and money through Intl in the widget's locale (20 November 2026, £19.99).
        const done = visibleText(el).replace(/[\u00a0\u202f]/g, ' ');
        expect(done).to.contain(DATES[language]);
        expect(done).to.contain(MONEY[language] ?? '19,99');
      });
    }
  }
});

describe('reflow: at 320 px wide, and at 640 px (a 1280 px screen at 200 % zoom)', () => {
  afterEach(async () => {
    fixtureCleanup();
    sessionStorage.clear();
    await setViewport({ width: 800, height: 600 });
  });

  for (const width of [320, 640]) {
    it(`${width} px: every state of every step fits, in German, with nothing to scroll sideways`, async () => {
      await setViewport({ width, height: 640 });
      const rever = fakeRever();
      const client = createReverClient({ proxyUrl: 'https://proxy.example', fetch: rever.fetch });
      const el = await fixture<ReverReturns>(
        html`<rever-returns locale="de" .client=${client}></rever-returns>`,
      );
      let states = 0;
      await walk(el, rever, (state) => {
        states++;
        expect(document.documentElement.scrollWidth, state).to.be.at.most(width);
        const box = el.getBoundingClientRect();
        expect(box.right, state).to.be.at.most(width);
        // Every control inside the widget is within it, so none is cut off or out of reach.
        const controls = [
          ...el.shadowRoot!.querySelectorAll('li'),
          ...step(el).shadowRoot!.querySelectorAll('button, input, select, textarea, a, h2'),
        ];
        for (const control of controls) {
          const { left, right, width: w } = control.getBoundingClientRect();
          if (w === 0) continue;
          expect(left, `${state}: ${control.outerHTML.slice(0, 60)}`).to.be.at.least(box.left - 1);
          expect(right, `${state}: ${control.outerHTML.slice(0, 60)}`).to.be.at.most(box.right + 1);
        }
        return Promise.resolve();
      });
      expect(states).to.equal(20);
    });
  }
});
