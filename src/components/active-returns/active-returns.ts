import { Task, TaskStatus } from '@lit/task';
import '../../i18n/en-steps.ts';
import { html, nothing } from 'lit';
import { property } from 'lit/decorators.js';
import type { ActiveReturn, Logistics } from '../../../contract/index.ts';
import { awaitsParcel } from '../../services/logistics.ts';
import { formatMoney } from '../../services/money.ts';
import { doneFigures, type Done } from '../../state/flow.ts';
import '../credit-summary/credit-summary.ts';
import { isolated } from '../internal/bidi.ts';
import { define } from '../internal/define.ts';
import { ReverStep, type Resumable } from '../internal/step.ts';
import { sharedStyles } from '../internal/shared.styles.ts';
import { activeReturnsStyles } from './active-returns.styles.ts';

const dateFormats = new Map<string, Intl.DateTimeFormat>();
function formatDate(iso: string, locale: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  let format = dateFormats.get(locale);
  if (!format) {
    try {
      format = new Intl.DateTimeFormat(locale, { dateStyle: 'long' });
    } catch {
      format = new Intl.DateTimeFormat('en', { dateStyle: 'long' });
    }
    dateFormats.set(locale, format);
  }
  return format.format(date);
}

/**
 * The instructions' element, with the QR encoder: a chunk of its own, loaded the first time a
 * return has instructions to show (a failed load shows none, and is tried again on next render).
 */
let instructions: Promise<unknown> | undefined;
function loadInstructions(): void {
  instructions ??= import('../return-instructions/return-instructions.ts').catch(() => {
    instructions = undefined;
  });
}

/**
 * The last step: the confirmed return's summary, then the shopper's active returns for the order,
 * each with its status and, when the parcel has one, a tracking link. What to do next with the
 * parcel (`<rever-return-instructions>`) follows the confirmation, and each other return that
 * still waits for its parcel.
 *
 * @summary Confirmation and active returns.
 * @fires rever-intent - (internal) The step's intents (`state/intents.ts`), for the root only:
 *   - `start-over`: the shopper wants to start another return.
 *   - `step-error`: a request failed.
 * @csspart tracking-link - A carrier's tracking link.
 * @csspart instructions - The box of what to do next with a parcel.
 * @csspart qr-code - The QR code.
 * @csspart label-link - The label's link.
 * @csspart print-button - The instructions' Print button.
 * @internal Composed by `<rever-returns>`.
 */
export class ReverActiveReturns extends ReverStep {
  static override styles = [sharedStyles, activeReturnsStyles];

  /** The confirmed return. */
  @property({ attribute: false }) done!: Done;

  private _returns = new Task(this, {
    args: () => [this.done.session, this.done.orderId] as const,
    task: ([session, orderId], { signal }) => {
      return this._client().getActiveReturns(session, [orderId], { signal });
    },
    onError: this._failed,
  });

  protected override _resumable(): Resumable[] {
    return [[this._returns, () => this._returns.run()]];
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this._returns.abort();
  }

  /** What to do next with a parcel (contract note o): `level` is its heading's. */
  private _instructions(logistics: Logistics | undefined, level: 3 | 4) {
    if (!logistics) return nothing;
    loadInstructions();
    return html`<rever-return-instructions
      exportparts="button, instructions, qr-code, label-link, print-button"
      .logistics=${logistics}
      level=${level}
    ></rever-return-instructions>`;
  }

  /** A listed return's instructions, unless it is the one confirmed (shown above it) or is on its way. */
  private _instructionsOf(item: ActiveReturn) {
    return item.id !== this.done.confirmation.return_id && awaitsParcel(item)
      ? this._instructions(item.logistics, 4)
      : nothing;
  }

  private _return(item: ActiveReturn) {
    const { t, has, locale } = this.i18n;
    const statusKey = `done.status.${item.status}`;
    // Unknown statuses are shown as REVER sends them: a new status must never break the page.
    const status = has(statusKey) ? t(statusKey) : item.status;
    const tracking = item.tracking;
    return html`<li>
      <strong>${item.id}</strong> &middot;
      ${t('done.created', { date: formatDate(item.created_at, locale) })}
      <br />${t('done.status', { status })}
      <ul>
        ${item.line_items.map(
          (line) =>
            html`<li>
              ${isolated(t, 'done.item', { name: line.name, quantity: line.quantity }, ['name'])}
            </li>`,
        )}
      </ul>
      ${
        tracking?.tracking_url
          ? html`<a
              part="tracking-link"
              href=${tracking.tracking_url}
              target="_blank"
              rel="noopener noreferrer"
              >${t('done.track', { carrier: tracking.carrier, number: tracking.tracking_number })}</a
            >`
          : tracking
            ? t('done.trackingNumber', {
                carrier: tracking.carrier,
                number: tracking.tracking_number,
              })
            : nothing
      }
      ${this._instructionsOf(item)}
    </li>`;
  }

  override render() {
    const { t, locale } = this.i18n;
    const { confirmation, orderNumber } = this.done;
    const { summary } = confirmation;
    const money = (minor: number) => formatMoney(minor, summary.currency, locale);
    const returns = this._returns.value;
    const figures = doneFigures(this.done);
    return html`<section aria-labelledby="done-heading">
      <h2 id="done-heading" tabindex="-1" part="heading">${t('done.heading')}</h2>
      <p>${t('done.intro', { id: confirmation.return_id, number: orderNumber })}</p>
      ${
        figures
          ? html`<rever-credit-summary
              exportparts="credit-summary"
              .currency=${summary.currency}
              .figures=${figures}
            ></rever-credit-summary>`
          : html`<dl>
              <dt>${t('done.refund')}</dt>
              <dd>${money(summary.refund_total)}</dd>
              <dt>${t('done.credit')}</dt>
              <dd>${money(summary.credit_total)}</dd>
            </dl>`
      }
      ${this._instructions(confirmation.logistics, 3)}
      <h3>${t('done.activeHeading')}</h3>
      ${
        this._returns.status === TaskStatus.ERROR
          ? this._alert(this._returns.error, () => this._returns.run())
          : nothing
      }
      ${
        returns
          ? returns.length
            ? html`<ul class="returns">
                ${returns.map((item) => this._return(item))}
              </ul>`
            : html`<p>${t('done.none')}</p>`
          : nothing
      }
      ${this._status(this._returns.status === TaskStatus.PENDING ? t('done.loading') : '')}
      <button type="button" part="button" @click=${() => this.emit('start-over', null)}>
        ${t('done.another')}
      </button>
    </section>`;
  }
}

define('rever-active-returns', ReverActiveReturns);

declare global {
  interface HTMLElementTagNameMap {
    'rever-active-returns': ReverActiveReturns;
  }
}
