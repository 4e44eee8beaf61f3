import type { ReactiveControllerHost } from 'lit';
import type { StepName } from '../state/steps.ts';
import type { StepHistory } from './history.ts';
import { focusStep } from './step-focus.ts';
import { loadSteps } from './steps.ts';

interface StepHost extends ReactiveControllerHost {
  renderRoot: ParentNode;
}

/** What the controller reads of the host, and tells it. */
interface StepAccess {
  /** The step the host's flow is at. */
  step(): StepName;
  /** No step is shown yet: a stored draft is being read back. */
  restoring(): boolean;
  history: StepHistory;
  /** The first step is shown (no `previous`), or the flow moved from `previous` to `step`. */
  shown(step: StepName, previous?: StepName): void;
}

/** The later steps' module, asked for in a task of its own (see `stepChanges`). */
const prefetch = () => void loadSteps().catch(() => {});

/**
 * After each render of the host: the later steps are fetched (in a task after the render, as the
 * client is in lazy-client.ts: the `import()` call itself takes main-thread time, and the lookup
 * form's render and layout come first), and a step newly shown is recorded: its history entry,
 * the host told (for its public events) and, on a change, focus on the new step's heading. The
 * first step shown (a restored draft's, maybe after a first render without a step) is told as
 * the first, not as a change. (A Reactive Controller written as a closure: it is in the first
 * load, and its names minify.)
 */
export function stepChanges(host: StepHost, access: StepAccess): void {
  /** The step shown at the last render, once the first is shown. */
  let last: StepName | undefined;
  host.addController({
    hostUpdated() {
      setTimeout(prefetch);
      const step = access.step();
      const previous = last;
      if (!previous && access.restoring()) return;
      last = step;
      if (previous === step) return;
      access.history.shown(step, !previous);
      access.shown(step, previous);
      if (previous) void focusStep(host.renderRoot);
    },
  });
}
