// Focus never drops to <body> (issue 13, item 5): a whole return for order 1001 against the real
// proxy and the embedded mock, with the keyboard alone. Every enabled button of every step is
// focused and pressed (Enter or Space, through the browser's own input), the bank account's
// fields are submitted with Enter, and after each press and each step change the focus is on a
// control or on a focus target (a step's heading, the saved-account line), never on the page's
// body; a sampler checks the same at every frame in between.
import { expect, fixture, fixtureCleanup, html, waitUntil } from '@open-wc/testing';
import { executeServerCommand, sendKeys } from '@web/test-runner-commands';
import '../../src/components/rever-returns/rever-returns.ts';
import type { ReverReturns } from '../../src/components/rever-returns/rever-returns.ts';
import { ibans } from './fixtures.ts';
import { deepFocus as focused, stepRoot, type Step } from './helpers.ts';

const describeEl = (el: Element | null) => el?.outerHTML.slice(0, 100) ?? 'nothing';

/** A control, or an element made to take focus by script (`tabindex="-1"`): a heading, a line. */
function isFocusTarget(el: Element | null): boolean {
  if (!el || el === document.body) return false;
  if (el.matches('button, input, select, textarea, summary, a[href]')) return true;
  return el.getAttribute('tabindex') === '-1' && el.matches('h2, #bank-saved');
}

/** Every button of a step's shadow root and of the shadow roots within it. */
function buttonsOf(root: ShadowRoot): HTMLButtonElement[] {
  const found: HTMLButtonElement[] = [];
  const walk = (r: ShadowRoot | Element) => {
    for (const node of r.querySelectorAll('*')) {
      if (node instanceof HTMLButtonElement) found.push(node);
      if (node.shadowRoot) walk(node.shadowRoot);
    }
  };
  walk(root);
  return found;
}

const nameOf = (b: Element) => b.textContent.replace(/\s+/g, ' ').trim();

async function settle(el: ReverReturns) {
  await el.updateComplete;
  for (let i = 0; i < 3; i++) {
    await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve)));
  }
}

describe('every button of every step with the keyboard: focus never drops to body', function () {
  // Some twenty round trips through the proxy; a loaded CI runner is many times slower.
  this.timeout(120_000);

  let el: ReverReturns;
  /** What was pressed last, for the frames the sampler finds on body. */
  let doing = 'mounting';
  const drops: string[] = [];
  let sampling = false;
  const sample = () => {
    if (!sampling) return;
    if (document.activeElement === document.body || document.activeElement === null) {
      if (drops.at(-1) !== doing) drops.push(doing);
    }
    requestAnimationFrame(sample);
  };
  /** Step tag → names of the buttons pressed on it, and of those it showed when one was. */
  const pressed = new Map<Step, Set<string>>();
  const seen = new Map<Step, Set<string>>();
  const add = (map: Map<Step, Set<string>>, tag: Step, names: string[]) => {
    if (!map.has(tag)) map.set(tag, new Set());
    for (const name of names) map.get(tag)!.add(name);
  };

  before(() => executeServerCommand('rever-reset'));
  after(async () => {
    sampling = false;
    fixtureCleanup();
    sessionStorage.clear();
    await executeServerCommand('rever-reset');
  });

  async function until(tag: Step, selector: string, what = `${tag} ${selector}`) {
    await waitUntil(() => stepRoot(el, tag)?.querySelector(selector), what, { timeout: 10_000 });
    return stepRoot(el, tag)!.querySelector<HTMLElement>(selector)!;
  }

  /** Focus is on a control or a focus target, never on body; `expected` narrows it. */
  function expectFocus(what: string, expected?: (e: Element) => boolean) {
    expect(document.activeElement, `${what}: document.activeElement`).not.to.equal(document.body);
    const now = focused();
    expect(isFocusTarget(now), `${what}: focus on ${describeEl(now)}`).to.equal(true);
    if (expected) expect(expected(now!), `${what}: focus on ${describeEl(now)}`).to.equal(true);
  }

  /** A step's button, by its text, wherever it is in the step (its nested roots too). */
  function button(tag: Step, name: string): HTMLButtonElement {
    const root = stepRoot(el, tag);
    const found = root && buttonsOf(root).find((b) => nameOf(b) === name);
    if (!found) throw new Error(`no button "${name}" on ${tag}`);
    return found;
  }

  /**
   * Focuses a button by script and presses it with a real key, then waits for what it does and
   * checks where focus is.
   */
  async function press(
    tag: Step,
    name: string,
    key: 'Enter' | 'Space',
    done: () => unknown,
    expected?: (e: Element) => boolean,
  ) {
    const target = button(tag, name);
    target.focus();
    expect(focused(), `focus on "${name}"`).to.equal(target);
    doing = `${key} on "${name}" (${tag})`;
    const shown = buttonsOf(stepRoot(el, tag)!).filter((b) => !b.disabled);
    add(seen, tag, shown.map(nameOf));
    add(pressed, tag, [name]);
    await sendKeys({ press: key });
    await waitUntil(done, `what "${name}" does`, { timeout: 10_000 }).catch((error: Error) => {
      const root = stepRoot(el, tag);
      const text = root?.textContent.replace(/\s+/g, ' ').slice(0, 300);
      throw new Error(
        `${error.message}; at ${el.step}, focus on ${describeEl(focused())}: ${text}`,
      );
    });
    await settle(el);
    expectFocus(doing, expected);
  }

  /** Keys into the focused control (typing, arrows, Enter in a field), then where focus is. */
  async function keys(what: string, action: Parameters<typeof sendKeys>[0]) {
    doing = what;
    await sendKeys(action);
    await settle(el);
  }

  const heading = (id: string) => (e: Element) => e.id === id;

  async function focusInput(tag: Step, selector: string) {
    const input = await until(tag, selector);
    input.focus();
    expect(focused()).to.equal(input);
  }

  /** The lookup, typed: email, Tab, order number. */
  async function typeLookup(email: string, number: string) {
    await focusInput('rever-order-lookup', '#email');
    await keys('typing the email', { type: email });
    await keys('Tab to the order number', { press: 'Tab' });
    expect(focused()?.id).to.equal('orderNumber');
    await keys('typing the order number', { type: number });
  }

  /**
   * Order 1001 looked up with Enter in its number field, to its items: through its returns and
   * "Return more items" when it shows them first.
   */
  async function toItemsOf1001() {
    await typeLookup('ana.garcia@example.com', '1001');
    await keys('Enter in the order number', { press: 'Enter' });
    await waitUntil(() => el.step === 'items' || el.step === 'returns', 'order 1001 found', {
      timeout: 10_000,
    });
    await settle(el);
    if (el.step === 'returns') {
      expectFocus('the returns shown', heading('done-heading'));
      await until('rever-active-returns', '.returns');
      await press(
        'rever-active-returns',
        'Return more items',
        'Enter',
        () => el.step === 'items',
        heading('items-heading'),
      );
    } else {
      expectFocus('the items shown', heading('items-heading'));
    }
    await until('rever-line-item-picker', '#pick-4');
  }

  /** On the items step: jacket and sneakers ticked with Space, a reason each by arrow. */
  async function pickTwo() {
    for (const index of [3, 4]) {
      await focusInput('rever-line-item-picker', `#pick-${index}`);
      await keys(`Space on item ${index}`, { press: 'Space' });
      const reason = await until('rever-line-item-picker', `#reason-${index}:not([disabled])`);
      reason.focus();
      await keys(`a reason for item ${index}`, { press: 'ArrowDown' });
      expectFocus(`the reason of item ${index}`, (e) => e === reason);
    }
  }

  const resolution = () => stepRoot(el, 'rever-resolution-picker')!;
  const saved = () => !resolution().querySelector('[role="status"]')!.textContent.trim();

  it('walks lookup, returns, items, refund (with the bank form), send it back, review and done', async () => {
    el = await fixture<ReverReturns>(
      html`<rever-returns proxy-url=${window.__REVER_PROXY_URL__} locale="en"></rever-returns>`,
    );
    await settle(el);
    const print = window.print.bind(window);
    let printed = 0;
    window.print = () => void printed++;
    try {
      // Lookup. Pressed empty: focus goes to the email field that says what is missing.
      await press(
        'rever-order-lookup',
        'Find my order',
        'Enter',
        () => stepRoot(el, 'rever-order-lookup')!.querySelector('#email-error'),
        (e) => e.id === 'email',
      );
      sampling = true;
      requestAnimationFrame(sample);
      // An order with nothing left to return shows its returns, and a way to another order.
      await typeLookup('nothing.left@example.com', '6006');
      await press(
        'rever-order-lookup',
        'Find my order',
        'Space',
        () => el.step === 'returns',
        heading('done-heading'),
      );
      await until('rever-active-returns', '.returns');
      await press(
        'rever-active-returns',
        'Look up another order',
        'Enter',
        () => el.step === 'lookup',
        heading('lookup-heading'),
      );
      await toItemsOf1001();

      // Items: tick two, a reason each; Back and "Look up another order" ask, and Keep returns
      // focus to the button that asked; Leave starts over.
      await focusInput('rever-line-item-picker', '#pick-3');
      await keys('Space on the jacket', { press: 'Space' });
      await press(
        'rever-line-item-picker',
        'Continue',
        'Enter',
        () => stepRoot(el, 'rever-line-item-picker')!.querySelector('#reason-3-error'),
        (e) => e.id === 'reason-3',
      );
      for (const [name, key] of [
        ['Back', 'Enter'],
        ['Look up another order', 'Space'],
      ] as const) {
        await press(
          'rever-line-item-picker',
          name,
          key,
          () => stepRoot(el, 'rever-line-item-picker')!.querySelector('#discard-keep'),
          (e) => e.id === 'discard-keep',
        );
        await press(
          'rever-line-item-picker',
          'Keep my items',
          key,
          () => !stepRoot(el, 'rever-line-item-picker')!.querySelector('#discard-keep'),
          (e) => nameOf(e) === name,
        );
      }
      await press('rever-line-item-picker', 'Back', 'Enter', () =>
        stepRoot(el, 'rever-line-item-picker')!.querySelector('#discard-keep'),
      );
      await press(
        'rever-line-item-picker',
        'Leave and lose them',
        'Enter',
        () => el.step === 'lookup',
        heading('lookup-heading'),
      );
      await toItemsOf1001();
      await pickTwo();
      await press(
        'rever-line-item-picker',
        'Continue',
        'Enter',
        () => el.step === 'resolution',
        heading('resolution-heading'),
      );

      // Refund or exchange. Continue with nothing chosen: focus into the first item's group.
      await until('rever-resolution-picker', 'fieldset[data-id] input');
      await press(
        'rever-resolution-picker',
        'Continue',
        'Enter',
        () => resolution().querySelector('#incomplete'),
        (e) => e.matches('#line-0 input'),
      );
      const group = (name: string) =>
        [...resolution().querySelectorAll<HTMLFieldSetElement>('fieldset[data-id]')].find((f) =>
          f.querySelector('legend')!.textContent.includes(name),
        )!;
      const radio = (name: string, value: string) =>
        group(name).querySelector<HTMLInputElement>(`input[value="${value}"]`)!;
      radio('Quilted jacket', 'EXCHANGE').focus();
      await keys('Space on Exchange', { press: 'Space' });
      await until('rever-resolution-picker', 'input[data-kind="variant"]:not([disabled])');
      const black = [...group('Quilted jacket').querySelectorAll('label')]
        .find((l) => l.textContent.includes('M / Black'))!
        .querySelector('input')!;
      black.focus();
      await keys('Space on M / Black', { press: 'Space' });
      expectFocus('the variant chosen', (e) => e === black);
      await waitUntil(saved, 'the exchange saved');
      radio('Canvas sneakers', 'BANK_TRANSFER').focus();
      await keys('Space on bank transfer', { press: 'Space' });
      await until('rever-resolution-picker', '#iban');

      // The account: "Use this account" with nothing typed, then an invalid IBAN with Enter, the
      // right one and the holder with Enter, "Change account" and "Use this account" again.
      await press(
        'rever-resolution-picker',
        'Use this account',
        'Enter',
        () => resolution().querySelector('#iban-error'),
        (e) => e.id === 'iban',
      );
      await keys('typing a wrong IBAN', { type: ibans.badChecksum });
      await keys('Enter in the IBAN field', { press: 'Enter' });
      expectFocus('Enter on a wrong IBAN', (e) => e.id === 'iban');
      expect(resolution().querySelector('#iban-error')!.textContent).to.contain('not valid');
      await focusInput('rever-resolution-picker', '#iban');
      (focused() as HTMLInputElement).select();
      await keys('typing the IBAN', { type: ibans.valid });
      await keys('Enter in the IBAN field without a holder', { press: 'Enter' });
      expectFocus('Enter without a holder', (e) => e.id === 'holder');
      await keys('typing the holder', { type: 'Ana García' });
      await keys('Enter in the holder field', { press: 'Enter' });
      await waitUntil(() => resolution().querySelector('#bank-saved'), 'the account used');
      await settle(el);
      expectFocus('Enter in the holder field', (e) => e.id === 'bank-saved');
      expect(focused()!.textContent).to.contain('ES91 •••• 1332');
      await press(
        'rever-resolution-picker',
        'Change account',
        'Enter',
        () => resolution().querySelector('#iban'),
        (e) => e.id === 'iban',
      );
      await press(
        'rever-resolution-picker',
        'Use this account',
        'Space',
        () => resolution().querySelector('#bank-saved'),
        (e) => e.id === 'bank-saved',
      );
      await press(
        'rever-resolution-picker',
        'Change account',
        'Space',
        () => resolution().querySelector('#iban'),
        (e) => e.id === 'iban',
      );
      await keys('Enter in the IBAN field, the account typed', { press: 'Enter' });
      await waitUntil(() => resolution().querySelector('#bank-saved'), 'the account used again');
      await settle(el);
      expectFocus('Enter in the IBAN field', (e) => e.id === 'bank-saved');
      await waitUntil(saved, 'the transfer saved');
      await press(
        'rever-resolution-picker',
        'Back',
        'Enter',
        () => el.step === 'items',
        heading('items-heading'),
      );
      await press(
        'rever-line-item-picker',
        'Continue',
        'Space',
        () => el.step === 'resolution',
        heading('resolution-heading'),
      );
      await until('rever-resolution-picker', '#bank-saved');
      await press(
        'rever-resolution-picker',
        'Continue',
        'Enter',
        () => el.step === 'shipping',
        heading('ship-heading'),
      );

      // Send it back: Continue with no method, then the drop-off; "Find points", each point's
      // "Hours", Continue with no point, then the first point.
      await until('rever-return-method', 'input[name$="-method"]');
      await press(
        'rever-return-method',
        'Continue',
        'Enter',
        () => stepRoot(el, 'rever-return-method')!.querySelector('[role="alert"]'),
        (e) => nameOf(e) === 'Continue',
      );
      (await until('rever-return-method', 'input[value="rm_eu_dropoff"]')).focus();
      await keys('Space on the drop-off', { press: 'Space' });
      await until('rever-return-method', 'input[name$="-point"]');
      await press(
        'rever-return-method',
        'Find points',
        'Enter',
        () => stepRoot(el, 'rever-return-method')!.querySelector('input[name$="-point"]'),
        (e) => nameOf(e) === 'Find points',
      );
      const summary = await until('rever-return-method', 'summary');
      summary.focus();
      await keys('Enter on Hours', { press: 'Enter' });
      expect(summary.parentElement!.hasAttribute('open')).to.equal(true);
      expectFocus('Hours opened', (e) => e === summary);
      await press(
        'rever-return-method',
        'Continue',
        'Space',
        () => stepRoot(el, 'rever-return-method')!.textContent.includes('Choose a point.'),
        (e) => nameOf(e) === 'Continue',
      );
      const point = await until('rever-return-method', 'input[name$="-point"]');
      point.focus();
      await keys('Space on the first point', { press: 'Space' });
      expectFocus('the point chosen', (e) => e === point);
      await press(
        'rever-return-method',
        'Continue',
        'Enter',
        () => el.step === 'review',
        heading('review-heading'),
      );

      // Review: every change action and back, then Confirm.
      const back = async (via: 'resolution' | 'items') => {
        if (via === 'items') {
          await press(
            'rever-line-item-picker',
            'Continue',
            'Enter',
            () => el.step === 'resolution',
            heading('resolution-heading'),
          );
        }
        await until('rever-resolution-picker', '#bank-saved');
        await press(
          'rever-resolution-picker',
          'Continue',
          'Enter',
          () => el.step === 'shipping',
          heading('ship-heading'),
        );
        await until('rever-return-method', 'input[name$="-point"]:checked');
        await press(
          'rever-return-method',
          'Continue',
          'Enter',
          () => el.step === 'review',
          heading('review-heading'),
        );
      };
      await until('rever-return-review', '.account button');
      await press(
        'rever-return-review',
        'Change account',
        'Enter',
        () => el.step === 'resolution',
        (e) => e.id === 'bank-saved',
      );
      await back('resolution');
      await press(
        'rever-return-review',
        'Change items',
        'Space',
        () => el.step === 'items',
        heading('items-heading'),
      );
      await back('items');
      await press(
        'rever-return-review',
        'Change refund or exchange',
        'Enter',
        () => el.step === 'resolution',
        heading('resolution-heading'),
      );
      await back('resolution');
      await press(
        'rever-return-review',
        'Confirm return',
        'Enter',
        () => el.step === 'done',
        heading('done-heading'),
      );

      // Done: Print (the instructions' box), then start another return.
      await until('rever-active-returns', 'rever-return-instructions');
      await waitUntil(
        () =>
          stepRoot(el, 'rever-active-returns')!
            .querySelector('rever-return-instructions')!
            .shadowRoot?.querySelector('button'),
        'the instructions',
      );
      await until('rever-active-returns', '.returns');
      await press(
        'rever-active-returns',
        'Print',
        'Enter',
        () => printed === 1,
        (e) => nameOf(e) === 'Print',
      );
      await press(
        'rever-active-returns',
        'Start another return',
        'Space',
        () => el.step === 'lookup',
        heading('lookup-heading'),
      );
    } finally {
      window.print = print;
      sampling = false;
    }
    expect(drops, 'frames with focus on body').to.deep.equal([]);
    // Every step was walked, and every button it showed on the way was pressed.
    expect([...seen.keys()]).to.have.members([
      'rever-order-lookup',
      'rever-active-returns',
      'rever-line-item-picker',
      'rever-resolution-picker',
      'rever-return-method',
      'rever-return-review',
    ]);
    for (const [tag, names] of seen) {
      expect([...pressed.get(tag)!], `the buttons pressed on ${tag}`).to.have.members([...names]);
    }
  });
});
