import { Task, TaskStatus } from '@lit/task';
import '../../i18n/en-steps.ts';
import { deepArrayEquals } from '@lit/task/deep-equals.js';
import { html, nothing } from 'lit';
import { property } from 'lit/decorators.js';
import { EXCHANGE_METHOD } from '../../../contract/index.ts';
import { ReverError } from '../../services/errors.ts';
import { accountInUse, creditFigures, type Draft } from '../../state/flow.ts';
import '../credit-summary/credit-summary.ts';
import { isolated, type Isolated } from '../internal/bidi.ts';
import { define } from '../internal/define.ts';
import { ReverStep, type Resumable } from '../internal/step.ts';
import { methodLabel, ReverResolutionPicker } from '../resolution-picker/resolution-picker.ts';
import { actionsStyles } from '../internal/actions.styles.ts';
import { sharedStyles } from '../internal/shared.styles.ts';
import { reviewStyles } from './return-review.styles.ts';

/**
 * The review step: every line with its quantity, reason and resolution, each part editable, and
 * one confirm. REVER's confirm is idempotent for a return, so a retry after a timeout or a second
 * click can never create a second return; the button also ignores clicks while confirming.
 *
 * @summary Reviews and confirms the return.
 * @fires rever-intent - (internal) The step's intents (`state/intents.ts`), for the root only:
 *   - `go-to`: `{ step }`: back to an earlier step to edit it.
 *   - `return-confirmed`: REVER's confirmation.
 *   - `step-error`: a request failed.
 * @internal Composed by `<rever-returns>`.
 */
export class ReverReturnReview extends ReverStep {
  static override styles = [sharedStyles, actionsStyles, reviewStyles];

  @property({ attribute: false }) draft!: Draft;

  /** Labels for what was chosen: all answered from the reads already made for this return. */
  private _labels = new Task(this, {
    args: () =>
      [
        this.draft.session,
        this.i18n.locale.slice(0, 2).toLowerCase(),
        Object.keys(this.draft.resolutions).filter(
          (id) => this.draft.resolutions[id]?.method === EXCHANGE_METHOD,
        ),
      ] as const,
    argsEqual: deepArrayEquals,
    task: ([session, lang, exchanged], opts) =>
      this._rever().reviewData(session, lang, exchanged, opts),
    onError: this._failed,
  });

  private _confirm = new Task(this, {
    autoRun: false,
    task: ([draft]: [Draft], opts) => this._rever().confirm(draft.session, opts),
    onComplete: (confirmation) => this.emit('return-confirmed', confirmation),
    onError: this._failed,
  });

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this._confirm.abort();
    this._labels.abort();
  }

  protected override _resumable(): Resumable[] {
    return [
      [this._labels, () => this._labels.run()],
      [this._confirm, () => this._confirm.run([this.draft])],
    ];
  }

  private _onSubmit(event: SubmitEvent): void {
    event.preventDefault();
    if (this._confirm.status === TaskStatus.PENDING) return;
    void this._confirm.run([this.draft]);
  }

  private _goTo(step: 'items' | 'resolution'): void {
    // Leaving while REVER confirms would hide the outcome; the buttons say so (aria-disabled).
    if (this._confirm.status === TaskStatus.PENDING) return;
    this.emit('go-to', { step });
  }

  override render() {
    const { t } = this.i18n;
    const labels = this._labels.value;
    const confirming = this._confirm.status === TaskStatus.PENDING;
    const account = accountInUse(this.draft);
    const error =
      this._confirm.status === TaskStatus.ERROR
        ? this._confirm.error
        : this._labels.status === TaskStatus.ERROR
          ? this._labels.error
          : undefined;
    const lines = Object.entries(this.draft.inReturn).map(([id, choice]) => {
      const line = this.draft.order.line_items.find((l) => l.id === id);
      const resolution = this.draft.saved[id];
      const reason = labels?.reasons.find((r) => r.id === choice.reasonId)?.name ?? '';
      let resolved: string | Isolated = '';
      if (resolution?.method === EXCHANGE_METHOD) {
        const variant = labels?.variants.find((v) => v.variant_id === resolution.variantId);
        resolved = variant
          ? isolated(
              t,
              'review.exchangeFor',
              { name: variant.name, variant: variant.variant_name },
              ['name', 'variant'],
            )
          : t('resolution.exchange');
      } else if (resolution) {
        resolved = methodLabel(resolution.method, this.i18n);
      }
      return html`<li>
        <bdi class="name">${line?.name ?? id}</bdi>, <bdi>${line?.variant_name ?? ''}</bdi><br />
        ${t('review.quantity', { quantity: choice.quantity })}<br />
        ${t('review.reason', { reason })}<br />
        ${
          choice.comment
            ? html`${isolated(t, 'review.comment', { comment: choice.comment }, ['comment'])}<br />`
            : nothing
        }
        ${isolated(t, 'review.resolution', { resolution: resolved }, [])}
      </li>`;
    });
    return html`<section aria-labelledby="review-heading">
      <h2 id="review-heading" tabindex="-1" part="heading">${t('review.heading')}</h2>
      <p>${t('review.intro')}</p>
      <ul class="lines">
        ${lines}
      </ul>
      ${
        account
          ? html`<p class="account">
              ${t('review.account', { iban: account })}
              <button
                type="button"
                class="secondary"
                part="button"
                aria-disabled=${confirming ? 'true' : 'false'}
                @click=${() => {
                  if (confirming) return;
                  ReverResolutionPicker.focusAccount = true;
                  this._goTo('resolution');
                }}
              >
                ${t('bank.change')}
              </button>
            </p>`
          : nothing
      }
      <div class="actions">
        <button
          type="button"
          class="secondary"
          part="button"
          aria-disabled=${confirming ? 'true' : 'false'}
          @click=${() => this._goTo('items')}
        >
          ${t('review.editItems')}
        </button>
        <button
          type="button"
          class="secondary"
          part="button"
          aria-disabled=${confirming ? 'true' : 'false'}
          @click=${() => this._goTo('resolution')}
        >
          ${t('review.editResolution')}
        </button>
      </div>
      <rever-credit-summary
        exportparts="credit-summary"
        .currency=${this.draft.order.currency}
        .figures=${creditFigures(this.draft, labels?.refunds ?? [], labels?.variants)}
      ></rever-credit-summary>
      ${
        error instanceof ReverError && error.code === 'not-returnable'
          ? // REVER refuses the return as it stands (a line without a saved choice, or none left).
            html`<div role="alert" part="error"><p>${t('review.incomplete')}</p></div>`
          : error
            ? this._alert(error)
            : nothing
      }
      <form novalidate @submit=${this._onSubmit}>
        <button type="submit" part="button" aria-disabled=${confirming ? 'true' : 'false'}>
          ${t('review.confirm')}
        </button>
      </form>
      ${this._status(confirming ? t('review.confirming') : '')}
    </section>`;
  }
}

define('rever-return-review', ReverReturnReview);

declare global {
  interface HTMLElementTagNameMap {
    'rever-return-review': ReverReturnReview;
  }
}
