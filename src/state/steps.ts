/**
 * The flow's steps, in the order the shopper meets them: the one list the progress bar, the
 * step types, the draft's restore and where "continue" leads are all made from. A new step is
 * added here (and to `progress.*` in every language table).
 */
export const STEPS = ['lookup', 'items', 'resolution', 'shipping', 'review', 'done'] as const;

export type StepName = (typeof STEPS)[number];

/** The steps that work on a draft: every one between the lookup and done. */
export type DraftStep = Exclude<StepName, 'lookup' | 'done'>;

export const DRAFT_STEPS = STEPS.slice(1, -1) as readonly DraftStep[];
