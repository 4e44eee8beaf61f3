import type { Intent, IntentDetails, IntentType } from '../../state/intents.ts';

/**
 * @internal The one event a step sends its root: an intent (see `state/intents.ts`), typed by its
 * name, so a wrong detail is a compile error. It bubbles to the root, which stops it; it is not
 * composed, so it never leaves the widget's shadow root for the merchant's page.
 */
export class ReverIntentEvent<K extends IntentType = IntentType> extends Event {
  static readonly type = 'rever-intent';

  readonly intent: Intent<K>;

  constructor(type: K, detail: IntentDetails[K]) {
    super(ReverIntentEvent.type, { bubbles: true, composed: false });
    this.intent = { type, detail };
  }
}
