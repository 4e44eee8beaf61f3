/**
 * The steps after the lookup, behind one dynamic import of the root's: the ES build makes them a
 * chunk of their own, fetched while the shopper fills in the lookup form, so the first load is
 * the root, the lookup and the strings. (The IIFE cannot split; there they are inlined.)
 * The flow's rules past the lookup and the reading back of a stored draft come with them: the
 * root applies them only to intents of these steps, or to restore a draft into one of them.
 */
import '../i18n/en-steps.ts';
import './active-returns/active-returns.ts';
import './line-item-picker/line-item-picker.ts';
import './resolution-picker/resolution-picker.ts';
import './return-method/return-method.ts';
import './return-review/return-review.ts';

export { applyIntent } from '../state/intents.ts';
export { laterEffects } from '../state/effects.ts';
export { loadFlow } from '../state/restore.ts';
export { doneFigures, travel } from '../state/flow.ts';
