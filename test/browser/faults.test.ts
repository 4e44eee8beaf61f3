// Fault injection through the widget, in Chromium, against the real proxy and the embedded mock
// (web-test-runner.config.js): the mock is told, per test, to fail (5xx), rate-limit (429 with
// Retry-After), answer malformed JSON or drop the connection. A clear message shows, what the
// shopper typed or chose is still there, and trying again works. And after a reload the draft
// comes back with its proxy session, so the flow goes on.
import { expect, fixtureCleanup, waitUntil } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import '../../src/components/rever-returns/rever-returns.ts';
import type { ReverReturns } from '../../src/components/rever-returns/rever-returns.ts';
import type { MockFault } from '../../mock/app.ts';
import { en } from '../../src/i18n/en.ts';
import { mountOnProxy as mount, toItems, typeLookup } from './helpers.ts';

const setFaults = (faults: MockFault[]) => executeServerCommand('rever-faults', faults);
const faultHits = () => executeServerCommand<number[], undefined>('rever-fault-hits');

const step = (el: ReverReturns, tag: string) => el.shadowRoot!.querySelector(tag)?.shadowRoot;

async function until(el: ReverReturns, tag: string, selector: string) {
  await waitUntil(() => step(el, tag)?.querySelector(selector), `${tag} ${selector}`, {
    timeout: 8000,
  });
  return step(el, tag)!.querySelector<HTMLElement>(selector)!;
}

const fieldValues = (el: ReverReturns) => {
  const lookup = step(el, 'rever-order-lookup')!;
  return [
    lookup.querySelector<HTMLInputElement>('#email')!.value,
    lookup.querySelector<HTMLInputElement>('#orderNumber')!.value,
  ];
};

describe('faults injected in the mock, seen through the widget', () => {
  afterEach(async () => {
    await setFaults([]);
    fixtureCleanup();
    sessionStorage.clear();
  });

  const lookupFaults: [string, MockFault, RegExp][] = [
    ['a 503', { operation: 'startReturnIntent', kind: 'status', status: 503, times: 1 }, /./],
    [
      'a 429 with Retry-After',
      { operation: 'startReturnIntent', kind: 'rate-limit', retryAfter: 30, times: 1 },
      /30/,
    ],
    ['malformed JSON', { operation: 'startReturnIntent', kind: 'malformed', times: 1 }, /./],
    ['a dropped connection', { operation: 'startReturnIntent', kind: 'reset', times: 1 }, /./],
  ];
  for (const [what, fault, says] of lookupFaults) {
    it(`lookup facing ${what}: a clear message, the fields kept, and a retry that works`, async () => {
      await setFaults([fault]);
      const el = await mount();
      typeLookup(el, 'ana.garcia@example.com', '1001');
      const alert = await until(el, 'rever-order-lookup', '[role="alert"]');
      const message = alert.textContent.replace(/\s+/g, ' ').trim();
      expect(message).to.match(says);
      // A translated sentence, never a raw body or a status code alone.
      expect(message).not.to.match(/injected|Slow down|order":|\{|HTTP \d{3}/);
      expect(message.length).to.be.greaterThan(20);
      expect(fieldValues(el)).to.deep.equal(['ana.garcia@example.com', '1001']);
      expect(el.step).to.equal('lookup');
      expect(await faultHits()).to.deep.equal([1]);
      // Try again: the fault is spent, the order is found.
      step(el, 'rever-order-lookup')!.querySelector('button')!.click();
      await toItems(el, 8000);
      await until(el, 'rever-line-item-picker', 'input[type="checkbox"]');
      expect(el.step).to.equal('items');
    });
  }

  it('a read on a later step retries by itself through two 503s', async () => {
    const el = await mount();
    await setFaults([{ operation: 'getReturnReasons', kind: 'status', status: 503, times: 2 }]);
    typeLookup(el, 'ana.garcia@example.com', '1001');
    await toItems(el, 8000);
    const box = await until(el, 'rever-line-item-picker', 'input[type="checkbox"]:not([disabled])');
    box.click();
    await until(el, 'rever-line-item-picker', 'select:not([disabled])');
    expect(await faultHits()).to.deep.equal([2]);
    expect(step(el, 'rever-line-item-picker')!.querySelector('[role="alert"]')).to.equal(null);
  });

  it('a write on a later step that fails shows why, and keeps the pick', async () => {
    const el = await mount();
    typeLookup(el, 'ana.garcia@example.com', '1001');
    await toItems(el, 8000);
    const box = await until(
      el,
      'rever-line-item-picker',
      'li[data-id="li_1001_5"] input[type="checkbox"]:not([disabled])',
    );
    await setFaults([{ operation: 'addReturnLineItem', kind: 'status', status: 500 }]);
    box.click();
    const select = await until(
      el,
      'rever-line-item-picker',
      'li[data-id="li_1001_5"] select:not([disabled])',
    );
    (select as HTMLSelectElement).value = 'too_big';
    select.dispatchEvent(new Event('change', { bubbles: true }));
    await el.updateComplete;
    await new Promise((resolve) => setTimeout(resolve));
    const submit = () =>
      step(el, 'rever-line-item-picker')!
        .querySelector<HTMLButtonElement>('button[type="submit"]')!
        .click();
    submit();
    const alert = await until(el, 'rever-line-item-picker', '[role="alert"]');
    expect(alert.textContent.trim().length).to.be.greaterThan(10);
    expect(alert.textContent).not.to.match(/injected/);
    const picker = step(el, 'rever-line-item-picker')!;
    expect(
      picker.querySelector<HTMLInputElement>('li[data-id="li_1001_5"] input[type="checkbox"]')!
        .checked,
    ).to.equal(true);
    expect(
      picker.querySelector<HTMLSelectElement>('li[data-id="li_1001_5"] select')!.value,
    ).to.equal('too_big');
    // A write is sent once per shopper action, never retried behind their back.
    const [hits] = await faultHits();
    expect(hits).to.equal(1);
    // Once REVER is back, continuing again works.
    await setFaults([]);
    submit();
    await until(el, 'rever-resolution-picker', 'fieldset');
    expect(el.step).to.equal('resolution');
  });

  it('after a reload, the draft comes back with its proxy session and the flow goes on', async () => {
    const first = await mount();
    typeLookup(first, 'ana.garcia@example.com', '1001');
    await toItems(first, 8000);
    await until(first, 'rever-line-item-picker', 'input[type="checkbox"]');
    // The draft is written when the page is idle, not in the same task as the render.
    const stored = () =>
      Object.keys(sessionStorage)
        .map((k) => sessionStorage.getItem(k) ?? '')
        .find((v) => v.includes('ord_1001'));
    await waitUntil(stored, 'the draft is stored');
    const saved = stored();
    expect(saved, 'a draft in sessionStorage').to.be.a('string');
    const draft = JSON.parse(saved!) as { draft: { session: { sessionToken?: string } } };
    expect(draft.draft.session.sessionToken).to.match(/^v1\.[\w-]+\.[\w-]+$/);
    first.remove();

    // A new element (a reload) on the same proxy: restored at the items step.
    const second = await mount();
    expect(second.step).to.equal('items');
    const box = await until(
      second,
      'rever-line-item-picker',
      'li[data-id="li_1001_5"] input[type="checkbox"]:not([disabled])',
    );
    box.click();
    // The reasons come from the proxy, which answers only a call carrying the session.
    const select = await until(
      second,
      'rever-line-item-picker',
      'li[data-id="li_1001_5"] select:not([disabled])',
    );
    expect((select as HTMLSelectElement).options.length).to.be.greaterThan(1);
    expect(step(second, 'rever-line-item-picker')!.querySelector('[role="alert"]')).to.equal(null);
  });

  it('a draft whose session token was tampered with is refused by the proxy, with a message', async () => {
    const first = await mount();
    typeLookup(first, 'ana.garcia@example.com', '1001');
    await toItems(first, 8000);
    await until(first, 'rever-line-item-picker', 'input[type="checkbox"]');
    first.remove();
    const key = Object.keys(sessionStorage).find((k) =>
      sessionStorage.getItem(k)?.includes('ord_1001'),
    )!;
    const state = JSON.parse(sessionStorage.getItem(key)!) as {
      draft: { session: { returnId: string; sessionToken: string } };
    };
    // Another return's id, with this shopper's token: the proxy must not let it through.
    state.draft.session.returnId = 'ret_someone_else';
    sessionStorage.setItem(key, JSON.stringify(state));
    const second = await mount();
    const box = await until(
      second,
      'rever-line-item-picker',
      'li[data-id="li_1001_5"] input[type="checkbox"]:not([disabled])',
    );
    box.click();
    const alert = await until(second, 'rever-line-item-picker', '[role="alert"]');
    expect(alert.textContent.trim()).to.include(en['error.unauthorized'].slice(0, 20));
    // Trying again cannot help a session that is not the shopper's; Start again is offered too.
    const buttons = [...alert.querySelectorAll('button')];
    expect(buttons.map((b) => b.textContent.trim())).to.deep.equal([
      en['error.retry'],
      en['error.startAgain'],
    ]);
    buttons[1]!.click();
    await until(second, 'rever-order-lookup', '#email');
    expect(second.step).to.equal('lookup');
    expect(sessionStorage.getItem(key)).to.equal(null);
  });
});
