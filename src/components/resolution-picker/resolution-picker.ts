import { Task, TaskStatus } from '@lit/task';
import { css, html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { I18n } from '../../i18n/i18n.ts';
import {
  EXCHANGE_METHOD,
  type ExchangeOption,
  type RefundOption,
} from '../../../contract/index.ts';
import { ReverError, type ReverErrorCode } from '../../services/errors.ts';
import { isValidIban, maskIban, normalizeIban } from '../../../contract/iban.ts';
import { formatMoney } from '../../services/money.ts';
import {
  bankAccountNeeded,
  canEnter,
  creditFigures,
  preferencesFor,
  resolutionDecided,
  unsavedResolutions,
  type Draft,
  type Resolution,
} from '../../state/flow.ts';
import '../credit-summary/credit-summary.ts';
import { isolated } from '../internal/bidi.ts';
import { define } from '../internal/define.ts';
import { errorMessage } from '../internal/error-message.ts';
import { ReverStep, type Resumable } from '../internal/step.ts';
import { sharedStyles } from '../internal/shared.styles.ts';

/** REVER refusing one line's choice: said on that line, and no other line waits on it. */
const REFUSALS: ReverErrorCode[] = ['not-returnable', 'invalid', 'not-found', 'conflict'];

/** The label of a refund method: translated when known, else the API's name made readable. */
export function methodLabel(method: string, i18n: I18n): string {
  const key = `resolution.method.${method}`;
  if (i18n.has(key)) return i18n.t(key);
  const words = method.toLowerCase().replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * The resolution step: for each line in the return, a refund by one of the methods REVER offers
 * or an exchange for one of the line's variants. Every choice is saved at once
 * (save_client_preferences), one line per request, and the credit summary follows.
 *
 * @summary Chooses a refund or an exchange for each returned line.
 * @fires rever-intent - (internal) The step's intents (`state/intents.ts`), for the root only:
 *   - `resolution-change`: `{ lineId, resolution }`.
 *   - `bank-account`: `{ account }`, the checked IBAN and holder, or null.
 *   - `resolution-saved`: `{ lineId, resolution, pendingCredit }`.
 *   - `go-to`: `{ step }`: back to the items.
 *   - `step-done`: every line has a saved resolution.
 *   - `step-error`: a request failed.
 * @internal Composed by `<rever-returns>`.
 */
export class ReverResolutionPicker extends ReverStep {
  static override styles = [
    sharedStyles,
    css`
      fieldset {
        border: 1px solid var(--_rever-border-subtle);
        border-radius: var(--rever-radius, 6px);
        margin-block: 0 var(--rever-spacing, 1rem);
        margin-inline: 0;
        padding-block: 0.75em;
        padding-inline: 1em;
        min-width: 0;
      }
      legend {
        font-weight: 600;
        overflow-wrap: anywhere;
        padding-block: 0;
        padding-inline: 0.25em;
      }
      .option {
        display: flex;
        gap: 0.5em;
        align-items: center;
        min-height: 44px;
        font-weight: normal;
        overflow-wrap: anywhere;
      }
      .option input {
        width: 20px;
        height: 20px;
        min-height: 0;
        margin: 0;
        flex: none;
      }
      .option.disabled {
        color: var(--_rever-muted);
      }
      .variants {
        margin-block: 0.25em 0;
        margin-inline: 1.75em 0;
      }
      .bonus {
        font-weight: 600;
        color: var(--_rever-success);
      }
      .actions {
        display: flex;
        flex-wrap: wrap;
        gap: 0.75em;
      }
    `,
  ];

  @property({ attribute: false }) draft!: Draft;

  @state() private _iban = '';
  @state() private _holder = '';
  @state() private _bankErrors: { iban?: string; holder?: string } = {};
  @state() private _incomplete = false;
  /** Choices REVER refused, by line: the refused choice (as sent) and why. */
  @state() private _lineErrors: Record<string, { key: string; error: unknown }> = {};
  private _continueWhenSaved = false;

  private _refundOptions = new Task(this, {
    args: () => [this.draft.session] as const,
    task: ([session], { signal }) => this._client().getRefundOptions(session, { signal }),
    onError: this._failed,
  });

  /** Exchange options of every line in the return, read in parallel (each once per return). */
  private _exchangeOptions = new Task(this, {
    args: () => [this.draft.session, Object.keys(this.draft.inReturn).join(' ')] as const,
    task: async ([session, ids], { signal }) => {
      const lineIds = ids ? ids.split(' ') : [];
      const lists = await Promise.all(
        lineIds.map((id) => this._client().getExchangeOptions(session, id, { signal })),
      );
      return new Map(lineIds.map((id, i) => [id, lists[i] ?? []]));
    },
    onError: this._failed,
  });

  /**
   * Saves the first unsaved choice; its answer changes the draft, which runs this again for the
   * next one. A choice changed mid-request aborts it and saves the newer choice instead. A choice
   * REVER refuses is said on its line and skipped, so it holds up no other line's save.
   */
  private _save = new Task(this, {
    args: () => {
      const next = unsavedResolutions(this.draft)
        .map((entry) => JSON.stringify(entry))
        .find((key) => !this._refused(key));
      return [this.draft, next ?? ''] as const;
    },
    argsEqual: (a, b) => a[1] === b[1],
    task: async ([draft, key], { signal }) => {
      if (!key) return;
      const [lineId, resolution] = JSON.parse(key) as [string, Resolution];
      try {
        const answer = await this._client().saveClientPreferences(
          draft.session,
          lineId,
          preferencesFor(resolution, draft),
          { signal },
        );
        this.emit('resolution-saved', {
          lineId,
          resolution,
          pendingCredit: answer.pending_credit_to_use,
        });
      } catch (error) {
        if (!(error instanceof ReverError && REFUSALS.includes(error.code))) throw error;
        this._lineErrors = { ...this._lineErrors, [lineId]: { key, error } };
        this._failed(error);
      }
    },
    onError: this._failed,
  });

  /** Whether REVER refused this very choice (line and resolution) already. */
  private _refused(key: string): boolean {
    const [lineId] = JSON.parse(key) as [string];
    return this._lineErrors[lineId]?.key === key;
  }

  /** REVER's refusal of the line's current choice, if it refused it. */
  private _lineError(lineId: string): unknown {
    const resolution = this.draft.resolutions[lineId];
    const entry = this._lineErrors[lineId];
    return resolution && entry?.key === JSON.stringify([lineId, resolution])
      ? entry.error
      : undefined;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.draft?.bankAccount) {
      this._iban = this.draft.bankAccount.iban;
      this._holder = this.draft.bankAccount.holder;
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this._save.abort();
    this._refundOptions.abort();
    this._exchangeOptions.abort();
  }

  protected override _resumable(): Resumable[] {
    return [this._refundOptions, this._exchangeOptions, this._save].map((task) => [
      task,
      () => task.run(),
    ]);
  }

  private _choose(lineId: string, resolution: Resolution): void {
    this._incomplete = false;
    this.emit('resolution-change', { lineId, resolution });
  }

  private _onChange(event: Event): void {
    const input = event.target as HTMLInputElement;
    const lineId = input.closest<HTMLElement>('[data-id]')?.dataset.id;
    if (!lineId || input.type !== 'radio') return;
    if (input.dataset.kind === 'variant') {
      this._choose(lineId, { method: EXCHANGE_METHOD, variantId: input.value });
    } else {
      this._choose(lineId, { method: input.value });
    }
  }

  private _useAccount(): void {
    const { t } = this.i18n;
    const errors: { iban?: string; holder?: string } = {};
    if (!this._iban.trim()) errors.iban = t('bank.ibanMissing');
    else if (!isValidIban(this._iban)) errors.iban = t('bank.ibanInvalid');
    if (!this._holder.trim()) errors.holder = t('bank.holderMissing');
    this._bankErrors = errors;
    const first = errors.iban ? 'iban' : errors.holder ? 'holder' : '';
    if (first) {
      void this.updateComplete.then(() =>
        this.renderRoot.querySelector<HTMLInputElement>(`#${first}`)?.focus(),
      );
      return;
    }
    this.emit('bank-account', {
      account: { iban: normalizeIban(this._iban), holder: this._holder.trim() },
    });
  }

  private _onSubmit(event: SubmitEvent): void {
    event.preventDefault();
    if (canEnter(this.draft, 'review')) {
      this.emit('step-done', null);
      return;
    }
    const lineIds = Object.keys(this.draft.inReturn);
    const refused = lineIds.findIndex((id) => this._lineError(id) !== undefined);
    if (refused >= 0) {
      // Nothing to wait for: that line needs another choice. Take the shopper to it.
      this.renderRoot.querySelector<HTMLInputElement>(`#line-${refused} input`)?.focus();
      return;
    }
    if (lineIds.every((id) => resolutionDecided(this.draft, id))) {
      // Everything is chosen and the last choices are on their way: go on once they are saved.
      this._continueWhenSaved = true;
      if (this._save.status === TaskStatus.ERROR) void this._save.run();
    } else {
      this._incomplete = true;
    }
  }

  protected override updated(): void {
    if (this._continueWhenSaved && canEnter(this.draft, 'review')) {
      this._continueWhenSaved = false;
      this.emit('step-done', null);
    }
  }

  private _bank() {
    const { t } = this.i18n;
    const account = this.draft.bankAccount;
    if (account) {
      return html`<fieldset>
        <legend>${t('bank.legend')}</legend>
        <p>${t('bank.saved', { iban: maskIban(account.iban) })}</p>
        <button
          type="button"
          class="secondary"
          part="button"
          @click=${() => this.emit('bank-account', { account: null })}
        >
          ${t('bank.change')}
        </button>
      </fieldset>`;
    }
    const field = (id: 'iban' | 'holder', label: string, hint?: string) => {
      const error = this._bankErrors[id];
      const describedBy = [hint ? `${id}-hint` : '', error ? `${id}-error` : '']
        .filter(Boolean)
        .join(' ');
      return html`<div class="field">
        <label for=${id}>${label}</label>
        ${hint ? html`<span class="hint" id="${id}-hint">${hint}</span>` : nothing}
        <input
          id=${id}
          part="input"
          autocomplete=${id === 'holder' ? 'name' : 'off'}
          spellcheck="false"
          .value=${id === 'iban' ? this._iban : this._holder}
          aria-invalid=${error ? 'true' : 'false'}
          aria-describedby=${describedBy || nothing}
          @input=${(e: Event) => {
            const value = (e.target as HTMLInputElement).value;
            if (id === 'iban') this._iban = value;
            else this._holder = value;
          }}
          @keydown=${(e: KeyboardEvent) => {
            // Enter in an account field means "use this account", not "continue".
            if (e.key !== 'Enter' || e.isComposing) return;
            e.preventDefault();
            this._useAccount();
          }}
        />
        ${error ? html`<span class="field-error" id="${id}-error">${error}</span>` : nothing}
      </div>`;
    };
    return html`<fieldset>
      <legend>${t('bank.legend')}</legend>
      ${field('iban', t('bank.iban'), t('bank.ibanHint'))} ${field('holder', t('bank.holder'))}
      <button type="button" part="button" @click=${this._useAccount}>${t('bank.save')}</button>
    </fieldset>`;
  }

  private _variants(index: number, options: ExchangeOption[], chosen?: string) {
    const { t, locale } = this.i18n;
    return html`<fieldset class="variants">
      <legend>${t('resolution.exchangeLegend')}</legend>
      ${options.map(
        (option, i) =>
          html`<label class="option ${option.available ? '' : 'disabled'}">
            <input
              type="radio"
              name="variant-${index}"
              id="variant-${index}-${i}"
              data-kind="variant"
              .value=${option.variant_id}
              .checked=${chosen === option.variant_id}
              ?disabled=${!option.available}
            />
            <span>
              <bdi>${option.name}</bdi>, <bdi>${option.variant_name}</bdi> &middot;
              ${formatMoney(option.price, this.draft.order.currency, locale)}
              ${option.available ? nothing : html`(${t('resolution.unavailable')})`}
            </span>
          </label>`,
      )}
    </fieldset>`;
  }

  private _line(lineId: string, index: number, refunds: RefundOption[]) {
    const { t } = this.i18n;
    const line = this.draft.order.line_items.find((l) => l.id === lineId);
    const choice = this.draft.inReturn[lineId];
    if (!line || !choice) return nothing;
    const chosen = this.draft.resolutions[lineId];
    const exchanges = this._exchangeOptions.value?.get(lineId) ?? [];
    const missing = this._incomplete && !resolutionDecided(this.draft, lineId);
    const refusal = this._lineError(lineId);
    const describedBy = [missing ? 'incomplete' : '', refusal ? `line-${index}-error` : '']
      .filter(Boolean)
      .join(' ');
    return html`<fieldset
      data-id=${lineId}
      id="line-${index}"
      aria-describedby=${describedBy || nothing}
    >
      <legend>
        ${isolated(
          t,
          'resolution.legend',
          { name: line.name, variant: line.variant_name, quantity: choice.quantity },
          ['name', 'variant'],
        )}
      </legend>
      ${refunds.map(
        (option) =>
          html`<label class="option">
            <input
              type="radio"
              name="method-${index}"
              .value=${option.method}
              .checked=${chosen?.method === option.method}
            />
            <span>
              ${methodLabel(option.method, this.i18n)}
              ${
                option.bonus_percentage
                  ? html`<span class="bonus">
                      ${t('resolution.bonus', { percent: option.bonus_percentage })}
                    </span>`
                  : nothing
              }
            </span>
          </label>`,
      )}
      ${
        exchanges.length
          ? html`<label class="option">
              <input
                type="radio"
                name="method-${index}"
                .value=${EXCHANGE_METHOD}
                .checked=${chosen?.method === EXCHANGE_METHOD}
              />
              <span>${t('resolution.exchange')}</span>
            </label>`
          : nothing
      }
      ${
        chosen?.method === EXCHANGE_METHOD
          ? this._variants(index, exchanges, chosen.variantId)
          : nothing
      }
      ${
        refusal === undefined
          ? nothing
          : html`<p class="field-error" role="alert" id="line-${index}-error">
              ${errorMessage(refusal, t)}
            </p>`
      }
    </fieldset>`;
  }

  override render() {
    const { t } = this.i18n;
    const refunds = this._refundOptions.value ?? [];
    const loading =
      this._refundOptions.status === TaskStatus.PENDING ||
      this._exchangeOptions.status === TaskStatus.PENDING;
    const saving = this._save.status === TaskStatus.PENDING;
    const failed = [this._refundOptions, this._exchangeOptions, this._save].find(
      (task) => task.status === TaskStatus.ERROR,
    );
    const lineIds = Object.keys(this.draft.inReturn);
    const figures = creditFigures(this.draft, refunds);
    return html`<section aria-labelledby="resolution-heading">
      <h2 id="resolution-heading" tabindex="-1" part="heading">${t('resolution.heading')}</h2>
      <p>${t('resolution.intro')}</p>
      ${failed ? this._alert(failed.error, () => failed.run()) : nothing}
      <form novalidate @submit=${this._onSubmit} @change=${this._onChange}>
        ${
          this._refundOptions.status === TaskStatus.COMPLETE && !loading
            ? lineIds.map((id, i) => this._line(id, i, refunds))
            : nothing
        }
        ${bankAccountNeeded(this.draft) ? this._bank() : nothing}
        <rever-credit-summary
          exportparts="credit-summary"
          .currency=${this.draft.order.currency}
          .figures=${figures}
          ?empty=${Object.keys(this.draft.saved).length === 0}
        ></rever-credit-summary>
        ${
          this._incomplete && lineIds.some((id) => !resolutionDecided(this.draft, id))
            ? html`<p role="alert" id="incomplete">${t('resolution.choose')}</p>`
            : nothing
        }
        <div class="actions">
          <button type="submit" part="button">${t('nav.continue')}</button>
          <button
            type="button"
            class="secondary"
            part="button"
            @click=${() => this.emit('go-to', { step: 'items' })}
          >
            ${t('nav.back')}
          </button>
        </div>
      </form>
      ${this._status(loading ? t('resolution.loading') : saving ? t('resolution.saving') : '')}
    </section>`;
  }
}

define('rever-resolution-picker', ReverResolutionPicker);

declare global {
  interface HTMLElementTagNameMap {
    'rever-resolution-picker': ReverResolutionPicker;
  }
}
