// The field that receives focus after an error scrolls with its label in view (issue 13, item 6),
// on a 320 × 480 phone: each case scrolls the page so the field sits at the very top of the
// screen (its label just above the fold, where a browser's own focus scroll leaves it), then makes
// the error happen without moving focus first. Against the proxy and the embedded mock, order
// 5005: long names make its steps long at 320 px, and it refunds by bank transfer.
import { expect, fixture, fixtureCleanup, html, waitUntil } from '@open-wc/testing';
import { executeServerCommand, setViewport } from '@web/test-runner-commands';
import '../../src/components/rever-returns/rever-returns.ts';
import type { ReverReturns } from '../../src/components/rever-returns/rever-returns.ts';
import { ibans } from './fixtures.ts';
import { deepFocus as focused, stepRoot, type Step } from './helpers.ts';

function setValue(control: HTMLInputElement | HTMLSelectElement, value: string, type: string) {
  control.value = value;
  control.dispatchEvent(new Event(type, { bubbles: true }));
}

/** Scrolls the page so `element`'s top is the screen's top edge. */
function toTop(element: Element) {
  window.scrollBy(0, element.getBoundingClientRect().top);
  expect(Math.round(element.getBoundingClientRect().top)).to.equal(0);
}

/** The label and the control are both on the screen, the label above the control. */
function inView(label: Element, control: Element, what: string) {
  const l = label.getBoundingClientRect();
  const c = control.getBoundingClientRect();
  expect(l.top, `${what}: the label's top`).to.be.at.least(0);
  expect(c.bottom, `${what}: the control's bottom`).to.be.at.most(window.innerHeight);
  expect(l.top, `${what}: the label above the control`).to.be.below(c.top);
}

describe('after an error, the field in focus shows with its label (320 × 480)', function () {
  this.timeout(60_000);
  let el: ReverReturns;

  before(() => executeServerCommand('rever-reset'));
  beforeEach(async () => {
    await setViewport({ width: 320, height: 480 });
    // Page content above and below the widget, as on a shop's page: any scroll is possible.
    const page = await fixture<HTMLDivElement>(
      html`<div>
        <div style="height: 1200px"></div>
        <rever-returns proxy-url=${window.__REVER_PROXY_URL__} locale="en"></rever-returns>
        <div style="height: 3000px"></div>
      </div>`,
    );
    el = page.querySelector('rever-returns')!;
    await el.updateComplete;
  });
  afterEach(async () => {
    fixtureCleanup();
    sessionStorage.clear();
    window.scrollTo(0, 0);
    await setViewport({ width: 800, height: 600 });
  });
  after(() => executeServerCommand('rever-reset'));

  async function until(tag: Step, selector: string) {
    await waitUntil(() => stepRoot(el, tag)?.querySelector(selector), `${tag} ${selector}`, {
      timeout: 10_000,
    });
    return stepRoot(el, tag)!.querySelector<HTMLElement>(selector)!;
  }

  async function focusOn(id: string) {
    await waitUntil(() => focused()?.id === id, `focus on #${id} (on ${focused()?.outerHTML})`);
  }

  /** Order 5005 found, the Greek pullover ticked (no reason yet). */
  async function toItems() {
    const lookup = stepRoot(el, 'rever-order-lookup')!;
    setValue(lookup.querySelector('#email')!, 'edge.cases@example.co.uk', 'input');
    setValue(lookup.querySelector('#orderNumber')!, '5005', 'input');
    lookup.querySelector('form')!.requestSubmit();
    await waitUntil(() => el.step === 'items' || el.step === 'returns', 'order found', {
      timeout: 10_000,
    });
    if (el.step === 'returns') {
      // Shown its returns first: "Return more items".
      const returns = el.shadowRoot!.querySelector('rever-active-returns')!;
      await returns.updateComplete;
      returns
        .shadowRoot!.querySelector<HTMLButtonElement>('.actions button:not(.secondary)')!
        .click();
    }
    (await until('rever-line-item-picker', '#pick-2')).click();
    return until('rever-line-item-picker', '#reason-2:not([disabled])');
  }

  it('the lookup: the email field missing, scrolled to the top edge', async () => {
    const lookup = stepRoot(el, 'rever-order-lookup')!;
    setValue(lookup.querySelector('#orderNumber')!, '5005', 'input');
    const email = lookup.querySelector<HTMLInputElement>('#email')!;
    toTop(email);
    lookup.querySelector('form')!.requestSubmit();
    await focusOn('email');
    inView(lookup.querySelector('label[for="email"]')!, email, 'the email field');
  });

  it('the items: a picked item without a reason, its select at the top edge', async () => {
    const reason = await toItems();
    const picker = stepRoot(el, 'rever-line-item-picker')!;
    // The lines above laid out once (they skip layout until seen: content-visibility), so they
    // keep their real heights and the select stays where the shopper sees it.
    for (const line of picker.querySelectorAll('.line')) {
      line.scrollIntoView();
      await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve)));
    }
    toTop(reason);
    picker.querySelector('form')!.requestSubmit();
    await focusOn('reason-2');
    inView(picker.querySelector('label[for="reason-2"]')!, reason, 'the reason');
    // The message below it shows too: it fits with the label.
    const message = picker.querySelector('#reason-2-error')!.getBoundingClientRect();
    expect(message.bottom).to.be.at.most(window.innerHeight);
  });

  it('the refund: an item without a choice, then an IBAN that is not valid', async () => {
    const reason = (await toItems()) as HTMLSelectElement;
    setValue(reason, reason.options[1]!.value, 'change');
    await el.updateComplete;
    stepRoot(el, 'rever-line-item-picker')!.querySelector('form')!.requestSubmit();
    const first = (await until('rever-resolution-picker', '#line-0 input')) as HTMLInputElement;
    const root = stepRoot(el, 'rever-resolution-picker')!;

    // No choice: focus into the item's group, its legend (the item's name) on the screen.
    toTop(first);
    root.querySelector('form')!.requestSubmit();
    await waitUntil(() => focused() === first, 'focus on the first choice');
    inView(root.querySelector('#line-0 > legend')!, first, 'the item');

    // Bank transfer, a wrong IBAN, "Use this account" pressed with the field at the top.
    root.querySelector<HTMLInputElement>('#line-0 input[value="BANK_TRANSFER"]')!.click();
    const iban = (await until('rever-resolution-picker', '#iban')) as HTMLInputElement;
    setValue(iban, ibans.badChecksum, 'input');
    setValue(root.querySelector<HTMLInputElement>('#holder')!, 'Edge Cases Ltd', 'input');
    await el.updateComplete;
    toTop(iban);
    const use = [...root.querySelectorAll('button')].find(
      (b) => b.textContent.trim() === 'Use this account',
    )!;
    use.click();
    await waitUntil(() => root.querySelector('#iban-error'), 'the IBAN refused');
    await focusOn('iban');
    inView(root.querySelector('label[for="iban"]')!, iban, 'the IBAN field');
  });
});
