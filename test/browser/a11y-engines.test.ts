/**
 * The second accessibility engine (test/browser/a11y-engines.ts): IBM's checker runs in every
 * `to.be.accessible()`, it sees into shadow roots, the rule left out there holds where it applies
 * (the widget in a shop's <main>), the items step's checkboxes are one named group, and the
 * engine measures text against a merchant's background written in a syntax it does not read.
 * (The radios of Send it back, one group per choice: return-method.test.ts.)
 */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { emulateMedia } from '@web/test-runner-commands';
import '../../src/components/rever-returns/rever-returns.ts';
import type { ReverReturns } from '../../src/components/rever-returns/rever-returns.ts';
import { createReverClient } from '../../src/services/client.ts';
import { ibmChecks, ibmResults, ibmViolations } from './a11y-engines.ts';
import { fakeFetch, json } from './helpers.ts';
import { returnOrder, storeReasons } from './fixtures.ts';

/** The widget at the items step of `returnOrder`. */
async function itemsStep(container?: HTMLElement) {
  const { fetch } = fakeFetch({
    'POST /returns/intent/start': () => json({ order: returnOrder }),
    'GET /returns/ret_abc/return_reasons': () => json({ return_reasons: storeReasons }),
  });
  const client = createReverClient({ proxyUrl: 'https://proxy.example', fetch });
  const el = await fixture<ReverReturns>(
    html`<rever-returns locale="en" .client=${client}></rever-returns>`,
    container ? { parentNode: container } : {},
  );
  const form = el.shadowRoot!.querySelector('rever-order-lookup')!.shadowRoot!;
  for (const [id, value] of [
    ['email', 'anna@example.com'],
    ['orderNumber', '2002'],
  ] as const) {
    const input = form.querySelector<HTMLInputElement>(`#${id}`)!;
    input.value = value;
    input.dispatchEvent(new Event('input'));
  }
  form.querySelector('button')!.click();
  const picker = await waitUntil(
    () => el.shadowRoot!.querySelector('rever-line-item-picker')?.shadowRoot?.querySelector('li'),
    'the items step',
    { timeout: 20_000 },
  ).then(() => el.shadowRoot!.querySelector('rever-line-item-picker')!);
  await picker.updateComplete;
  return { el, picker };
}

describe('IBM Equal Access beside axe', function () {
  this.timeout(30_000);

  it('runs in every to.be.accessible(), after axe', async () => {
    const el = await fixture(html`<p>Plain text</p>`);
    const before = ibmChecks();
    await expect(el).to.be.accessible();
    expect(ibmChecks()).to.equal(before + 1);
  });

  it('sees into open shadow roots', async () => {
    const host = await fixture(html`<div></div>`);
    const input = document.createElement('input');
    input.type = 'text';
    host.attachShadow({ mode: 'open' }).append(input);
    const violations = await ibmViolations(host);
    expect(violations.some((v) => v.startsWith('input_label_exists'))).to.equal(true);
  });

  it('finds no content outside a landmark when the widget is in the shop’s <main>', async () => {
    const main = document.createElement('main');
    document.body.append(main);
    try {
      const { el } = await itemsStep(main);
      const outside = (await ibmResults(el)).filter(
        (r) => r.ruleId === 'aria_content_in_landmark' && r.value[1] !== 'PASS',
      );
      expect(outside.map((r) => r.path.dom)).to.deep.equal([]);
    } finally {
      main.remove();
    }
  });

  it('items: the checkboxes are one group, named by the step’s heading', async () => {
    const { picker } = await itemsStep();
    const root = picker.shadowRoot!;
    const group = root.querySelector('#pick-0')!.closest('[role="group"], fieldset')!;
    expect(group).to.be.instanceOf(HTMLElement);
    expect(root.getElementById(group.getAttribute('aria-labelledby')!)!.textContent).to.equal(
      'Choose the items to return',
    );
    for (const id of ['#pick-0', '#pick-1']) {
      expect(root.querySelector(id)!.closest('[role="group"], fieldset')).to.equal(group);
    }
    // Not even a potential violation of IBM's grouping rule (before: one per checkbox).
    const ungrouped = (await ibmResults(picker)).filter(
      (r) => r.ruleId === 'input_checkboxes_grouped' && r.value[1] !== 'PASS',
    );
    expect(ungrouped.map((r) => r.path.dom)).to.deep.equal([]);
    await expect(picker).to.be.accessible();
  });

  describe('on a merchant’s background', () => {
    afterEach(() => emulateMedia({ colorScheme: 'light', reducedMotion: 'no-preference' }));

    it('measures the text against an oklch() background, as drawn', async () => {
      // Without motion: the button's colours would still be fading to the dark scheme's.
      await emulateMedia({ colorScheme: 'light', reducedMotion: 'reduce' });
      const el = await fixture<ReverReturns>(
        html`<rever-returns
          proxy-url="https://proxy.example"
          style="--rever-color-background: oklch(25% 0.02 260)"
        ></rever-returns>`,
      );
      // The browser keeps the colour as written; IBM's engine reads rgb(), hex and names only, so
      // the frame draws it again in rgb(): oklch(25% 0.02 260) is sRGB 28.0, 33.9, 43.4.
      expect(getComputedStyle(el).backgroundColor).to.match(/^oklch\(/);
      const frame = el.shadowRoot!.querySelector('.frame')!;
      const drawn = await waitUntil(
        () => getComputedStyle(frame).backgroundColor.match(/^rgb\((\d+), (\d+), (\d+)\)$/),
        'the background again in rgb()',
      ).then(() => getComputedStyle(frame).backgroundColor.match(/\d+/g)!.map(Number));
      [28, 34, 43].forEach((byte, i) => expect(drawn[i]).to.be.closeTo(byte, 1));
      // Before: the progress list and the lookup's text measured against the page's white (1.16
      // and 2.04, where they are drawn at 13.8 and 7.8 on this background).
      const low = (await ibmResults(el)).filter(
        (r) => r.ruleId === 'text_contrast_sufficient' && r.value[1] !== 'PASS',
      );
      expect(low.map((r) => `${r.message} at ${r.path.dom}`)).to.deep.equal([]);
      await expect(el).to.be.accessible();
    });
  });
});
