import type { ReactiveControllerHost } from 'lit';
import type { FlowState, StepName } from '../state/flow.ts';
import { withSteps } from './steps.ts';

interface HistoryHost extends ReactiveControllerHost {
  /** `'none'`: the host page owns its history (an SPA's router); the widget leaves it alone. */
  history?: string;
}

/** What the controller reads and writes of the host's flow. */
interface FlowAccess {
  flow(): FlowState;
  set(flow: FlowState): void;
}

/** The widget's part of a history entry's state: the step it showed, and the entry's index. */
interface Entry {
  step: StepName;
  n: number;
}

export interface StepHistory {
  /**
   * The host shows `step`: the first one (its entry is the current one, a reload's included), a
   * change of the shopper's (a new entry) or the outcome of a Back or Forward.
   */
  shown(step: StepName, first?: boolean): void;
  /** The next step change rewrites the current entry rather than adding one (a skipped step). */
  replaceNext(): void;
  /** Forgets the flow kept aside for Forward (the host's reset). */
  forget(): void;
}

const KEY = 'reverReturns';

const entryOf = (state: unknown): Entry | undefined =>
  (state as Record<string, Entry> | null)?.[KEY];

/** The one widget of the page that owns its history (the first to start with history on). */
let owner: object | undefined;

/**
 * The browser's Back and Forward move through the steps: each step change adds a history entry
 * (`pushState` with the widget's own `{ reverReturns: { step, n } }` beside whatever state the
 * page keeps, and the page's URL unchanged: its hash and query are not touched), and `popstate`
 * moves the flow there through its rules (`travel`): going back sends nothing, going forward
 * goes only where the flow allows. An entry the flow cannot show is rewritten to the step shown.
 * Only one widget of a page owns its history (the first to start); `history="none"` opts out.
 * (A Reactive Controller written as a closure: its names minify, and it is in the first load.)
 */
export function stepHistory(host: HistoryHost, access: FlowAccess): StepHistory {
  /** The flow left for the lookup by going back, for Forward to bring back. */
  let parked: FlowState | undefined;
  /** The index of the current entry, among the widget's. */
  let n = 0;
  /** The step a Back or Forward asked for, while the flow moves there. */
  let popped: StepName | undefined;
  let replace = false;
  const me = {};

  const owns = (): boolean => {
    if (host.history === 'none') {
      if (owner === me) owner = undefined;
      return false;
    }
    return (owner ??= me) === me;
  };

  const write = (method: 'pushState' | 'replaceState', step: StepName): void => {
    const state: unknown = history.state;
    try {
      history[method](
        { ...(state && typeof state === 'object' ? state : {}), [KEY]: { step, n } },
        '',
        location.href,
      );
    } catch {
      // A sandboxed frame may refuse; the flow goes on without entries.
    }
  };

  const onPop = (event: PopStateEvent): void => {
    if (owner !== me || host.history === 'none') return;
    const entry = entryOf(event.state);
    n = entry?.n ?? 0;
    // An entry of the page's own (before the widget's first) is where the widget started.
    const target = entry?.step ?? 'lookup';
    withSteps(({ travel }) => {
      const from = access.flow();
      const next = travel(from, parked, target);
      parked = next.parked;
      if (next.flow.step === from.step) {
        if (next.flow !== from) access.set(next.flow);
        if (target !== from.step) write('replaceState', from.step);
      } else {
        popped = target;
        access.set(next.flow);
      }
    });
  };

  host.addController({
    hostConnected: () => addEventListener('popstate', onPop),
    hostDisconnected: () => {
      removeEventListener('popstate', onPop);
      if (owner === me) owner = undefined;
    },
  });

  return {
    shown(step, first = false) {
      const was = popped;
      const rewrite = first || replace;
      popped = undefined;
      replace = false;
      if (!owns()) return;
      if (first) n = entryOf(history.state)?.n ?? 0;
      if (rewrite || (was !== undefined && was !== step)) write('replaceState', step);
      else if (was === undefined) {
        n += 1;
        write('pushState', step);
      }
    },
    replaceNext: () => (replace = true),
    forget: () => (parked = undefined),
  };
}
