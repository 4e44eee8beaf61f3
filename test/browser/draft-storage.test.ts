// The draft in sessionStorage: written once the page is idle rather than in the tick of a pick,
// and at once when the element goes away, so a reload or a removal never loses a pick.
import { expect, fixture, fixtureCleanup, html, waitUntil } from '@open-wc/testing';
import '../../src/components/rever-returns/rever-returns.ts';
import type { ReverReturns } from '../../src/components/rever-returns/rever-returns.ts';
import { returnOrder } from './fixtures.ts';
import { nextEvent, reloadedAtItems } from './helpers.ts';

const PROXY = 'https://proxy.example';
const KEY = `rever-returns:v1:${PROXY}`;

async function mountAtItems() {
  const client = reloadedAtItems(PROXY, KEY);
  const el = await fixture<ReverReturns>(
    html`<rever-returns proxy-url=${PROXY} .client=${client}></rever-returns>`,
  );
  const picker = el.shadowRoot!.querySelector('rever-line-item-picker')!.shadowRoot!;
  return { el, picker };
}

const stored = () =>
  JSON.parse(sessionStorage.getItem(KEY) ?? 'null') as {
    draft: { picked: Record<string, unknown> };
  } | null;

const tick = (picker: ShadowRoot, id: string) =>
  picker.querySelector<HTMLInputElement>(`li[data-id="${id}"] input[data-kind="pick"]`)!.click();

describe('the draft in sessionStorage', () => {
  afterEach(() => {
    // The fixtures first: one removed flushes its pending draft, which must not outlive the test.
    fixtureCleanup();
    sessionStorage.clear();
  });

  it('takes a pick once the page is idle', async () => {
    const { el, picker } = await mountAtItems();
    const [first] = returnOrder.line_items;
    tick(picker, first!.id);
    await el.updateComplete;
    await waitUntil(() => stored()?.draft.picked[first!.id], 'the pick is stored');
  });

  it("shows a stored draft's step first: no lookup form before it, no step change", async () => {
    // Reading a draft back needs the later steps' module (restore.ts comes with it), so the
    // root waits for it before its first render rather than flashing the lookup form.
    const el = document.createElement('rever-returns');
    el.client = reloadedAtItems(PROXY, KEY);
    el.proxyUrl = PROXY;
    const shown: string[] = [];
    const changes: unknown[] = [];
    el.addEventListener('rever-step-change', (e) => changes.push(e.detail));
    const ready = nextEvent(el, 'rever-ready');
    document.body.append(el);
    new MutationObserver((records) => {
      for (const node of records.flatMap((r) => [...r.addedNodes])) {
        if (!(node instanceof Element)) continue;
        for (const found of [node, ...node.querySelectorAll('*')]) shown.push(found.localName);
      }
    }).observe(el.shadowRoot!, { childList: true, subtree: true });
    expect((await ready).detail).to.deep.equal({ step: 'items' });
    await el.updateComplete;
    expect(el.step).to.equal('items');
    expect(shown).to.include('rever-line-item-picker');
    expect(shown).not.to.include('rever-order-lookup');
    expect(changes).to.deep.equal([]);
    el.remove();
  });

  it('takes the last pick at once when the element is removed', async () => {
    const { el, picker } = await mountAtItems();
    const [first] = returnOrder.line_items;
    tick(picker, first!.id);
    await el.updateComplete;
    el.remove();
    expect(stored()?.draft.picked[first!.id]).to.deep.include({ quantity: 1 });
  });
});
