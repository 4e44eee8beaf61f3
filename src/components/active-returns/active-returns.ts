import { Task, TaskStatus } from '@lit/task';
import '../../i18n/en-steps.ts';
import { html, nothing } from 'lit';
import { property } from 'lit/decorators.js';
import type { ActiveReturn, Logistics } from '../../../contract/index.ts';
import { awaitsParcel } from '../../services/logistics.ts';
import { formatMoney } from '../../services/money.ts';
import { ReverError } from '../../services/errors.ts';
import { dateFormat } from '../../services/intl.ts';
import { returnableUnits } from '../../services/order.ts';
import { doneFigures, type Done, type Draft } from '../../state/flow.ts';
import { actionsStyles } from '../internal/actions.styles.ts';
import '../credit-summary/credit-summary.ts';
import { isolated } from '../internal/bidi.ts';
import { define } from '../internal/define.ts';
import { ReverStep, type Resumable } from '../internal/step.ts';
import { sharedStyles } from '../internal/shared.styles.ts';
import { activeReturnsStyles } from './active-returns.styles.ts';

/** REVER's statuses of a return that is over (contract note b); any other is still open. */
const PAST = new Set(['COMPLETED', 'CANCELED', 'FAILED']);

/** A return's reference, REVER's id, in a box of its own that wraps anywhere (a 320 px phone). */
const reference = (id: string) => html`<code class="ref" dir="ltr">${id}</code>`;

function formatDate(iso: string, locale: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  try {
    return dateFormat(locale, { dateStyle: 'long' }).format(date);
  } catch {
    return dateFormat('en', { dateStyle: 'long' }).format(date);
  }
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
  static override styles = [sharedStyles, actionsStyles, activeReturnsStyles];

  /** The confirmed return (the done step). */
  @property({ attribute: false }) done?: Done;

  /** The order's return being drafted, whose existing returns are shown first (no `done`). */
  @property({ attribute: false }) draft?: Draft;

  private _returns = new Task(this, {
    args: () =>
      [(this.done ?? this.draft!).session, this.done?.orderId ?? this.draft!.order.id] as const,
    task: async ([session, orderId], opts) => {
      const returns = await this._rever()
        .activeReturns(session, orderId, opts)
        .catch((error: unknown) => {
          // Shown first, REVER knows of none: the items, as if it had never been shown.
          if (!this.done && error instanceof ReverError && error.code === 'not-found') return [];
          throw error;
        });
      if (!this.done && returns.length === 0) this.emit('step-done', { skipped: true });
      return returns;
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
    return item.id !== this.done?.confirmation.return_id && awaitsParcel(item)
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
      ${reference(item.id)} ${t('done.created', { date: formatDate(item.created_at, locale) })}
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

  /** The returns, open ones first and finished or cancelled ones under "Past returns". */
  private _lists() {
    const { t } = this.i18n;
    const returns = this._returns.value;
    if (!returns) return nothing;
    const past = returns.filter((r) => PAST.has(r.status));
    const open = returns.filter((r) => !PAST.has(r.status));
    return html`<h3>${t('done.activeHeading')}</h3>
      ${
        open.length
          ? html`<ul class="returns">
              ${open.map((item) => this._return(item))}
            </ul>`
          : html`<p>${t('done.none')}</p>`
      }
      ${
        past.length
          ? html`<h3>${t('done.pastHeading')}</h3>
              <ul class="returns">
                ${past.map((item) => this._return(item))}
              </ul>`
          : nothing
      }`;
  }

  /** The order's existing returns, before anything else is picked (the `returns` view). */
  private _overview(draft: Draft) {
    const { t } = this.i18n;
    const more = draft.order.line_items.some((line) => returnableUnits(line) > 0);
    return html`<section aria-labelledby="done-heading">
      <h2 id="done-heading" tabindex="-1" part="heading">
        ${t('returns.heading', { number: draft.orderNumber })}
      </h2>
      <p>${t(more ? 'returns.intro' : 'returns.nothingLeft')}</p>
      ${this._listsAndStatus()}
      <div class="actions">
        ${
          more
            ? html`<button
                type="button"
                class="more"
                part="button"
                @click=${() => this.emit('go-to', { step: 'items' })}
              >
                ${t('returns.more')}
              </button>`
            : nothing
        }
        <button
          type="button"
          class=${more ? 'secondary' : ''}
          part="button"
          @click=${() => this.emit('start-over', null)}
        >
          ${t('nav.startOver')}
        </button>
      </div>
    </section>`;
  }

  private _listsAndStatus() {
    const { t } = this.i18n;
    return html`${
      this._returns.status === TaskStatus.ERROR
        ? this._alert(this._returns.error, () => this._returns.run())
        : nothing
    }
    ${this._lists()}
    ${this._status(this._returns.status === TaskStatus.PENDING ? t('done.loading') : '')}`;
  }

  override render() {
    if (!this.done) return this._overview(this.draft!);
    const { t, locale } = this.i18n;
    const { confirmation, orderNumber } = this.done;
    const { summary } = confirmation;
    const money = (minor: number) => formatMoney(minor, summary.currency, locale);
    const figures = doneFigures(this.done);
    return html`<section aria-labelledby="done-heading">
      <h2 id="done-heading" tabindex="-1" part="heading">${t('done.heading')}</h2>
      <p>
        ${isolated(
          t,
          'done.intro',
          { id: [reference(confirmation.return_id)], number: orderNumber },
          [],
        )}
      </p>
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
      ${this._instructions(confirmation.logistics, 3)} ${this._listsAndStatus()}
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
