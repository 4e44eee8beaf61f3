import { html, LitElement, nothing } from 'lit';
import { state } from 'lit/decorators.js';
import { consume, effectsContext, i18nContext } from '../../context.ts';
import { createI18n, type I18n } from '../../i18n/i18n.ts';
import { ReverError } from '../../services/errors.ts';
import type { IntentDetails, IntentType } from '../../state/intents.ts';
import type { ReturnEffects } from '../../state/return-effects.ts';
import { errorMessage } from './error-message.ts';
import { ReverIntentEvent } from './intent-event.ts';
import { sharedStyles } from './shared.styles.ts';
import { OnlineController } from '../../controllers/online.ts';
import { TaskStatus } from './request.ts';

/** A request of a step, as far as resuming it goes: how it ended, and how to send it again. */
export type Resumable = [{ status: TaskStatus; error: unknown }, () => unknown];

/**
 * @internal What every step of the flow shares: REVER's effects and the strings from the root's
 * context, a heading that takes focus after a transition, intents sent up as internal events,
 * and the one shape of an error alert and of a status line.
 */
export abstract class ReverStep extends LitElement {
  static override styles = [sharedStyles];

  /** What the step may ask of REVER: its Tasks call these, never the client. */
  @state()
  effects?: ReturnEffects;

  @state()
  i18n: I18n = createI18n('en');

  constructor() {
    super();
    // From the root, while connected (see context.ts).
    consume(this, effectsContext, (effects) => (this.effects = effects));
    consume(this, i18nContext, (i18n) => (this.i18n = i18n));
  }

  /**
   * The step's requests, each with how to send it again. When the network comes back, those
   * that failed for want of it are sent again by themselves: the shopper asked for them already,
   * and every write of the contract is safe to repeat (an add replaces, confirm is idempotent).
   */
  protected _resumable(): Resumable[] {
    return [];
  }

  protected _online = new OnlineController(this, () => {
    for (const [task, run] of this._resumable()) {
      const { status, error } = task;
      if (status === TaskStatus.ERROR && error instanceof ReverError && error.code === 'network') {
        void run();
      }
    }
  });

  /** Moves focus to the step's heading, as the root does after a transition. */
  focusHeading(): void {
    this.renderRoot.querySelector('h2')?.focus();
  }

  /**
   * Sends an intent or an outcome up to the root, typed by its name (see `IntentDetails`);
   * internal events never leave the widget.
   */
  protected emit<K extends IntentType>(type: K, detail: IntentDetails[K]): void {
    this.dispatchEvent(new ReverIntentEvent(type, detail));
  }

  /** For a Task's `onError`: the root turns it into a public `rever-error`. */
  protected _failed = (error: unknown): void => this.emit('step-error', error);

  /** The effects, or a `network` error when there are none (no proxy set). */
  protected _rever(): ReturnEffects {
    if (!this.effects) throw new ReverError('network');
    return this.effects;
  }

  /** An error in words, with a way to retry when there is one. */
  protected _alert(error: unknown, retry?: () => unknown) {
    // Offline, the root says so once and the request goes again by itself when the network is
    // back: a "check your connection" here would say the same thing twice, and ask for a retry
    // that cannot work yet.
    if (this._online.offline && error instanceof ReverError && error.code === 'network') {
      return nothing;
    }
    // The session may be over (expired, or not this shopper's): trying again helps only if the
    // refusal was passing, starting again always does. The lookup has no session to start over.
    const over = this._inReturn && error instanceof ReverError && error.code === 'unauthorized';
    return html`<div role="alert" part="error">
      <p>${errorMessage(error, this.i18n.t)}</p>
      ${
        retry
          ? html`<button type="button" class="secondary" part="button" @click=${retry}>
              ${this.i18n.t('error.retry')}
            </button>`
          : nothing
      }
      ${
        over
          ? html`<button
              type="button"
              class="secondary"
              part="button"
              @click=${() => this.emit('start-over', null)}
            >
              ${this.i18n.t('error.startAgain')}
            </button>`
          : nothing
      }
    </div>`;
  }

  /** Whether this step works within a return's session (every step but the lookup). */
  protected _inReturn = true;

  /** The polite status line: always in the tree, so screen readers hear what appears in it. */
  protected _status(text: string) {
    return html`<p role="status" class=${text ? '' : 'visually-hidden'}>${text}</p>`;
  }
}
