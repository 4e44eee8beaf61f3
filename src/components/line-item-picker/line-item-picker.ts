import { Task, TaskStatus } from '@lit/task';
import '../../i18n/en-steps.ts';
import { html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { guard } from 'lit/directives/guard.js';
import { live } from 'lit/directives/live.js';
import type { OrderLineItem, ReturnReason } from '../../../contract/index.ts';
import { isPast } from '../../services/logistics.ts';
import { dateFormat } from '../../services/intl.ts';
import { formatMoney } from '../../services/money.ts';
import { returnableUnits, unreturnableReason } from '../../services/order.ts';
import { choiceComplete, lineValue, type Draft, type LineChoice } from '../../state/flow.ts';
import { define } from '../internal/define.ts';
import { focusField } from '../internal/focus-field.ts';
import { ReverStep, type Resumable } from '../internal/step.ts';
import { errorMessage } from '../internal/error-message.ts';
import { actionsStyles } from '../internal/actions.styles.ts';
import { sharedStyles } from '../internal/shared.styles.ts';
import { pickerStyles } from './line-item-picker.styles.ts';

/**
 * The items step: every line of the order with what can be returned of it; a quantity, a reason
 * and (when the reason asks) a comment for each picked line. On continue it brings REVER's return
 * in line with the picks: "add an item" for new or changed lines, "remove" for dropped ones.
 *
 * Listeners are delegated to the list, one per kind, so 250 lines cost what 1 line costs.
 *
 * @summary Picks the lines of an order to return.
 * @fires rever-intent - (internal) The step's intents (`state/intents.ts`), for the root only:
 *   - `pick-change`: `{ lineId, choice }`: a patch of the line's choice; null unpicks.
 *   - `lines-synced`: REVER answered an add or remove: `{ response, comments? }`.
 *   - `line-uncertain`: `{ lineId }`: an add's outcome is unknown (its answer was lost).
 *   - `line-removed`: `{ lineId }`: REVER does not hold the line (a remove's 404).
 *   - `step-done`: every pick is in REVER's return.
 *   - `step-error`: a request failed; `detail` is the error.
 * @internal Composed by `<rever-returns>`.
 */
export class ReverLineItemPicker extends ReverStep {
  static override styles = [sharedStyles, actionsStyles, pickerStyles];

  /** The return being drafted. */
  @property({ attribute: false }) draft!: Draft;

  /** The clock return windows are read against, in the shopper's time zone (tests set it). */
  @property({ attribute: false }) now: () => Date = () => new Date();

  /** Lines whose pick is incomplete, shown after a continue; by line id. */
  @state() private _missing: Record<string, 'reason' | 'comment'> = {};
  @state() private _nonePicked = false;
  /** Back or "Look up another order" was asked for with items picked: the question is open. */
  @state() private _leaving?: 'back' | 'startOver';
  /** Lines whose typed quantity was above what can be returned, with that most. */
  @state() private _tooMany: Record<string, number> = {};
  /** The line REVER refused, by id, with why. */
  @state() private _lineError?: { id: string; error: unknown };
  /** A failure of the last continue that is not one line's; gone once the shopper changes a pick. */
  @state() private _syncError?: unknown;

  private _reasons = new Task(this, {
    args: () => [this.draft.session, this.i18n.locale.slice(0, 2).toLowerCase()] as const,
    task: ([session, lang], opts) => this._rever().reasons(session, lang, opts),
    onError: this._failed,
  });

  /** Brings REVER's return in line with the picks (see `syncLines`), then moves on. */
  private _sync = new Task(this, {
    autoRun: false,
    task: (_args: [], opts) =>
      this._rever().syncLines(
        () => this.draft,
        (type, detail) => this.emit(type, detail),
        // REVER refusing this line is said on the line; anything else once, above the list.
        (id, error) => (this._lineError = { id, error }),
        opts,
      ),
    onComplete: () => this.emit('step-done', null),
    onError: (error) => {
      if (!this._lineError) this._syncError = error;
      this._failed(error);
    },
  });

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this._sync.abort();
    this._reasons.abort();
  }

  protected override _resumable(): Resumable[] {
    return [
      [this._reasons, () => this._reasons.run()],
      [this._sync, () => this._sync.run([])],
    ];
  }

  /**
   * Back (to the lookup) or "Look up another order": both leave this order. With items picked, an
   * inline question asks first (focus on its safe answer); without, the shopper leaves at once.
   */
  private _leave(action: 'back' | 'startOver'): void {
    if (this._leaving === action) return;
    if (Object.keys(this.draft.picked).length === 0) return this._goBack();
    this._leaving = action;
    void this.updateComplete.then(() =>
      this.renderRoot.querySelector<HTMLButtonElement>('#discard-keep')?.focus(),
    );
  }

  private _goBack(): void {
    this.emit('start-over', null);
  }

  /** The shopper keeps their picks: the question goes, focus back where it came from. */
  private _keep(): void {
    const action = this._leaving;
    this._leaving = undefined;
    void this.updateComplete.then(() =>
      this.renderRoot.querySelector<HTMLButtonElement>(`[data-action="${action}"]`)?.focus(),
    );
  }

  private _discardQuestion() {
    const { t } = this.i18n;
    return html`<div
      class="discard"
      role="group"
      aria-labelledby="discard-question"
      @keydown=${(e: KeyboardEvent) => e.key === 'Escape' && this._keep()}
    >
      <p id="discard-question">${t('items.discard')}</p>
      <div class="actions">
        <button
          type="button"
          id="discard-keep"
          part="button"
          aria-describedby="discard-question"
          @click=${() => this._keep()}
        >
          ${t('items.discardKeep')}
        </button>
        <button type="button" class="secondary" part="button" @click=${() => this._goBack()}>
          ${t('items.discardConfirm')}
        </button>
      </div>
    </div>`;
  }

  private _reasonsById(): Map<string, ReturnReason> {
    return new Map((this._reasons.value ?? []).map((r) => [r.id, r]));
  }

  private _emitPick(lineId: string, choice: Partial<LineChoice> | null): void {
    this._nonePicked = false;
    if (this._missing[lineId]) {
      const missing = { ...this._missing };
      delete missing[lineId];
      this._missing = missing;
    }
    if (this._lineError?.id === lineId) this._lineError = undefined;
    this._syncError = undefined;
    this.emit('pick-change', { lineId, choice });
  }

  /** One listener for every control of every line: the line's id is on its `<li>`. */
  private _onChange(event: Event): void {
    const control = event.target as HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;
    const lineId = control.closest('li')?.dataset.id;
    if (!lineId) return;
    const kind = control.dataset.kind;
    if (kind === 'pick') {
      const line = this.draft.order.line_items.find((l) => l.id === lineId);
      const reasons = line?.available_return_reasons ?? [];
      // A line with a single possible reason gets it already chosen: one decision less.
      const only = reasons.length === 1 ? (reasons[0]?.id ?? '') : '';
      this._emitPick(
        lineId,
        (control as HTMLInputElement).checked ? { quantity: 1, reasonId: only, comment: '' } : null,
      );
    } else if (kind === 'quantity') {
      // Taken when the field is committed (change), not per keystroke: clamping "" to 1 while
      // the shopper is still typing would rewrite the field under their fingers.
      if (event.type !== 'change') return;
      // More than can go back is taken as the most that can, and said so beside the field.
      const typed = Number(control.value);
      const max = Number((control as HTMLInputElement).max);
      const tooMany = { ...this._tooMany };
      if (typed > max) tooMany[lineId] = max;
      else delete tooMany[lineId];
      this._tooMany = tooMany;
      this._emitPick(lineId, { quantity: typed });
    } else if (kind === 'reason') {
      this._emitPick(lineId, { reasonId: control.value });
    } else if (kind === 'comment') {
      this._emitPick(lineId, { comment: control.value });
    }
  }

  private _onSubmit(event: SubmitEvent): void {
    event.preventDefault();
    if (this._sync.status === TaskStatus.PENDING) return;
    const reasons = this._reasonsById();
    const missing: Record<string, 'reason' | 'comment'> = {};
    // In the list's order, so focus goes to the first line to fix as the shopper reads them.
    for (const { id } of this.draft.order.line_items) {
      const choice = this.draft.picked[id];
      if (!choice) continue;
      if (!choiceComplete(choice, false)) missing[id] = 'reason';
      else if (!choiceComplete(choice, !!reasons.get(choice.reasonId)?.comment_required)) {
        missing[id] = 'comment';
      }
    }
    this._missing = missing;
    this._nonePicked = Object.keys(this.draft.picked).length === 0;
    const first = Object.keys(missing)[0];
    if (first) {
      const index = this.draft.order.line_items.findIndex((l) => l.id === first);
      void this.updateComplete.then(() =>
        focusField(this.renderRoot.querySelector<HTMLElement>(`#${missing[first]}-${index}`)),
      );
      return;
    }
    if (this._nonePicked) return;
    this._lineError = undefined;
    this._syncError = undefined;
    void this._sync.run([]);
  }

  private _details(line: OrderLineItem, index: number, choice: LineChoice, max: number) {
    const { t, locale } = this.i18n;
    const { currency } = this.draft.order;
    const reasons = this._reasonsById();
    const required = !!reasons.get(choice.reasonId)?.comment_required;
    const missing = this._missing[line.id];
    const lineError = this._lineError?.id === line.id ? this._lineError.error : undefined;
    // A group named by the product, so "Reason" is read as "Reason, Linen shirt".
    return html`<div class="details" role="group" aria-labelledby="name-${index}">
      ${
        max > 1
          ? html`<div class="field quantity">
              <label for="quantity-${index}">${t('items.quantity')}</label>
              <input
                id="quantity-${index}"
                part="input"
                data-kind="quantity"
                type="number"
                inputmode="numeric"
                min="1"
                max=${max}
                .value=${live(String(choice.quantity))}
                aria-describedby=${
                  this._tooMany[line.id]
                    ? `quantity-${index}-error worth-${index}`
                    : `worth-${index}`
                }
              />
              ${
                this._tooMany[line.id]
                  ? html`<span class="field-error" id="quantity-${index}-error" role="alert">
                      ${t('items.quantityTooMany', { max })}
                    </span>`
                  : nothing
              }
              <span class="worth" id="worth-${index}">
                ${t('items.worth', {
                  quantity: choice.quantity,
                  amount: formatMoney(lineValue(line, choice.quantity), currency, locale),
                })}
              </span>
            </div>`
          : nothing
      }
      <div class="field">
        <label for="reason-${index}">${t('items.reason')}</label>
        <select
          id="reason-${index}"
          part="input"
          data-kind="reason"
          aria-invalid=${missing === 'reason' ? 'true' : 'false'}
          aria-describedby=${missing === 'reason' ? `reason-${index}-error` : nothing}
          ?disabled=${this._reasons.status !== TaskStatus.COMPLETE}
        >
          <option value="" ?selected=${choice.reasonId === ''}>
            ${t('items.reasonPlaceholder')}
          </option>
          ${line.available_return_reasons.map(
            ({ id }) =>
              html`<option value=${id} ?selected=${choice.reasonId === id}>
                ${reasons.get(id)?.name ?? id}
              </option>`,
          )}
        </select>
        ${
          missing === 'reason'
            ? html`<span class="field-error" id="reason-${index}-error"
                >${t('items.reasonMissing')}</span
              >`
            : nothing
        }
      </div>
      ${
        required || choice.comment
          ? html`<div class="field">
              <label for="comment-${index}">
                ${required ? t('items.commentRequired') : t('items.comment')}
              </label>
              <textarea
                id="comment-${index}"
                part="input"
                data-kind="comment"
                rows="2"
                maxlength="1000"
                ?required=${required}
                aria-invalid=${missing === 'comment' ? 'true' : 'false'}
                aria-describedby=${missing === 'comment' ? `comment-${index}-error` : nothing}
                .value=${choice.comment}
              ></textarea>
              ${
                missing === 'comment'
                  ? html`<span class="field-error" id="comment-${index}-error">
                      ${t('items.commentMissing')}
                    </span>`
                  : nothing
              }
            </div>`
          : nothing
      }
      ${
        lineError
          ? html`<p class="field-error" role="alert" id="line-${index}-error">
              ${errorMessage(lineError, t)}
            </p>`
          : nothing
      }
    </div>`;
  }

  /** Whether the line's return window closed before the shopper's today (contract note p). */
  private _closed(line: OrderLineItem, now: Date): boolean {
    return !!line.return_deadline && isPast(line.return_deadline, now);
  }

  /** What can be returned of the line now: nothing once its window has closed. */
  private _returnable(line: OrderLineItem, now: Date): number {
    return this._closed(line, now) ? 0 : returnableUnits(line);
  }

  /** What the line's state says: how much can go back and by when, or why nothing can. */
  private _stateText(line: OrderLineItem, max: number, closed: boolean): string {
    const { t, locale } = this.i18n;
    const deadline = line.return_deadline;
    if (closed && deadline) return t('items.windowClosed', { date: dayMonth(deadline, locale) });
    if (!max) return t(`items.reason.${unreturnableReason(line)}`);
    const units = t('items.returnable', { count: max, quantity: line.quantity });
    return deadline
      ? `${units} ${DOT} ${t('items.returnBy', { date: dayMonth(deadline, locale) })}`
      : units;
  }

  private _line(line: OrderLineItem, index: number, now: Date) {
    const { t, locale } = this.i18n;
    const money = (minor: number) => formatMoney(minor, this.draft.order.currency, locale);
    const closed = this._closed(line, now);
    const max = closed ? 0 : returnableUnits(line);
    const choice = this.draft.picked[line.id];
    const image = line.product.images[0];
    // REVER refused this line: its error, under the line's details, describes its checkbox.
    const refused = this._lineError?.id === line.id;
    const price =
      line.quantity > 1
        ? t('items.unitPrice', { price: money(lineValue(line, 1)) })
        : money(line.total);
    // No whitespace between the boxes of the line and of its grid, where it is never shown: each
    // of 250 lines clones and walks a dozen text nodes fewer (kept out of Prettier's layout, which
    // would put them back). Its texts are set as each span's textContent: a text binding would
    // add a marker comment to clone, walk and insert beside, four times a line.
    // prettier-ignore
    return html`<li class="line ${max ? '' : 'unavailable'}" data-id=${line.id}><div class="pick"><input
          type="checkbox"
          id="pick-${index}"
          data-kind="pick"
          .checked=${!!choice}
          ?disabled=${max === 0}
          aria-describedby=${refused ? `state-${index} line-${index}-error` : `state-${index}`}
          aria-invalid=${refused ? 'true' : 'false'}>${
          image
            ? html`<img src=${image.src} alt="" width="56" height="56" loading="lazy">`
            : html`<span class="noimg"></span>`
        }<label for="pick-${index}" class="item"><span
            class="name" id="name-${index}" dir="auto" .textContent=${line.name}></span>
          <span class="variant" dir="auto" .textContent=${line.variant_name}></span></label><span
          class="price" .textContent=${price}></span><span
          class="state" id="state-${index}" .textContent=${this._stateText(line, max, closed)}></span
        ></div>${choice ? this._details(line, index, choice, max) : nothing}</li>`;
  }

  override render() {
    const { t } = this.i18n;
    const { order } = this.draft;
    const syncing = this._sync.status === TaskStatus.PENDING;
    const now = this.now();
    const anyReturnable = order.line_items.some((line) => this._returnable(line, now) > 0);
    const reasonsFailed = this._reasons.status === TaskStatus.ERROR;
    // The lines are a group named by the heading: their checkboxes are one choice, not loose ones
    // (a `role="group"` form is not allowed, axe says).
    return html`<section aria-labelledby="items-heading">
      <h2 id="items-heading" tabindex="-1" part="heading">${t('items.heading')}</h2>
      <p>${t('items.intro', { number: this.draft.orderNumber })}</p>
      ${anyReturnable ? nothing : html`<p role="alert">${t('items.noneReturnable')}</p>`}
      ${reasonsFailed ? this._alert(this._reasons.error, () => this._reasons.run()) : nothing}
      ${
        this._syncError === undefined
          ? nothing
          : this._alert(this._syncError, () => this._sync.run([]))
      }
      <form novalidate @submit=${this._onSubmit}>
        <div role="group" aria-labelledby="items-heading">
          <ul class="lines" @change=${this._onChange} @input=${this._onChange}>
            ${order.line_items.map(
              // A line's template is rebuilt only when what it shows changed, so ticking one line
              // of 250 costs one line, not 250. Only a picked line shows the reasons, so their
              // arrival rebuilds the picked lines alone. (No keyed repeat: an order's lines never
              // move, so each keeps its place and its DOM.)
              (line, i) => {
                const choice = this.draft.picked[line.id];
                return guard(
                  [
                    line,
                    i,
                    this._closed(line, now),
                    choice,
                    this._missing[line.id],
                    this._tooMany[line.id],
                    this._lineError?.id === line.id ? this._lineError : undefined,
                    choice && this._reasons.value,
                    choice && this._reasons.status,
                    this.i18n,
                    order.currency,
                  ],
                  () => this._line(line, i, now),
                );
              },
            )}
          </ul>
        </div>
        ${this._nonePicked ? html`<p role="alert">${t('items.nonePicked')}</p>` : nothing}
        <div class="actions">
          <button
            type="submit"
            part="button"
            ?disabled=${!anyReturnable}
            aria-disabled=${syncing ? 'true' : 'false'}
          >
            ${t('nav.continue')}
          </button>
          ${(['back', 'startOver'] as const).map(
            (action) =>
              html`<button
                type="button"
                class="secondary"
                part="button"
                data-action=${action}
                aria-expanded=${this._leaving === action ? 'true' : 'false'}
                @click=${() => this._leave(action)}
              >
                ${t(`nav.${action}`)}
              </button>`,
          )}
        </div>
        ${this._leaving ? this._discardQuestion() : nothing}
      </form>
      ${this._status(
        syncing
          ? t('items.saving')
          : this._reasons.status === TaskStatus.PENDING
            ? t('items.loadingReasons')
            : '',
      )}
    </section>`;
  }
}

// Escaped, so the classic scripts stay plain ASCII.
const DOT = '\u00b7';

/** "14 Jan" in the locale, from a YYYY-MM-DD date (a calendar day: no time zone moves it). */
function dayMonth(date: string, locale: string): string {
  // One formatter per locale (services/intl.ts): each line with a return window formats its day.
  return dateFormat(locale, { day: 'numeric', month: 'short', timeZone: 'UTC' }).format(
    new Date(`${date}T00:00:00Z`),
  );
}

define('rever-line-item-picker', ReverLineItemPicker);

declare global {
  interface HTMLElementTagNameMap {
    'rever-line-item-picker': ReverLineItemPicker;
  }
}
