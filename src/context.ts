/**
 * What the root hands its steps, through the community context protocol
 * (https://github.com/webcomponents-cg/community-protocols/blob/main/proposals/context.md): a
 * step asks with a bubbling, composed `context-request` event and the root answers it, again on
 * every change. These are the protocol's two ends the widget needs, about 300 B, rather than
 * `@lit/context` (about 850 B gzip and its setup) on the first load. They speak the same events as
 * `@lit/context`, so tests can still hand in their own values with its `ContextProvider`.
 */
import type { ReactiveControllerHost } from 'lit';
import type { I18n } from './i18n/i18n.ts';
import type { ReturnEffects } from './state/return-effects.ts';

/**
 * A context: a key branded with the type of its value, the protocol's own shape (and
 * `@lit/context`'s `Context`, so its ContextProvider and ContextConsumer take these keys).
 */
export type Context<K, V> = K & { __context__: V };

/** What the steps ask of REVER (the root makes it from its client); undefined without a proxy. */
export const effectsContext = Symbol('rever-effects') as Context<symbol, ReturnEffects | undefined>;
export const i18nContext = Symbol('rever-i18n') as Context<symbol, I18n>;

type Callback<V> = (value: V, unsubscribe?: () => void) => void;

interface ContextRequest<V> extends Event {
  context: Context<unknown, V>;
  contextTarget?: Element;
  callback: Callback<V>;
  subscribe?: boolean;
}

/** The answering end: `host` answers its descendants' requests for `context` with `value`. */
export class Provided<V> {
  private _subscribers = new Map<Callback<V>, () => void>();

  constructor(
    private _host: HTMLElement,
    private _context: Context<unknown, V>,
    public value: V,
  ) {
    _host.addEventListener('context-request', (event) => {
      const { context, contextTarget, callback, subscribe } = event as ContextRequest<V>;
      // An element's own request goes to a provider above it, as with @lit/context.
      if (context !== this._context || (contextTarget ?? event.composedPath()[0]) === _host) return;
      event.stopPropagation();
      if (!subscribe) return callback(this.value);
      let unsubscribe = this._subscribers.get(callback);
      if (!unsubscribe) {
        unsubscribe = () => this._subscribers.delete(callback);
        this._subscribers.set(callback, unsubscribe);
      }
      callback(this.value, unsubscribe);
    });
  }

  /** Sets the value, and tells every subscriber when it changed. */
  set(value: V): void {
    if (Object.is(value, this.value)) return;
    this.value = value;
    for (const [callback, unsubscribe] of this._subscribers) callback(value, unsubscribe);
  }
}

/**
 * The asking end: while `host` is connected, `set` hears the nearest provider's value of `context`
 * and every change of it (a subscription, given up on disconnection).
 */
export function consume<V>(
  host: ReactiveControllerHost & HTMLElement,
  context: Context<unknown, V>,
  set: (value: V) => void,
): void {
  let unsubscribe: (() => void) | undefined;
  const callback: Callback<V> = (value, given) => {
    // Another provider answering now: the old one lets go.
    if (unsubscribe && unsubscribe !== given) unsubscribe();
    unsubscribe = given;
    set(value);
  };
  host.addController({
    hostConnected: () =>
      host.dispatchEvent(
        Object.assign(new Event('context-request', { bubbles: true, composed: true }), {
          context,
          contextTarget: host,
          callback,
          subscribe: true,
        }),
      ),
    hostDisconnected: () => {
      unsubscribe?.();
      unsubscribe = undefined;
    },
  });
}
