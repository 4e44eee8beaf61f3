import { provide } from '@lit/context';
import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { clientContext, i18nContext } from '../../context.ts';
import {
  ReverErrorEvent,
  ReverOrderFoundEvent,
  ReverReadyEvent,
  ReverReturnConfirmedEvent,
  ReverStepChangeEvent,
} from '../../events.ts';
import {
  createI18n,
  loadedMessages,
  loadMessages,
  resolveLocale,
  withOverrides,
  type I18n,
  type StringOverrides,
} from '../../i18n/i18n.ts';
import type { ReverClient } from '../../services/client.ts';
import { createReverClient } from '../../services/lazy-client.ts';
import { withReadCache } from '../../services/read-cache.ts';
import type { ConfirmResponse } from '../../../contract/index.ts';
import { ReverError } from '../../services/errors.ts';
import { returnableUnits } from '../../services/order.ts';
import type { Done, FlowState, LookupResult } from '../../state/flow.ts';
import { STEPS, type StepName } from '../../state/steps.ts';
import { en } from '../../i18n/en.ts';
import { initialFlow, orderFound } from '../../state/start.ts';
import { clearFlow, saveFlow, storedFlow } from '../../state/storage.ts';
import { define } from '../internal/define.ts';
import type { ReverIntentEvent } from '../internal/intent-event.ts';
import type * as Later from '../steps.ts';
import '../order-lookup/order-lookup.ts';
import { sharedStyles, themeTokens } from '../internal/shared.styles.ts';
import { BackgroundScheme } from './background-scheme.ts';
import { rootStyles } from './rever-returns.styles.ts';

/** The steps' parts, re-exported so `rever-returns::part(button)` reaches into every step. */
const PARTS = 'heading, button, input, error, credit-summary, tracking-link';

/** How long the first render waits for a language's table before showing English meanwhile. */
const FIRST_TABLE_WAIT_MS = 3000;

/**
 * The later steps load once, after the first render (or before it, to restore a stored draft);
 * a failed load is tried again on the next. Their module brings the flow's rules past the lookup
 * and the reading back of a draft: the root applies those only to these steps' intents.
 */
let steps: Promise<typeof Later> | undefined;
/** The later steps' module, once loaded. */
let later: typeof Later | undefined;
function loadSteps(): Promise<typeof Later> {
  return (steps ??= import('../steps.ts').then(
    (module) => (later = module),
    (error: unknown) => {
      steps = undefined;
      throw error;
    },
  ));
}

interface StepElement extends HTMLElement {
  updateComplete: Promise<boolean>;
  focusHeading(): void;
}

/**
 * An embeddable returns portal for REVER: the shopper finds their order, picks what to return
 * with a reason each, chooses a refund or an exchange, sees the credit they will get, confirms,
 * and follows their active returns. It talks only to the merchant's proxy (`proxy-url`), which
 * holds REVER's secret key. The draft survives a reload within the tab.
 *
 * @tag rever-returns
 * @summary REVER returns portal.
 * @fires rever-ready - The first step is rendered; `detail`: `{ step }`.
 * @fires rever-order-found - The order was found; `detail`: `{ orderId, currency, lineCount, returnableLineCount }`.
 * @fires rever-step-change - The flow moved to another step; `detail`: `{ step, previous }`.
 * @fires rever-return-confirmed - REVER confirmed the return; `detail`: `{ returnId, orderId, status, refundTotal, creditTotal, currency }`.
 * @fires rever-error - A request failed and the shopper was told; `detail`: `{ code, status?, step }`.
 * @csspart progress - The list of steps.
 * @csspart heading - Each step's heading.
 * @csspart button - A button (primary, or `.secondary`-looking: both carry this part).
 * @csspart input - A text field, select or text area (not checkboxes and radios).
 * @csspart error - An error message.
 * @csspart credit-summary - The refund and credit box.
 * @csspart tracking-link - A carrier's tracking link.
 * @cssproperty --rever-font-family - Font family (default: the system UI font).
 * @cssproperty --rever-color-background - The widget's background; when set, its lightness picks the light or dark defaults of the other colours (unless `theme` is set).
 * @cssproperty --rever-color-surface - Field backgrounds.
 * @cssproperty --rever-color-text - Text colour.
 * @cssproperty --rever-color-muted - Secondary text.
 * @cssproperty --rever-color-accent - Buttons, links, the current step.
 * @cssproperty --rever-color-on-accent - Text on the accent colour.
 * @cssproperty --rever-color-link - Links (default: the accent).
 * @cssproperty --rever-color-danger - Errors.
 * @cssproperty --rever-color-danger-surface - The background of error messages.
 * @cssproperty --rever-color-success - Bonuses.
 * @cssproperty --rever-color-border - Field borders.
 * @cssproperty --rever-color-border-subtle - Separators and boxes.
 * @cssproperty --rever-radius - Corner radius.
 * @cssproperty --rever-spacing - Space between fields.
 * @cssproperty --rever-focus-ring - The focus outline.
 * @cssproperty --rever-max-width - The widget's largest width.
 * @cssproperty --rever-padding - Space between the widget's edge (its background) and its content (default: 1rem).
 */
export class ReverReturns extends LitElement {
  static override styles = [themeTokens, sharedStyles, rootStyles];

  /** The merchant's proxy; REVER's paths are appended to it (e.g. `https://shop.example/rever`). */
  @property({ attribute: 'proxy-url' }) proxyUrl = '';

  /** The shopper's language (BCP 47); when unset, the nearest `lang`, then the browser's. */
  @property() locale?: string;

  /** Prefills the email field; with `order-number`, the lookup starts by itself. */
  @property() email = '';

  /** Prefills the order number field; with `email`, the lookup starts by itself. */
  @property({ attribute: 'order-number' }) orderNumber = '';

  /**
   * The merchant's own wording for some strings: a partial table for every language, or partial
   * tables keyed by language tag (`{ es: { 'lookup.heading': '…' } }`). See the README.
   */
  @property({ attribute: false }) strings?: StringOverrides;

  /** Forces the light or the dark scheme; unset, the widget follows `prefers-color-scheme`. */
  @property({ reflect: true }) theme?: 'light' | 'dark';

  /** A REVER client to use instead of one made from `proxy-url` (tests, custom transports). */
  @property({ attribute: false }) client?: ReverClient;

  @provide({ context: clientContext })
  @state()
  private _client?: ReverClient;

  @provide({ context: i18nContext })
  @state()
  private _i18n: I18n = createI18n('en');

  @state() private _flow: FlowState = initialFlow();

  /** Light or dark defaults from the merchant's own background, when they set one. */
  private _scheme = new BackgroundScheme(this);

  /** The browser says it is offline: requests wait, and the shopper is told so. */
  @state() private _offline = false;

  private _connectivity = (): void => {
    this._offline = !navigator.onLine;
  };

  /** Prefilled fields start the lookup once per element, not again after a reset. */
  private _autoStart = true;

  /** The first step is shown (and rever-ready sent). */
  private _ready = false;

  /** A stored draft is being read back: no step is shown meanwhile (see `_startRestore`). */
  @state() private _restoring = false;
  private _restore?: Promise<void>;
  /** The proxy whose stored draft was last looked for. */
  private _restoreChecked?: string;

  /** The current step. */
  get step(): StepName {
    return this._flow.step;
  }

  /** Forgets the draft (here and in sessionStorage) and goes back to the lookup. */
  reset(): void {
    clearFlow(this.proxyUrl);
    this._autoStart = false;
    this._flow = initialFlow();
  }

  /** What the strings were last made from, so an unchanged locale is not loaded again. */
  private _localeKey = '';
  private _strings?: StringOverrides;
  /** The table being loaded for the first render, if any. */
  private _tableLoad?: Promise<unknown>;

  override connectedCallback(): void {
    super.connectedCallback();
    addEventListener('pagehide', this._flush);
    this._connectivity();
    window.addEventListener('online', this._connectivity);
    window.addEventListener('offline', this._connectivity);
    // Moved under another `lang`: the nearest one may have changed.
    this._applyLocale();
  }

  /**
   * Resolves the locale and puts its table in place: at once when it is loaded already, else
   * when its module arrives. Until then the strings shown stay as they were (English at first),
   * and a table that fails to load leaves English: the widget is never blank.
   */
  private _applyLocale(): void {
    const { locale, language } = resolveLocale(this, this.locale);
    const key = `${locale}|${language}`;
    if (key === this._localeKey && this._strings === this.strings) return;
    this._localeKey = key;
    this._strings = this.strings;
    const show = (table = en, tag = locale) =>
      (this._i18n = createI18n(tag, withOverrides(table, tag, this.strings)));
    const table = loadedMessages(language);
    if (table) {
      show(table);
      this._tableLoad = undefined;
      return;
    }
    this._tableLoad = loadMessages(language).then(
      (loaded) => {
        if (this._localeKey === key) show(loaded);
      },
      () => {
        if (this._localeKey !== key) return;
        show(en, 'en');
        // Asked again (a reconnect, a new locale), the table is tried again.
        this._localeKey = '';
      },
    );
  }

  /**
   * The first render waits for the shopper's table (one small module), so the widget does not
   * flash English first; if the module is slow to come, English is shown meanwhile.
   */
  protected override async scheduleUpdate(): Promise<void> {
    if (!this.hasUpdated) {
      this._applyLocale();
      this._startRestore();
      // A stored draft too: its step is shown first, rather than the lookup form, then it.
      const loads = [this._tableLoad, this._restore].filter((load) => load !== undefined);
      if (loads.length) {
        let timer: ReturnType<typeof setTimeout> | undefined;
        await Promise.race([
          Promise.all(loads),
          new Promise((r) => (timer = setTimeout(r, FIRST_TABLE_WAIT_MS))),
        ]);
        clearTimeout(timer);
      }
    }
    await super.scheduleUpdate();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('online', this._connectivity);
    window.removeEventListener('offline', this._connectivity);
    removeEventListener('pagehide', this._flush);
    this._flush();
  }

  private _savePending = false;

  /** Writes the flow to sessionStorage now. */
  private _save(): void {
    this._savePending = false;
    if (this.proxyUrl) saveFlow(this.proxyUrl, this._flow);
  }

  /** Writes a pending draft, if there is one (idle time, page hidden, element removed). */
  private _flush = (): void => {
    if (this._savePending) this._save();
  };

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('proxyUrl') || changed.has('client')) {
      const client =
        this.client ?? (this.proxyUrl ? createReverClient({ proxyUrl: this.proxyUrl }) : undefined);
      this._client = client && withReadCache(client);
      if (changed.has('proxyUrl')) this._startRestore();
    }
    if (changed.has('locale') || changed.has('strings')) this._applyLocale();
  }

  /**
   * Restores the draft this tab kept for the proxy, if there is one, while the flow is at the
   * lookup. Its checks come with the later steps' module, so when a draft is stored that module
   * is loaded first; the first render waits for it (see scheduleUpdate), so the lookup form does
   * not flash before the restored step. A link for another order (an e-mail's) wins over the
   * draft, which is cleared.
   */
  private _startRestore(): void {
    const proxyUrl = this.proxyUrl;
    if (proxyUrl === this._restoreChecked) return;
    this._restoreChecked = proxyUrl;
    if (!proxyUrl || this._flow.step !== 'lookup' || !storedFlow(proxyUrl)) return;
    const linked = this._autoStart && this.email && this.orderNumber ? this.orderNumber : '';
    this._restoring = true;
    const restore: Promise<void> = (this._restore = loadSteps()
      .then(({ loadFlow }) => {
        if (this.proxyUrl !== proxyUrl || this._flow.step !== 'lookup') return;
        const restored = loadFlow(proxyUrl);
        if (!restored || !('draft' in restored)) return;
        const number = (n: string) => n.trim().replace(/^#/, '');
        if (linked && number(restored.draft.orderNumber) !== number(linked)) clearFlow(proxyUrl);
        else this._flow = restored;
      })
      .catch(() => {
        // The later steps could not be fetched: the lookup is shown, the draft kept for later.
      })
      .finally(() => {
        if (this._restore !== restore) return;
        this._restore = undefined;
        this._restoring = false;
      }));
  }

  protected override firstUpdated(): void {
    // The shopper would only be told the service cannot be reached; the developer needs the why.
    if (!this._client) console.warn('rever-returns: set proxy-url to your returns proxy.');
  }

  protected override updated(changed: PropertyValues): void {
    // After the first render, so the lookup form is up before the later steps are fetched.
    loadSteps().catch(() => {});
    const wasReady = this._ready;
    if (!wasReady && !this._restoring) {
      this._ready = true;
      this._autoStart = false;
      this.dispatchEvent(new ReverReadyEvent({ step: this._flow.step }));
    }
    // A draft being restored is not written over, nor cleared, before it is read.
    if (!changed.has('_flow') || this._restoring) return;
    // A draft is written once things are quiet: a 250-line order is 90 kB of JSON, not worth
    // delaying the next frame of a tick for. Leaving the draft (done, reset) clears at once.
    if (!('draft' in this._flow)) this._save();
    else if (!this._savePending) {
      this._savePending = true;
      if (typeof requestIdleCallback === 'function') {
        requestIdleCallback(this._flush, { timeout: 200 });
      } else setTimeout(this._flush, 20);
    }
    const previous = (changed.get('_flow') as FlowState | undefined)?.step;
    // The first step shown (a restored draft's, maybe after a first render without a step) is
    // announced by rever-ready, not as a change.
    if (wasReady && previous && previous !== this._flow.step) {
      this.dispatchEvent(new ReverStepChangeEvent({ step: this._flow.step, previous }));
      void this._focusStep();
    }
  }

  /** Done once the step shown is defined and rendered too (its module may still be loading). */
  protected override async getUpdateComplete(): Promise<boolean> {
    let done = await super.getUpdateComplete();
    if (this._restore) {
      await this._restore;
      done = await super.getUpdateComplete();
    }
    if (this._flow.step === 'lookup') return done;
    await loadSteps().catch(() => {});
    await this.renderRoot.querySelector<StepElement>('.step > *')?.updateComplete;
    return done;
  }

  /** Focus follows the flow: the new step's heading, so screen readers announce where they are. */
  private async _focusStep(): Promise<void> {
    const step = this.renderRoot.querySelector<StepElement>('.step > *');
    if (!step) return;
    await customElements.whenDefined(step.localName);
    // A step replaced before its module arrived is never upgraded: nothing to focus.
    if (!step.isConnected) return;
    await step.updateComplete;
    step.focusHeading();
  }

  private _set(next: FlowState): void {
    this._flow = next;
  }

  /**
   * Applies the later steps' rules. Their intents come from their elements, so the module is
   * loaded by then; were it not, the change waits for it.
   */
  private _change(apply: (steps: typeof Later) => void): void {
    if (later) apply(later);
    else loadSteps().then(apply, () => {});
  }

  private _onLookup({ order, orderNumber }: LookupResult): void {
    const next = orderFound(this._flow, { order, orderNumber });
    // The proxy's session token goes into the draft, so a reload carries it with the return.
    const sessionToken = this._client?.sessionTokenFor(order.return_id);
    if (sessionToken && 'draft' in next) next.draft.session.sessionToken = sessionToken;
    this._set(next);
    this.dispatchEvent(
      new ReverOrderFoundEvent({
        orderId: order.id,
        currency: order.currency,
        lineCount: order.line_items.length,
        returnableLineCount: order.line_items.filter((l) => returnableUnits(l) > 0).length,
      }),
    );
  }

  /**
   * Every intent of the steps, which stops here: they are not the merchant's business. The
   * root answers the lookup, failures and starting again itself; the later steps' intents are
   * applied by the flow's rules that come with them (see `applyIntent`), and a confirmed return
   * is announced once the flow is done.
   */
  private _onIntent(event: ReverIntentEvent): void {
    event.stopPropagation();
    const { intent } = event;
    switch (intent.type) {
      case 'lookup-success':
        return this._onLookup(intent.detail);
      case 'step-error':
        return this._onStepError(intent.detail);
      case 'start-over':
        return this.reset();
    }
    this._change((f) => {
      const next = f.applyIntent(this._flow, intent);
      this._set(next);
      if (intent.type === 'return-confirmed' && next.step === 'done') {
        this._confirmedEvent(next, intent.detail);
      }
    });
  }

  private _confirmedEvent(next: Done, confirmation: ConfirmResponse): void {
    this.dispatchEvent(
      new ReverReturnConfirmedEvent({
        returnId: confirmation.return_id,
        orderId: next.orderId,
        status: confirmation.status,
        refundTotal: confirmation.summary.refund_total,
        creditTotal: confirmation.summary.credit_total,
        currency: confirmation.summary.currency,
      }),
    );
  }

  private _onStepError(error: unknown): void {
    const code = error instanceof ReverError ? error.code : 'bad-response';
    const status = error instanceof ReverError ? error.status : undefined;
    this.dispatchEvent(
      new ReverErrorEvent({ code, step: this._flow.step, ...(status ? { status } : {}) }),
    );
  }

  private _step() {
    const flow = this._flow;
    switch (flow.step) {
      case 'lookup':
        return html`<rever-order-lookup
          exportparts=${PARTS}
          .email=${this.email}
          .orderNumber=${this.orderNumber}
          .autoSubmit=${this._autoStart && !!this.email && !!this.orderNumber}
        ></rever-order-lookup>`;
      case 'items':
        return html`<rever-line-item-picker
          exportparts=${PARTS}
          .draft=${flow.draft}
        ></rever-line-item-picker>`;
      case 'resolution':
        return html`<rever-resolution-picker
          exportparts=${PARTS}
          .draft=${flow.draft}
        ></rever-resolution-picker>`;
      case 'review':
        return html`<rever-return-review
          exportparts=${PARTS}
          .draft=${flow.draft}
        ></rever-return-review>`;
      case 'done':
        return html`<rever-active-returns
          exportparts=${PARTS}
          .done=${flow}
        ></rever-active-returns>`;
    }
  }

  override render() {
    const { t, locale, dir } = this._i18n;
    const current = STEPS.indexOf(this._flow.step);
    // Everything sits in .frame, which takes nothing from the page: see rever-returns.styles.ts.
    // Its language is the text's, for screen readers' voices and hyphenation, whatever the page's;
    // so is its direction: English on a right-to-left page stays left to right, Arabic mirrors.
    return html`<div class="frame" lang=${locale} dir=${dir}>
      <ol class="progress" part="progress" aria-label=${t('progress.label')}>
        ${STEPS.map(
          (step, i) =>
            html`<li
              class=${i < current ? 'past' : i === current ? 'current' : ''}
              aria-current=${i === current ? 'step' : 'false'}
            >
              ${t(`progress.${step}`)}
            </li>`,
        )}
      </ol>
      <p role="status" class=${this._offline ? 'offline' : 'visually-hidden'}>
        ${this._offline ? t('offline') : ''}
      </p>
      <div
        class="step"
        aria-busy=${this._restoring ? 'true' : 'false'}
        @rever-intent=${this._onIntent}
      >
        ${this._restoring ? nothing : this._step()}
      </div>
    </div>`;
  }
}

define('rever-returns', ReverReturns);

declare global {
  interface HTMLElementTagNameMap {
    'rever-returns': ReverReturns;
  }
}
