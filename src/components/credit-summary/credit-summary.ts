import '../../i18n/en-steps.ts';
import { html, LitElement, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { consume, i18nContext } from '../../context.ts';
import { createI18n, type I18n } from '../../i18n/i18n.ts';
import { formatMoney } from '../../services/money.ts';
import type { CreditFigures } from '../../state/flow.ts';
import { isolated } from '../internal/bidi.ts';
import { define } from '../internal/define.ts';
import { sharedStyles } from '../internal/shared.styles.ts';
import { creditSummaryStyles } from './credit-summary.styles.ts';

/** No figures: nothing refunded, credited or exchanged. */
export const NO_FIGURES: CreditFigures = {
  itemsValue: 0,
  bonus: 0,
  returnCost: 0,
  costKnown: false,
  refundTotal: 0,
  credit: 0,
  refunded: false,
  credited: false,
  exchanges: [],
  pending: false,
};

/**
 * What the shopper will get: the items' value, any store-credit bonus, the return cost deducted,
 * then the refund as money and the store credit to spend (each after the cost); and
 * each exchange by what replaces the item (an exchange is not money: no figure is given for it),
 * in the order's currency with its own decimals. While a choice is being saved it shows no figure
 * at all, so nothing of the previous choice stays on screen. A polite, atomic live region, so a
 * screen reader hears the whole summary again after each choice.
 *
 * @summary The refund, credit and exchanges of the return being drafted.
 * @csspart credit-summary - The summary box.
 * @internal Composed by `<rever-returns>`.
 */
export class ReverCreditSummary extends LitElement {
  static override styles = [sharedStyles, creditSummaryStyles];

  @state()
  i18n: I18n = createI18n('en');

  constructor() {
    super();
    // From the root, while connected (see context.ts).
    consume(this, i18nContext, (i18n) => (this.i18n = i18n));
  }

  /** ISO 4217 code of the order. */
  @property() currency = 'EUR';

  /** The figures to show, in minor units. */
  @property({ attribute: false }) figures: CreditFigures = NO_FIGURES;

  /** Whether nothing has been chosen yet. */
  @property({ type: Boolean }) empty = false;

  private _figures() {
    const { t, locale } = this.i18n;
    const money = (minor: number) => formatMoney(minor, this.currency, locale);
    const { itemsValue, returnCost, costKnown, refundTotal, credit, bonus } = this.figures;
    const { refunded, credited, exchanges } = this.figures;
    const row = (term: string, kind: string, value: string) =>
      html`<dt>${term}</dt>
        <dd class=${kind}>${value}</dd>`;
    return html`${
      refunded || credited
        ? html`<dl>
            ${row(t('credit.items'), 'items', money(itemsValue))}
            ${credited && bonus > 0 ? row(t('credit.bonusTerm'), 'bonus', `+${money(bonus)}`) : nothing}
            ${
              costKnown
                ? row(
                    t('credit.cost'),
                    'cost',
                    returnCost > 0 ? money(-returnCost) : t('ship.free'),
                  )
                : nothing
            }
            ${refunded ? row(t('credit.refund'), 'refund', money(refundTotal)) : nothing}
            ${credited ? row(t('credit.credit'), 'credit', money(credit)) : nothing}
          </dl>`
        : nothing
    }
    ${
      exchanges.length
        ? html`<ul class="exchanges">
            ${exchanges.map(
              (x) =>
                html`<li>
                  ${
                    x.variant
                      ? isolated(t, 'credit.exchange', { name: x.name, variant: x.variant }, [
                          'name',
                          'variant',
                        ])
                      : isolated(t, 'credit.exchangeName', { name: x.name }, ['name'])
                  }
                </li>`,
            )}
          </ul>`
        : nothing
    }`;
  }

  override render() {
    const { t } = this.i18n;
    return html`<div class="box" part="credit-summary" aria-live="polite" aria-atomic="true">
      <h3>${t('credit.heading')}</h3>
      ${
        this.empty
          ? html`<p>${t('credit.nothing')}</p>`
          : this.figures.pending
            ? html`<p class="pending">${t('credit.pending')}</p>`
            : this._figures()
      }
    </div>`;
  }
}

define('rever-credit-summary', ReverCreditSummary);

declare global {
  interface HTMLElementTagNameMap {
    'rever-credit-summary': ReverCreditSummary;
  }
}
