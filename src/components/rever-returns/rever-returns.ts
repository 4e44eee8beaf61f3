import { provide } from '@lit/context';
import { html, LitElement, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { clientContext, i18nContext } from '../../context.ts';
import {
  ReverErrorEvent,
  ReverOrderFoundEvent,
  ReverStepChangeEvent,
  type StepName,
} from '../../events.ts';
import { createI18n, resolveLocale, type I18n } from '../../i18n/i18n.ts';
import { createReverClient, type ReverClient } from '../../services/client.ts';
import type { Order, OrderLineItem } from '../../services/contract.ts';
import { ReverError } from '../../services/errors.ts';
import { formatMoney } from '../../services/money.ts';
import { returnableUnits, unreturnableReason } from '../../services/order.ts';
import { initialFlow, orderFound, type FlowState, type LookupResult } from '../../state/flow.ts';
import { define } from '../define.ts';
import '../order-lookup/order-lookup.ts';
import type { ReverOrderLookup } from '../order-lookup/order-lookup.ts';
import { sharedStyles } from '../shared.styles.ts';
import { rootStyles } from './rever-returns.styles.ts';

/**
 * An embeddable returns portal for REVER: the shopper finds their order, picks what to return and
 * how to be refunded, and confirms. It talks only to the merchant's proxy (`proxy-url`), which
 * holds REVER's secret key.
 *
 * @summary REVER returns portal.
 * @fires rever-order-found - The shopper's order was found; `detail`: order id, currency, line counts.
 * @fires rever-step-change - The flow moved to another step; `detail`: `step`, `previous`.
 * @fires rever-error - A request failed and the shopper was told; `detail`: `code`, `status`, `step`.
 * @csspart error - An error message.
 * @csspart button - A button.
 * @cssproperty --rever-font-family - Font family (default: the system UI font).
 * @cssproperty --rever-color-text - Text colour.
 * @cssproperty --rever-color-accent - Buttons and links.
 * @cssproperty --rever-color-on-accent - Text on the accent colour.
 * @cssproperty --rever-color-danger - Errors.
 * @cssproperty --rever-radius - Corner radius.
 * @cssproperty --rever-spacing - Space between fields.
 * @cssproperty --rever-focus-ring - The focus outline.
 */
export class ReverReturns extends LitElement {
  static override styles = [sharedStyles, rootStyles];

  /** The merchant's proxy; REVER's paths are appended to it (e.g. `https://shop.example/rever`). */
  @property({ attribute: 'proxy-url' }) proxyUrl = '';

  /** The shopper's language (BCP 47); when unset, the nearest `lang`, then the browser's. */
  @property() locale?: string;

  /** Prefills the email field. */
  @property() email = '';

  /** Prefills the order number field. */
  @property({ attribute: 'order-number' }) orderNumber = '';

  /** A REVER client to use instead of one made from `proxy-url` (tests, custom transports). */
  @property({ attribute: false }) client?: ReverClient;

  @provide({ context: clientContext })
  @state()
  private _client?: ReverClient;

  @provide({ context: i18nContext })
  @state()
  private _i18n: I18n = createI18n('en');

  @state() private _flow: FlowState = initialFlow();

  /** The current step. */
  get step(): StepName {
    return this._flow.step;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this._i18n = createI18n(resolveLocale(this, this.locale));
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('proxyUrl') || changed.has('client')) {
      this._client =
        this.client ?? (this.proxyUrl ? createReverClient({ proxyUrl: this.proxyUrl }) : undefined);
    }
    if (changed.has('locale')) this._i18n = createI18n(resolveLocale(this, this.locale));
  }

  protected override updated(changed: PropertyValues): void {
    const previous = (changed.get('_flow') as FlowState | undefined)?.step;
    if (previous && previous !== this._flow.step) {
      this.dispatchEvent(new ReverStepChangeEvent({ step: this._flow.step, previous }));
      void this._focusStep();
    }
  }

  /** Focus follows the flow: the new step's heading, so screen readers announce where they are. */
  private async _focusStep(): Promise<void> {
    const lookup = this.renderRoot.querySelector<ReverOrderLookup>('rever-order-lookup');
    if (lookup) {
      await lookup.updateComplete;
      lookup.focusHeading();
    } else {
      this.renderRoot.querySelector<HTMLElement>('h2')?.focus();
    }
  }

  private _onOrderFound(event: CustomEvent<LookupResult>): void {
    event.stopPropagation();
    const { order } = event.detail;
    this._flow = orderFound(this._flow, event.detail);
    this.dispatchEvent(
      new ReverOrderFoundEvent({
        orderId: order.id,
        currency: order.currency,
        lineCount: order.line_items.length,
        returnableLineCount: order.line_items.filter((l) => returnableUnits(l) > 0).length,
      }),
    );
  }

  private _onStepError(event: CustomEvent<unknown>): void {
    event.stopPropagation();
    const error = event.detail;
    const code = error instanceof ReverError ? error.code : 'bad-response';
    const status = error instanceof ReverError ? error.status : undefined;
    this.dispatchEvent(
      new ReverErrorEvent({ code, step: this._flow.step, ...(status ? { status } : {}) }),
    );
  }

  private _startOver(): void {
    this._flow = initialFlow();
  }

  private _line(line: OrderLineItem, order: Order) {
    const { t, locale } = this._i18n;
    const units = returnableUnits(line);
    const image = line.product.images[0];
    return html`<li class="line ${units ? '' : 'unavailable'}">
      ${
        image
          ? html`<img src=${image.src} alt=${image.alt} width="64" height="64" loading="lazy" />`
          : html`<span class="noimg"></span>`
      }
      <span>
        <span class="name">${line.name}</span><br />
        <span class="variant">${line.variant_name}</span><br />
        <span class="state">
          ${
            units
              ? t('items.returnable', { count: units, quantity: line.quantity })
              : t(`items.reason.${unreturnableReason(line)}`)
          }
        </span>
      </span>
      <span>${formatMoney(line.total, order.currency, locale)}</span>
    </li>`;
  }

  override render() {
    const flow = this._flow;
    if (flow.step === 'lookup') {
      return html`<rever-order-lookup
        .email=${this.email}
        .orderNumber=${this.orderNumber}
        @lookup-success=${this._onOrderFound}
        @step-error=${this._onStepError}
      ></rever-order-lookup>`;
    }
    const { t } = this._i18n;
    return html`<section aria-labelledby="items-heading">
      <h2 id="items-heading" tabindex="-1">${t('items.heading', { number: flow.orderNumber })}</h2>
      <p>${t('items.intro')}</p>
      <ul class="lines">
        ${flow.order.line_items.map((line) => this._line(line, flow.order))}
      </ul>
      <button type="button" class="secondary" part="button" @click=${this._startOver}>
        ${t('items.startOver')}
      </button>
    </section>`;
  }
}

define('rever-returns', ReverReturns);

declare global {
  interface HTMLElementTagNameMap {
    'rever-returns': ReverReturns;
  }
}
