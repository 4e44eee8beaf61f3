import { ContextProvider } from '@lit/context';
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/components/credit-summary/credit-summary.ts';
import {
  NO_FIGURES,
  type ReverCreditSummary,
} from '../../src/components/credit-summary/credit-summary.ts';
import { i18nContext } from '../../src/context.ts';
import { en } from '../../src/i18n/en.ts';
import { createI18n } from '../../src/i18n/i18n.ts';
import type { CreditFigures } from '../../src/state/flow.ts';

/** Text as read aloud: runs of white space (no-break spaces too) as one space. */
const squash = (value: string) => value.replace(/\s+/g, ' ').trim();
const text = (node: Node | null | undefined) => squash(node?.textContent ?? '');

/**
 * A node as markup, for assertions: a failed assertion on a DOM node itself stalls the test
 * runner while it serializes the node, so tests compare strings and numbers instead.
 */
const markup = (node: Element | null | undefined) => node?.outerHTML ?? null;

/** Figures with a refund and store credit (both shown), over the ones given. */
const fig = (f: Partial<CreditFigures>): CreditFigures => ({
  ...NO_FIGURES,
  refunded: true,
  credited: true,
  ...f,
});

async function mount(currency: string, figures: Partial<CreditFigures>, empty = false) {
  return fixture<ReverCreditSummary>(
    html`<rever-credit-summary
      currency=${currency}
      .figures=${fig(figures)}
      ?empty=${empty}
    ></rever-credit-summary>`,
  );
}

/** The figures shown, by their term. */
function shown(el: ReverCreditSummary) {
  const figures: Record<string, string> = {};
  for (const dt of el.shadowRoot!.querySelectorAll('dt')) {
    figures[text(dt)] = text(dt.nextElementSibling);
  }
  return figures;
}

const bonusLine = (el: ReverCreditSummary) => el.shadowRoot!.querySelector('.bonus');

describe('<rever-credit-summary>', () => {
  it('names an exchange by its replacement, with no money line, and only store credit as credit', async () => {
    const exchanges = [{ lineId: 'a', name: 'Linen shirt', variant: 'L', quantity: 1 }];
    const el = await mount('EUR', { refunded: false, credited: false, exchanges });
    expect(markup(el.shadowRoot!.querySelector('dl'))).to.equal(null);
    expect(text(el.shadowRoot!.querySelector('.exchanges'))).to.equal('Exchange: Linen shirt, L');
    expect(text(el.shadowRoot)).not.to.contain('€');
    el.figures = fig({ refundTotal: 4990, refunded: true, credited: false, exchanges });
    await el.updateComplete;
    expect(shown(el)).to.deep.equal({
      [en['credit.items']]: '€0.00',
      [en['credit.refund']]: '€49.90',
    });
  });

  it('shows no figure of the previous choice while a choice is pending', async () => {
    const el = await mount('EUR', { refundTotal: 0, credit: 2995 });
    expect(shown(el)[en['credit.credit']]).to.equal('€29.95');
    el.figures = fig({ refundTotal: 0, credit: 2995, pending: true });
    await el.updateComplete;
    expect(text(el.shadowRoot)).not.to.contain('€');
    expect(text(el.shadowRoot!.querySelector('.pending'))).to.equal(en['credit.pending']);
  });

  // Items' value − the return cost = refund + credit, in each currency's minor units.
  const costly = { returnCost: 500, costKnown: true };

  it('shows yen without decimals: items, the cost deducted, refund and credit', async () => {
    const el = await mount('JPY', {
      itemsValue: 100765,
      ...costly,
      refundTotal: 1500,
      credit: 98765,
    });
    expect(shown(el)).to.deep.equal({
      [en['credit.items']]: '¥100,765',
      [en['credit.cost']]: '-¥500',
      [en['credit.refund']]: '¥1,500',
      [en['credit.credit']]: '¥98,765',
    });
  });

  it('shows Kuwaiti dinars with three decimals', async () => {
    const el = await mount('KWD', { itemsValue: 1739, ...costly, refundTotal: 1234, credit: 5 });
    expect(shown(el)).to.deep.equal({
      [en['credit.items']]: 'KWD 1.739',
      [en['credit.cost']]: '-KWD 0.500',
      [en['credit.refund']]: 'KWD 1.234',
      [en['credit.credit']]: 'KWD 0.005',
    });
  });

  it('shows euros with two decimals, a free method as free, no cost before a method', async () => {
    const el = await mount('EUR', {
      itemsValue: 1239,
      costKnown: true,
      refundTotal: 1234,
      credit: 5,
    });
    expect(shown(el)).to.deep.equal({
      [en['credit.items']]: '€12.39',
      [en['credit.cost']]: en['ship.free'],
      [en['credit.refund']]: '€12.34',
      [en['credit.credit']]: '€0.05',
    });
    el.figures = fig({ itemsValue: 1239, refundTotal: 1234, credit: 5 });
    await el.updateComplete;
    expect(shown(el)[en['credit.cost']]).to.equal(undefined);
  });

  it('shows the bonus only when there is one, and follows new figures', async () => {
    const el = await mount('EUR', { refundTotal: 0, credit: 2750, bonus: 0 });
    expect(markup(bonusLine(el))).to.equal(null);
    el.figures = fig({ refundTotal: 0, credit: 2750, bonus: 250 });
    await el.updateComplete;
    expect(shown(el)[en['credit.bonusTerm']]).to.equal('+€2.50');
    expect(shown(el)[en['credit.credit']]).to.equal('€27.50');
    el.figures = fig({ refundTotal: 1000, credit: 0, bonus: 0 });
    await el.updateComplete;
    expect(markup(bonusLine(el))).to.equal(null);
    expect(shown(el)).to.deep.equal({
      [en['credit.items']]: '€0.00',
      [en['credit.refund']]: '€10.00',
      [en['credit.credit']]: '€0.00',
    });
  });

  it('says what to do while nothing is chosen, and shows no figures', async () => {
    const el = await mount('EUR', { refundTotal: 1234, credit: 99, bonus: 10 }, true);
    expect(text(el.shadowRoot!.querySelector('p'))).to.equal(en['credit.nothing']);
    expect(markup(el.shadowRoot!.querySelector('dl'))).to.equal(null);
    expect(markup(bonusLine(el))).to.equal(null);
    expect(text(el.shadowRoot)).not.to.contain('€');
    el.empty = false;
    await el.updateComplete;
    expect(text(el.shadowRoot)).not.to.contain(en['credit.nothing']);
    expect(shown(el)[en['credit.refund']]).to.equal('€12.34');
  });

  it('is a polite live region under its heading, in English without a provider', async () => {
    const el = await mount('EUR', { refundTotal: 1234, credit: 0, bonus: 0 });
    const box = el.shadowRoot!.querySelector('[part="credit-summary"]')!;
    expect(box.getAttribute('aria-live')).to.equal('polite');
    // The figures change inside the live region, so a screen reader hears them.
    expect(box.contains(el.shadowRoot!.querySelector('dl'))).to.equal(true);
    expect(text(box.querySelector('h3'))).to.equal(en['credit.heading']);
    await expect(el).to.be.accessible();
    el.figures = fig({ refundTotal: 0, credit: 1100, bonus: 100 });
    await el.updateComplete;
    await expect(el).to.be.accessible();
    el.empty = true;
    await el.updateComplete;
    await expect(el).to.be.accessible();
  });

  it('formats money in the locale an i18n provider gives, and follows a change of it', async () => {
    const host = await fixture<HTMLDivElement>(html`<div></div>`);
    const provider = new ContextProvider(host, {
      context: i18nContext,
      initialValue: createI18n('de-DE'),
    });
    const el = document.createElement('rever-credit-summary');
    el.currency = 'EUR';
    el.figures = fig({ refundTotal: 123456, credit: 0, bonus: 0 });
    host.append(el);
    await el.updateComplete;
    expect(shown(el)[en['credit.refund']]).to.equal('1.234,56 €');
    provider.setValue(createI18n('en'));
    await el.updateComplete;
    expect(shown(el)[en['credit.refund']]).to.equal('€1,234.56');
  });
});
