/**
 * The flow's steps, in the order the shopper meets them: the one list the progress bar, the
 * step types, the draft's restore and where "continue" leads are all made from. A new step is
 * added here (and to `progress.*` in every language table).
 */
export const STEPS = ['lookup', 'items', 'resolution', 'shipping', 'review', 'done'] as const;

/**
 * A step's name: one of the list, or `returns`, the order's existing returns shown first after
 * the lookup when it has some (not a step of the progress list: it stands at the items').
 */
export type StepName = (typeof STEPS)[number] | 'returns';

/** The steps that work on a draft: every one between the lookup and done. */
export type DraftStep = Exclude<StepName, 'lookup' | 'done'>;

export const DRAFT_STEPS = STEPS.slice(1, -1) as readonly DraftStep[];
