// A whole return with the keyboard alone (issue 13, "Done when"), end to end: Debian's Chromium
// against the BUILT files, on the script-tag page under its strict CSP, through the proxy in front
// of the embedded mock. Order 1001's jacket is exchanged and its sneakers refunded by bank
// transfer, the first IBAN typed wrong; Tab, Shift+Tab, Space, Enter and the arrow keys only
// (`page.keyboard`, never a click). After every key, and at every frame in between (a sampler in
// the page), focus is never on the page's body. Screenshots: test-results/e2e/keyboard-return/.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { demoPages, screenshots, undelivered, until } from './support.ts';

const demo = demoPages();

/** What has focus, through every shadow root, as the test reads it. */
interface Focus {
  body: boolean;
  tag: string;
  id: string;
  type: string;
  value: string;
  name: string;
  text: string;
  /** Its label's text, when it has one. */
  label: string;
  /** The legend of the group it is in, when it is in one. */
  group: string;
  /** The texts its aria-describedby points at. */
  described: string;
}

function focusOf(page: Page): Promise<Focus> {
  // Raw texts from the page, squashed here: a function declared inside `evaluate` would be
  // named by the test's compiler (tsx) with a helper, __name, that the page does not have.
  return page
    .evaluate(() => {
      const body = document.activeElement === document.body || !document.activeElement;
      let el = document.activeElement;
      while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
      const root = el?.getRootNode() as Document | ShadowRoot | undefined;
      return {
        body,
        tag: el?.localName ?? '',
        id: el?.id ?? '',
        type: el?.getAttribute('type') ?? '',
        value: (el as HTMLInputElement | null)?.value ?? '',
        name: el?.getAttribute('name') ?? '',
        text: el?.textContent ?? '',
        label: (el as HTMLInputElement | null)?.labels?.[0]?.textContent ?? '',
        group: el?.closest('fieldset')?.querySelector('legend')?.textContent ?? '',
        described: (el?.getAttribute('aria-describedby') ?? '')
          .split(' ')
          .filter(Boolean)
          .map((id) => root?.getElementById(id)?.textContent ?? '')
          .join(' | '),
      };
    })
    .then((f) => ({
      ...f,
      text: squash(f.text).slice(0, 80),
      label: squash(f.label),
      group: squash(f.group),
      described: squash(f.described),
    }));
}

const squash = (s: string) => s.replace(/\s+/g, ' ').trim();

const show = (f: Focus) => `${f.tag}#${f.id} [${f.type} ${f.name}=${f.value}] "${f.text}"`;

describe('a whole return with the keyboard alone', () => {
  it('exchanges one item and refunds the other by bank transfer, fixing a wrong IBAN on the way', async () => {
    const w = await demo.page();
    const { page } = w;
    const shot = screenshots(page, 'keyboard-return');
    await demo.open(w, '/demo/embed/script-tag.html');
    const widget = page.locator('rever-returns');
    await widget.getByRole('heading', { name: 'Find your order', exact: true }).waitFor();

    let last = 'loading';
    /** Presses a key and checks focus is not on body afterwards. */
    const press = async (key: string, times = 1) => {
      for (let i = 0; i < times; i++) {
        last = key;
        await page.keyboard.press(key);
        const now = await focusOf(page);
        assert.equal(now.body, false, `focus on body after ${key}`);
      }
    };
    const type = async (text: string) => {
      last = `typing ${text}`;
      await page.keyboard.type(text);
    };
    /** Tab (or Shift+Tab) until focus matches, failing after `max` presses. */
    const tabTo = async (match: (f: Focus) => boolean, what: string, back = false, max = 80) => {
      for (let i = 0; i < max; i++) {
        const now = await focusOf(page);
        if (!now.body && match(now)) return now;
        await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
      }
      throw new Error(`Tab never reached ${what}; focus on ${show(await focusOf(page))}`);
    };
    /** Waits until focus matches (after a step change, say), then checks it is not on body. */
    const focusComes = async (match: (f: Focus) => boolean, what: string) => {
      let now = await focusOf(page);
      await until(async () => match((now = await focusOf(page))), what).catch((e: Error) => {
        throw new Error(`${e.message}; focus on ${show(now)}`);
      });
      assert.equal(now.body, false);
      return now;
    };
    /**
     * Arrow keys within a radio group until the focused radio matches, then Space: Tab into a
     * group with nothing chosen focuses its first radio without choosing it.
     */
    const arrowTo = async (match: (f: Focus) => boolean, what: string, max = 10) => {
      for (let i = 0; i < max; i++) {
        const now = await focusOf(page);
        if (match(now)) {
          await press('Space');
          return now;
        }
        await press('ArrowDown');
      }
      throw new Error(`the arrows never reached ${what}; on ${show(await focusOf(page))}`);
    };
    const selectedText = () =>
      page.evaluate(() => {
        let el = document.activeElement;
        while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
        const select = el as HTMLSelectElement;
        return select.selectedOptions[0]?.textContent.trim() ?? '';
      });
    const saved = async () => {
      const status = widget.locator('rever-resolution-picker [role="status"]');
      await until(async () => ((await status.textContent()) ?? '').trim() === '', 'saved');
    };

    // Lookup: Tab from the top of the page into the form. The order number first, Shift+Tab back
    // to the email, Enter.
    await tabTo((f) => f.id === 'email', 'the email field');
    // From here on, a sampler in the page records any frame with focus on body.
    // (A string: a function passed to `evaluate` would be named with a helper the page lacks.)
    await page.evaluate(`window.__bodyFrames = 0;
      requestAnimationFrame(function sample() {
        if (document.activeElement === document.body) window.__bodyFrames++;
        requestAnimationFrame(sample);
      });`);
    await press('Tab');
    assert.equal((await focusOf(page)).id, 'orderNumber');
    await type('#1001');
    await press('Shift+Tab');
    assert.equal((await focusOf(page)).id, 'email');
    await type('ana.garcia@example.com');
    await shot('lookup');
    await press('Enter');

    // The order's returns first when it has some: "Return more items".
    const found = await focusComes(
      (f) => f.id === 'items-heading' || f.id === 'done-heading',
      'focus on the items or the returns',
    );
    if (found.id === 'done-heading') {
      await tabTo((f) => f.text === 'Return more items', 'Return more items');
      await press('Enter');
      await focusComes((f) => f.id === 'items-heading', 'focus on the items');
    }

    // Items: Space ticks, the arrows choose a reason (and the sneakers' quantity stays 1).
    for (const [name, reason] of [
      ['Quilted jacket', 'Too big'],
      ['Canvas sneakers', 'Changed my mind'],
    ] as const) {
      await tabTo((f) => f.type === 'checkbox' && f.label.startsWith(name), name);
      await press('Space');
      await tabTo((f) => f.tag === 'select', `${name}'s reason`);
      for (let i = 0; i < 10 && (await selectedText()) !== reason; i++) await press('ArrowDown');
      assert.equal(await selectedText(), reason);
    }
    await shot('items');
    await tabTo((f) => f.text === 'Continue', 'Continue');
    await press('Enter');

    // Refund or exchange: the jacket's group, arrows to the exchange, then to M / Black.
    await focusComes((f) => f.id === 'resolution-heading', 'focus on the refund step');
    await widget.locator('rever-resolution-picker fieldset[data-id]').first().waitFor();
    await tabTo(
      (f) => f.type === 'radio' && f.group.startsWith('Quilted jacket'),
      "the jacket's choices",
    );
    await arrowTo((f) => f.value === 'EXCHANGE', 'the exchange');
    await widget.locator('rever-resolution-picker input[data-kind="variant"]').first().waitFor();
    await press('Tab');
    await arrowTo((f) => f.value === 'v_1001_4_m', 'M / Black');
    await saved();
    await tabTo(
      (f) => f.type === 'radio' && f.group.startsWith('Canvas sneakers'),
      "the sneakers' choices",
    );
    await arrowTo((f) => f.value === 'BANK_TRANSFER', 'the bank transfer');
    await tabTo((f) => f.id === 'iban', 'the IBAN field');
    await type('ES92 2100 0418 4502 0005 1332');
    await press('Tab');
    assert.equal((await focusOf(page)).id, 'holder');
    await type('Ana García');
    await press('Enter');
    // Refused beside the field, focus back on it, the message read with it.
    const refused = await focusComes((f) => f.id === 'iban', 'focus back on the IBAN');
    assert.match(refused.described, /This IBAN is not valid/);
    const error = widget.locator('rever-resolution-picker #iban-error');
    assert.match((await error.textContent()) ?? '', /not valid/);
    const [field, message] = [
      (await widget.locator('rever-resolution-picker #iban').boundingBox())!,
      (await error.boundingBox())!,
    ];
    assert.ok(message.y >= field.y + field.height - 1, 'the message is just below the field');
    assert.ok(message.y - (field.y + field.height) < 40, 'and next to it');
    await shot('iban-refused');
    await press('Control+A');
    await type('ES91 2100 0418 4502 0005 1332');
    await press('Tab');
    await press('Enter');
    const used = await focusComes((f) => f.id === 'bank-saved', 'focus on the saved account');
    assert.match(used.text, /ES91 •••• 1332/);
    await saved();
    await shot('resolution');
    await tabTo((f) => f.text === 'Continue', 'Continue');
    await press('Enter');

    // Send it back: the arrows to the drop-off, Space on the nearest point, Continue.
    await focusComes((f) => f.id === 'ship-heading', 'focus on Send it back');
    await widget.locator('rever-return-method input[name$="-method"]').first().waitFor();
    await tabTo((f) => f.name.endsWith('-method'), 'the return methods');
    await arrowTo((f) => f.value === 'rm_eu_dropoff', 'the drop-off');
    await widget.locator('rever-return-method input[name$="-point"]').first().waitFor();
    await tabTo((f) => f.name.endsWith('-point'), 'the points');
    await press('Space');
    await shot('send-it-back');
    await tabTo((f) => f.text === 'Continue', 'Continue');
    await press('Enter');

    // Review: the account is there, masked; Confirm with Enter.
    await focusComes((f) => f.id === 'review-heading', 'focus on the review');
    const review = widget.locator('rever-return-review');
    await review.getByText('Exchange for Quilted jacket, M / Black').waitFor();
    await review.getByText(/ES91 •••• 1332/).waitFor();
    await shot('review');
    await tabTo((f) => f.text === 'Confirm return', 'Confirm return');
    await press('Enter');

    await focusComes((f) => f.id === 'done-heading', 'focus on the confirmation');
    await widget.getByRole('heading', { name: 'Your return is confirmed', exact: true }).waitFor();
    const done = widget.locator('rever-active-returns');
    await done.getByText('Canvas sneakers × 1').first().waitFor();
    await done.getByText('Quilted jacket × 1').first().waitFor();
    await shot('done');

    const frames = await page.evaluate(
      () => (window as unknown as { __bodyFrames: number }).__bodyFrames,
    );
    assert.equal(frames, 0, `frames with focus on body (last key: ${last})`);
    assert.deepEqual(w.errors, [], 'console errors');
    assert.deepEqual(w.violations, [], 'CSP or Trusted Types violations');
    assert.deepEqual(undelivered(w), [], 'answers lost on the way');
    await page.context().close();
  });
});
