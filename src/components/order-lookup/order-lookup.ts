import { html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { MessageKey } from '../../i18n/en.ts';
import { ReverError } from '../../services/errors.ts';
import { normalizeOrderNumber } from '../../../contract/order-number.ts';
import { define } from '../internal/define.ts';
import { focusField } from '../internal/focus-field.ts';
import { Request, TaskStatus } from '../internal/request.ts';
import { ReverStep, type Resumable } from '../internal/step.ts';
import { sharedStyles } from '../internal/shared.styles.ts';
import { lookupStyles } from './order-lookup.styles.ts';

/** A deliberately loose check: it catches typos (no @, no dot, spaces), not every RFC corner. */
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

type FieldErrors = Partial<Record<'email' | 'orderNumber', string>>;

/**
 * The first step: the shopper's email and order number, looked up through the root's effects.
 *
 * @summary Order lookup form.
 * @fires rever-intent - (internal) The step's intents (`state/intents.ts`), for the root only:
 *   - `lookup-success`: the order was found; `detail` is a LookupResult.
 *   - `step-error`: the lookup failed; `detail` is the ReverError.
 * @internal Composed by `<rever-returns>`; not meant to be used on its own.
 */
export class ReverOrderLookup extends ReverStep {
  static override styles = [sharedStyles, lookupStyles];

  /** Prefilled email (kept as the shopper edits it). */
  @property() email = '';

  /** Prefilled order number (kept as the shopper edits it). */
  @property({ attribute: 'order-number' }) orderNumber = '';

  /** Submits once, as soon as it is rendered (for links that carry both fields). */
  @property({ type: Boolean, attribute: 'auto-submit' }) autoSubmit = false;

  @state() private _fieldErrors: FieldErrors = {};

  /** As a Task with `autoRun: false` (see request.ts: no @lit/task on the first load). */
  private _lookup = new Request(this, {
    task: ([email, orderNumber]: [string, string], opts) =>
      this._rever().lookup(email, orderNumber, opts),
    onComplete: (result) => this.emit('lookup-success', result),
    onError: this._failed,
  });

  /** Submits the form, as a click on its button would. */
  submit(): void {
    this.renderRoot.querySelector('form')?.requestSubmit();
  }

  protected override firstUpdated(): void {
    if (this.autoSubmit) this.submit();
  }

  protected override _inReturn = false;

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this._lookup.abort();
  }

  protected override _resumable(): Resumable[] {
    return [[this._lookup, () => this.renderRoot.querySelector('form')?.requestSubmit()]];
  }

  private _onSubmit(event: SubmitEvent): void {
    event.preventDefault();
    // A second click or Enter while a lookup is under way must not start another return intent.
    if (this._lookup.status === TaskStatus.PENDING) return;
    const email = this.email.trim();
    // Copied from a confirmation email as "#1001" or " 1001. ": sent as 1001, the one form REVER
    // and the proxy know (see the contract's order_number).
    const orderNumber = normalizeOrderNumber(this.orderNumber);
    const { t } = this.i18n;
    const errors: FieldErrors = {};
    if (!email) errors.email = t('lookup.emailMissing');
    else if (!EMAIL.test(email)) errors.email = t('lookup.emailInvalid');
    if (!orderNumber) errors.orderNumber = t('lookup.orderNumberMissing');
    this._fieldErrors = errors;
    const firstInvalid = Object.keys(errors)[0];
    if (firstInvalid) {
      void this.updateComplete.then(() =>
        focusField(this.renderRoot.querySelector<HTMLInputElement>(`#${firstInvalid}`)),
      );
      return;
    }
    void this._lookup.run([email, orderNumber]);
  }

  private _input(field: 'email' | 'orderNumber', event: Event): void {
    this[field] = (event.target as HTMLInputElement).value;
    if (this._fieldErrors[field]) this._fieldErrors = { ...this._fieldErrors, [field]: undefined };
  }

  private _field(
    field: 'email' | 'orderNumber',
    label: string,
    attrs: { type: 'email' | 'text'; autocomplete: 'email' | 'off'; hint?: string },
  ) {
    const error = this._fieldErrors[field];
    const describedBy = [attrs.hint ? `${field}-hint` : '', error ? `${field}-error` : '']
      .filter(Boolean)
      .join(' ');
    return html`<div class="field">
      <label for=${field}>${label}</label>
      ${attrs.hint ? html`<span class="hint" id="${field}-hint">${attrs.hint}</span>` : nothing}
      <input
        id=${field}
        part="input"
        name=${field}
        type=${attrs.type}
        autocomplete=${attrs.autocomplete}
        spellcheck="false"
        .value=${this[field]}
        aria-invalid=${error ? 'true' : 'false'}
        aria-describedby=${describedBy || nothing}
        @input=${(e: Event) => this._input(field, e)}
      />
      ${error ? html`<span class="field-error" id="${field}-error">${error}</span>` : nothing}
    </div>`;
  }

  private _error(error: unknown) {
    const { t } = this.i18n;
    if (error instanceof ReverError && error.code === 'not-found') {
      // A '#', spaces or a trailing dot are not causes: the number is sent normalised.
      const causes: MessageKey[] = [
        'lookup.notFoundEmail',
        'lookup.notFoundWhich',
        'lookup.notFoundTypo',
        'lookup.notFoundRecent',
      ];
      return html`<div role="alert" part="error">
        <p>${t('lookup.notFound')}</p>
        <ul>
          ${causes.map((key) => html`<li>${t(key)}</li>`)}
        </ul>
      </div>`;
    }
    return this._alert(error);
  }

  override render() {
    const { t } = this.i18n;
    const pending = this._lookup.status === TaskStatus.PENDING;
    return html`<section aria-labelledby="lookup-heading">
      <h2 id="lookup-heading" tabindex="-1" part="heading">${t('lookup.heading')}</h2>
      <p>${t('lookup.intro')}</p>
      ${this._lookup.status === TaskStatus.ERROR ? this._error(this._lookup.error) : nothing}
      <form novalidate @submit=${this._onSubmit} aria-busy=${pending ? 'true' : 'false'}>
        ${this._field('email', t('lookup.email'), { type: 'email', autocomplete: 'email' })}
        ${this._field('orderNumber', t('lookup.orderNumber'), {
          type: 'text',
          autocomplete: 'off',
          hint: t('lookup.orderNumberHint'),
        })}
        <button type="submit" part="button" aria-disabled=${pending ? 'true' : 'false'}>
          ${t('lookup.submit')}
        </button>
      </form>
      ${this._status(pending ? t('lookup.pending') : '')}
    </section>`;
  }
}

define('rever-order-lookup', ReverOrderLookup);

declare global {
  interface HTMLElementTagNameMap {
    'rever-order-lookup': ReverOrderLookup;
  }
}
