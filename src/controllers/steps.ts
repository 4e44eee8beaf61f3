import type * as Later from '../components/steps.ts';

/**
 * The later steps load once per page, after the root's first render (or before it, to restore a
 * stored draft); a failed load is tried again on the next call. Their module brings the flow's
 * rules past the lookup and the reading back of a draft: the root applies those only to these
 * steps' intents. (Per page, not per element: every root shares the one chunk.)
 */
let steps: Promise<typeof Later> | undefined;

/** The later steps' module, once loaded. */
export let laterSteps: typeof Later | undefined;

export function loadSteps(): Promise<typeof Later> {
  return (steps ??= import('../components/steps.ts').then(
    (module) => (laterSteps = module),
    (error: unknown) => {
      steps = undefined;
      throw error;
    },
  ));
}

/**
 * Applies the later steps' rules. Their intents come from their elements, so the module is
 * loaded by then; were it not, the change waits for it.
 */
export function withSteps(apply: (steps: typeof Later) => void): void {
  if (laterSteps) apply(laterSteps);
  else loadSteps().then(apply, () => {});
}
