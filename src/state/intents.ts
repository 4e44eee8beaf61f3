/**
 * What the steps tell the root, as one discriminated union: every intent's name and the type of
 * its detail. The steps send them in one internal event class (`ReverIntentEvent`), so a wrong
 * detail does not compile and the root needs one listener.
 *
 * The root answers the first three itself (they come before the later steps load); the rest are
 * the later steps' intents, applied to the flow here. Only the later steps' elements send those,
 * so `applyIntent` comes with them (steps.ts) and the ES build's first load carries none of it.
 */
import type { ConfirmResponse, ReturnLineItemsResponse } from '../../contract/index.ts';
import {
  chooseResolution,
  confirmed,
  goTo,
  lineRemoved,
  lineUncertain,
  pickLine,
  resolutionSaved,
  returnLinesChanged,
  returnMethodChosen,
  setBankAccount,
  updateDraft,
  type BankAccount,
  type DraftStep,
  type FlowState,
  type LineChoice,
  type LookupResult,
  type Resolution,
  type Shipping,
} from './flow.ts';
import { DRAFT_STEPS } from './steps.ts';

/** The intents the root answers itself: the lookup's outcome, a failure, starting again. */
export interface RootIntentDetails {
  /** The lookup found the order and opened a return. */
  'lookup-success': LookupResult;
  /** A request failed (the error, whatever was thrown): the root sends `rever-error`. */
  'step-error': unknown;
  /** The shopper asked to start again: the root resets. */
  'start-over': null;
}

/** The later steps' intents, each applied to the flow by `applyIntent`. */
export interface FlowIntentDetails {
  'pick-change': { lineId: string; choice: Partial<LineChoice> | null };
  'lines-synced': { response: ReturnLineItemsResponse; comments?: Record<string, string> };
  'line-uncertain': { lineId: string };
  'line-removed': { lineId: string };
  'resolution-change': { lineId: string; resolution: Resolution };
  'resolution-saved': { lineId: string; resolution: Resolution; pendingCredit: number };
  'bank-account': { account: BankAccount | null };
  /** On to the next step; `skipped`: this one had nothing to ask (no history entry is kept). */
  'step-done': { skipped: true } | null;
  'go-to': { step: DraftStep };
  'return-confirmed': ConfirmResponse;
  'return-method-chosen': Shipping;
}

/** Every intent's `detail`, by its name. */
export interface IntentDetails extends RootIntentDetails, FlowIntentDetails {}

export type IntentType = keyof IntentDetails;

/** An intent: its name and its detail, as a union over the names in `K` (all by default). */
export type Intent<K extends IntentType = IntentType> = {
  [P in K]: { type: P; detail: IntentDetails[P] };
}[K];

/** An intent of the later steps. */
export type FlowIntent = Intent<keyof FlowIntentDetails>;

/** The flow after an intent of the later steps. */
export function applyIntent(flow: FlowState, { type, detail }: FlowIntent): FlowState {
  switch (type) {
    case 'pick-change':
      return updateDraft(flow, (d) => pickLine(d, detail.lineId, detail.choice));
    case 'lines-synced':
      return updateDraft(flow, (d) => returnLinesChanged(d, detail.response, detail.comments));
    case 'line-uncertain':
      return updateDraft(flow, (d) => lineUncertain(d, detail.lineId));
    case 'line-removed':
      return updateDraft(flow, (d) => lineRemoved(d, detail.lineId));
    case 'resolution-change':
      return updateDraft(flow, (d) => chooseResolution(d, detail.lineId, detail.resolution));
    case 'resolution-saved':
      return updateDraft(flow, (d) =>
        resolutionSaved(d, detail.lineId, detail.resolution, detail.pendingCredit),
      );
    case 'bank-account':
      return updateDraft(flow, (d) => setBankAccount(d, detail.account));
    case 'step-done': {
      // "Continue" leads to the next step of the draft; the last one is left by confirming.
      // (From the order's returns, shown first, the next is the first: the items.)
      const step = DRAFT_STEPS[DRAFT_STEPS.indexOf(flow.step as DraftStep) + 1];
      return step ? goTo(flow, step) : flow;
    }
    case 'go-to':
      return goTo(flow, detail.step);
    case 'return-confirmed':
      return confirmed(flow, detail);
    case 'return-method-chosen':
      return updateDraft(flow, (d) => returnMethodChosen(d, detail));
  }
}
