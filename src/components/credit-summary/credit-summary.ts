import { consume } from '@lit/context';
import { html, LitElement, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { i18nContext } from '../../context.ts';
import { createI18n, type I18n } from '../../i18n/i18n.ts';
import { formatMoney } from '../../services/money.ts';
import type { CreditFigures } from '../../state/flow.ts';
import { define } from '../internal/define.ts';
import { sharedStyles } from '../internal/shared.styles.ts';
import { creditSummaryStyles } from './credit-summary.styles.ts';

/**
 * What the shopper will get: the refund as money, and the credit to spend (store credit with its
 * bonus, exchanges), in the order's currency with its own decimals. A polite live region, so a
 * screen reader hears the figures change after each choice.
 *
 * @summary The refund and credit of the return being drafted.
 * @csspart credit-summary - The summary box.
 * @internal Composed by `<rever-returns>`.
 */
export class ReverCreditSummary extends LitElement {
  static override styles = [sharedStyles, creditSummaryStyles];

  @consume({ context: i18nContext, subscribe: true })
  @state()
  i18n: I18n = createI18n('en');

  /** ISO 4217 code of the order. */
  @property() currency = 'EUR';

  /** The figures to show, in minor units. */
  @property({ attribute: false }) figures: CreditFigures = { refundTotal: 0, credit: 0, bonus: 0 };

  /** Whether nothing has been chosen yet. */
  @property({ type: Boolean }) empty = false;

  override render() {
    const { t, locale } = this.i18n;
    const money = (minor: number) => formatMoney(minor, this.currency, locale);
    const { refundTotal, credit, bonus } = this.figures;
    return html`<div class="box" part="credit-summary" aria-live="polite" aria-atomic="true">
      <h3>${t('credit.heading')}</h3>
      ${
        this.empty
          ? html`<p>${t('credit.nothing')}</p>`
          : html`<dl>
              <dt>${t('credit.refund')}</dt>
              <dd>${money(refundTotal)}</dd>
              <dt>${t('credit.credit')}</dt>
              <dd>${money(credit)}</dd>
              ${
                bonus > 0
                  ? html`<dd class="bonus">${t('credit.bonus', { amount: money(bonus) })}</dd>`
                  : nothing
              }
            </dl>`
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
