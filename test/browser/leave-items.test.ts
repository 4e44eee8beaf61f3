// Leaving the items step (issue 13, item 11): Back (to the lookup) and "Look up another order"
// ask before they drop the picks, in the page (no window.confirm), with focus on the safe answer
// and back where it came from when the shopper keeps them.
import { expect, fixture, fixtureCleanup, html, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../src/components/rever-returns/rever-returns.ts';
import type { ReverReturns } from '../../src/components/rever-returns/rever-returns.ts';
import { reloadedAtItems } from './helpers.ts';

const PROXY = 'https://proxy.example';
const KEY = `rever-returns:v1:${PROXY}`;

async function mountAtItems() {
  const client = reloadedAtItems(PROXY, KEY);
  const el = await fixture<ReverReturns>(
    html`<rever-returns
      proxy-url=${PROXY}
      locale="en"
      history="none"
      .client=${client}
    ></rever-returns>`,
  );
  const picker = () => el.shadowRoot!.querySelector('rever-line-item-picker')!.shadowRoot!;
  return { el, picker };
}

const button = (root: ShadowRoot, text: string) =>
  [...root.querySelectorAll('button')].find((b) => b.textContent.trim() === text)!;

async function pick(el: ReverReturns, root: ShadowRoot) {
  root.querySelector<HTMLInputElement>('input[data-kind="pick"]:not([disabled])')!.click();
  await el.updateComplete;
}

describe('leaving the items step', () => {
  afterEach(() => {
    fixtureCleanup();
    sessionStorage.clear();
  });

  it('goes Back to the lookup at once when nothing is picked', async () => {
    const { el, picker } = await mountAtItems();
    button(picker(), 'Back').click();
    await waitUntil(() => el.step === 'lookup', 'back at the lookup');
  });

  for (const action of ['Back', 'Look up another order']) {
    it(`"${action}" with items picked asks first, in the page, focus on keeping them`, async () => {
      const { el, picker } = await mountAtItems();
      await pick(el, picker());
      const leave = button(picker(), action);
      leave.click();
      await el.updateComplete;
      const question = picker().querySelector<HTMLElement>('[role="group"].discard')!;
      expect(question.textContent).to.contain('The items you picked will be lost');
      expect(leave.getAttribute('aria-expanded')).to.equal('true');
      expect(el.step).to.equal('items');
      await waitUntil(() => picker().activeElement?.id === 'discard-keep', 'focus on keep');
      await expect(picker().host).to.be.accessible();

      // Escape keeps the picks; focus goes back to the button that asked.
      await sendKeys({ press: 'Escape' });
      await waitUntil(() => !picker().querySelector('.discard'), 'the question gone');
      await waitUntil(() => picker().activeElement === leave, 'focus back on the button');
      expect(el.step).to.equal('items');
      expect(picker().querySelectorAll('input[data-kind="pick"]:checked')).to.have.length(1);

      // Asked again, the shopper leaves: the draft is dropped.
      leave.click();
      await el.updateComplete;
      button(picker(), 'Leave and lose them').click();
      await waitUntil(() => el.step === 'lookup', 'at the lookup');
      expect(sessionStorage.getItem(KEY)).to.equal(null);
    });
  }

  it('"Keep my items" keeps them', async () => {
    const { el, picker } = await mountAtItems();
    await pick(el, picker());
    button(picker(), 'Back').click();
    await el.updateComplete;
    button(picker(), 'Keep my items').click();
    await el.updateComplete;
    expect(picker().querySelector('.discard')).to.equal(null);
    expect(el.step).to.equal('items');
  });
});
