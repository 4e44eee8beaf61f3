import type { StepName } from '../state/steps.ts';
import { loadSteps } from './steps.ts';

/** What the root needs of the step element it shows. */
interface StepElement extends HTMLElement {
  updateComplete: Promise<boolean>;
  focusHeading(): void;
}

/** The step element shown in the root's `.step` box, if any. */
export const shownStep = (root: ParentNode): StepElement | null =>
  root.querySelector<StepElement>('.step > *');

/**
 * Focus follows the flow: after a transition the new step's heading takes focus, so screen
 * readers announce where the shopper is. The step's module may still be loading.
 */
export async function focusStep(root: ParentNode): Promise<void> {
  const step = shownStep(root);
  if (!step) return;
  await customElements.whenDefined(step.localName);
  // A step replaced before its module arrived is never upgraded: nothing to focus.
  if (!step.isConnected) return;
  await step.updateComplete;
  step.focusHeading();
}

/** The step shown is defined and rendered (a later step's module may still be loading). */
export async function stepRendered(root: ParentNode, step: StepName): Promise<void> {
  if (step === 'lookup') return;
  await loadSteps().catch(() => {});
  await shownStep(root)?.updateComplete;
}
