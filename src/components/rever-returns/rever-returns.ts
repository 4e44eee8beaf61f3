import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { i18nContext, Provided } from '../../context.ts';
import {
  ReverErrorEvent,
  ReverOrderFoundEvent,
  ReverReadyEvent,
  ReverReturnConfirmedEvent,
  ReverStepChangeEvent,
} from '../../events.ts';
import { createI18n, type I18n, type StringOverrides } from '../../i18n/i18n.ts';
import type { ReverClient } from '../../services/client.ts';
import { EffectsProvider } from '../../controllers/effects.ts';
import { errorDetail, orderFoundDetail } from '../../state/details.ts';
import type { FlowState } from '../../state/flow.ts';
import { initialFlow, orderFound } from '../../state/start.ts';
import type { StepName } from '../../state/steps.ts';
import { BackgroundScheme } from '../../controllers/background-scheme.ts';
import { DraftStorage } from '../../controllers/draft-storage.ts';
import { stepHistory } from '../../controllers/history.ts';
import { firstLoads, LocaleController } from '../../controllers/locale.ts';
import { OnlineController } from '../../controllers/online.ts';
import { stepChanges } from '../../controllers/step-changes.ts';
import { stepRendered } from '../../controllers/step-focus.ts';
import { loadSteps, withSteps } from '../../controllers/steps.ts';
import { define } from '../internal/define.ts';
import type { ReverIntentEvent } from '../internal/intent-event.ts';
import { sharedStyles, themeTokens } from '../internal/shared.styles.ts';
import { rootStyles } from './rever-returns.styles.ts';
import { progressView, stepView } from './step-view.ts';

/**
 * An embeddable returns portal for REVER: the shopper finds their order (and its existing
 * returns first, when it has some: step `returns`), picks what to return with a reason each, chooses a refund or an exchange, sees the credit they will get, confirms,
 * and follows their active returns. It talks only to the merchant's proxy (`proxy-url`), which
 * holds REVER's secret key. The draft survives a reload within the tab.
 *
 * @customElement rever-returns
 * @summary REVER returns portal.
 * @fires {ReverReadyEvent} rever-ready - The first step is rendered; `detail` (`ReadyDetail`): `step`.
 * @fires {ReverOrderFoundEvent} rever-order-found - The order was found; `detail` (`OrderFoundDetail`): `orderId`, `currency`, `lineCount`, `returnableLineCount`.
 * @fires {ReverStepChangeEvent} rever-step-change - The flow moved to another step; `detail` (`StepChangeDetail`): `step`, `previous`.
 * @fires {ReverReturnConfirmedEvent} rever-return-confirmed - REVER confirmed the return; `detail` (`ReturnConfirmedDetail`): `returnId`, `orderId`, `status`, `refundTotal`, `creditTotal`, `currency`.
 * @fires {ReverErrorEvent} rever-error - A request failed and the shopper was told; `detail` (`ReverErrorDetail`): `code`, `status` (optional), `step`.
 * @csspart progress - The list of steps.
 * @csspart heading - Each step's heading.
 * @csspart button - A button (primary, or `.secondary`-looking: both carry this part).
 * @csspart input - A text field, select or text area (not checkboxes and radios).
 * @csspart error - An error message.
 * @csspart credit-summary - The refund and credit box.
 * @csspart tracking-link - A carrier's tracking link.
 * @csspart instructions - The box of what to do next with a parcel (done step, active returns).
 * @csspart qr-code - The QR code to show at the counter (an `<svg>`); keep it dark on light.
 * @csspart label-link - The "Download label (PDF)" link.
 * @csspart print-button - The Print button of the instructions (it is a `button` too).
 * @cssproperty [--rever-font-family=system-ui, sans-serif] - Font family.
 * @cssproperty [--rever-color-background=#fff] - The widget's background (dark scheme: `#16181d`); when set, its lightness picks the light or dark defaults of the other colours (unless `theme` is set).
 * @cssproperty [--rever-color-surface=#fff] - Field backgrounds (dark scheme: `#1f2229`).
 * @cssproperty [--rever-color-text=#1a1a1a] - Text colour (dark scheme: `#eceef2`).
 * @cssproperty [--rever-color-muted=#555] - Secondary text (dark scheme: `#b0b6c1`).
 * @cssproperty [--rever-color-accent=#1f5fd1] - Buttons, links, the current step (dark scheme: `#8ab4f8`).
 * @cssproperty [--rever-color-on-accent=#fff] - Text on the accent colour (dark scheme: `#0b1a33`).
 * @cssproperty [--rever-color-link=var(--rever-color-accent)] - Links (default: the accent, in both schemes).
 * @cssproperty [--rever-color-danger=#b3261e] - Errors (dark scheme: `#ffb4ab`).
 * @cssproperty [--rever-color-danger-surface=#fdecea] - The background of error messages (dark scheme: `#3b1614`).
 * @cssproperty [--rever-color-success=#1e6b34] - Bonuses (dark scheme: `#7dd99a`).
 * @cssproperty [--rever-color-border=#767676] - Field borders (dark scheme: `#8b919c`).
 * @cssproperty [--rever-color-border-subtle=#ddd] - Separators and boxes (dark scheme: `#3a3f4a`).
 * @cssproperty [--rever-radius=6px] - Corner radius.
 * @cssproperty [--rever-spacing=1rem] - Space between fields.
 * @cssproperty [--rever-focus-ring=2px solid var(--rever-color-accent)] - The focus outline (an `outline` value).
 * @cssproperty [--rever-max-width=40rem] - The widget's largest width.
 * @cssproperty [--rever-padding=1rem] - Space between the widget's edge (its background) and its content.
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

  /**
   * `'none'` leaves the page's history alone, for hosts that own it (an SPA's router). Otherwise
   * each step change adds a history entry (the URL unchanged) and the browser's Back and Forward
   * move through the steps. Only one widget of a page owns its history: the first to start.
   */
  @property() history?: 'none' | 'steps';

  /** A REVER client to use instead of one made from `proxy-url` (tests, custom transports). */
  @property({ attribute: false }) client?: ReverClient;

  @state()
  private _i18n: I18n = createI18n('en');

  /** The strings, handed to the steps (see context.ts). */
  private _i18nProvided = new Provided(this, i18nContext, this._i18n);

  @state() private _flow: FlowState = initialFlow();

  /** What the steps ask of REVER, over `client` or `proxy-url`'s (see `EffectsProvider`). */
  private _effects = new EffectsProvider(this, loadSteps);

  /** Light or dark defaults from the merchant's own background, when they set one. */
  private _scheme = new BackgroundScheme(this);

  /** The browser says it is offline: requests wait, and the shopper is told so. */
  private _online = new OnlineController(this);

  private _locale = new LocaleController(this, (i18n) => {
    this._i18n = i18n;
    this._i18nProvided.set(i18n);
  });

  private _drafts = new DraftStorage(this, {
    flow: () => this._flow,
    restored: (flow) => (this._flow = flow),
    linked: () => (this._autoStart && this.email && this.orderNumber ? this.orderNumber : ''),
  });

  /** Back and Forward move through the steps (see the `history` attribute). */
  private _history = stepHistory(this, {
    flow: () => this._flow,
    set: (flow) => (this._flow = flow),
  });

  /** A step newly shown: its history entry, focus, and rever-ready or rever-step-change. */
  private _steps = stepChanges(this, {
    step: () => this._flow.step,
    restoring: () => this._drafts.restoring,
    history: this._history,
    shown: (step, previous) => {
      if (!previous) this._autoStart = false;
      this.dispatchEvent(
        previous ? new ReverStepChangeEvent({ step, previous }) : new ReverReadyEvent({ step }),
      );
    },
  });

  /** Prefilled fields start the lookup once per element, not again after a reset. */
  private _autoStart = true;

  /** The current step. */
  get step(): StepName {
    return this._flow.step;
  }

  /** Forgets the draft (here and in sessionStorage) and goes back to the lookup. */
  reset(): void {
    this._drafts.clear();
    this._history.forget();
    this._autoStart = false;
    this._flow = initialFlow();
  }

  /**
   * The first render waits for the shopper's table and a stored draft's read-back (see
   * `firstLoads`), so neither English nor the lookup form flashes before them.
   */
  protected override async scheduleUpdate(): Promise<void> {
    if (!this.hasUpdated) {
      this._locale.apply();
      this._drafts.check();
      await firstLoads(this._locale.loading, this._drafts.restore);
    }
    await super.scheduleUpdate();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('proxyUrl')) this._drafts.check();
    if (changed.has('locale') || changed.has('strings')) this._locale.apply();
  }

  /** Done once the step shown is defined and rendered too (its module may still be loading). */
  protected override async getUpdateComplete(): Promise<boolean> {
    let done = await super.getUpdateComplete();
    if (this._drafts.restore) {
      await this._drafts.restore;
      done = await super.getUpdateComplete();
    }
    await stepRendered(this.renderRoot, this._flow.step);
    return done;
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
        this._flow = orderFound(this._flow, intent.detail);
        this.dispatchEvent(new ReverOrderFoundEvent(orderFoundDetail(intent.detail.order)));
        return;
      case 'step-error':
        this.dispatchEvent(new ReverErrorEvent(errorDetail(intent.detail, this._flow.step)));
        return;
      case 'start-over':
        return this.reset();
      case 'step-done':
        // A step with nothing to ask leaves no entry to come back to: Back would land on it
        // and be sent forward again.
        if (intent.detail?.skipped) this._history.replaceNext();
    }
    withSteps((f) => {
      const next = (this._flow = f.applyIntent(this._flow, intent));
      if (intent.type === 'return-confirmed' && next.step === 'done') {
        this.dispatchEvent(new ReverReturnConfirmedEvent(f.confirmedDetail(next, intent.detail)));
      }
    });
  }

  override render() {
    const { t, locale, dir } = this._i18n;
    // Everything sits in .frame, which takes nothing from the page: see rever-returns.styles.ts.
    // Its language is the text's, for screen readers' voices and hyphenation, whatever the page's;
    // so is its direction: English on a right-to-left page stays left to right, Arabic mirrors.
    return html`<div class="frame" lang=${locale} dir=${dir}>
      ${progressView(this._i18n, this._flow.step)}
      <p role="status" class=${this._online.offline ? 'offline' : 'visually-hidden'}>
        ${this._online.offline ? t('offline') : ''}
      </p>
      <div
        class="step"
        aria-busy=${this._drafts.restoring ? 'true' : 'false'}
        @rever-intent=${this._onIntent}
      >
        ${
          this._drafts.restoring
            ? nothing
            : stepView(this._flow, this.email, this.orderNumber, this._autoStart)
        }
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
