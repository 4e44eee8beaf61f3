/**
 * The later steps' intents, applied to the flow: the root hands each one here by the type of its
 * event. Only the later steps' elements send these, so this module comes with them (steps.ts)
 * and the ES build's first load carries none of it.
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
  setBankAccount,
  updateDraft,
  type BankAccount,
  type DraftStep,
  type FlowState,
  type LineChoice,
  type Resolution,
} from './flow.ts';

/** Each intent's `detail`, by its event's type. */
export interface IntentDetails {
  'pick-change': { lineId: string; choice: Partial<LineChoice> | null };
  'lines-synced': { response: ReturnLineItemsResponse; comments?: Record<string, string> };
  'line-uncertain': { lineId: string };
  'line-removed': { lineId: string };
  'resolution-change': { lineId: string; resolution: Resolution };
  'resolution-saved': { lineId: string; resolution: Resolution; pendingCredit: number };
  'bank-account': { account: BankAccount | null };
  'step-done': null;
  'go-to': { step: DraftStep };
  'return-confirmed': ConfirmResponse;
}

export type Intent = {
  [K in keyof IntentDetails]: { type: K; detail: IntentDetails[K] };
}[keyof IntentDetails];

/** Where "done" leads from each step that has a next one. */
const NEXT: Partial<Record<FlowState['step'], DraftStep>> = {
  items: 'resolution',
  resolution: 'review',
};

/** The flow after an intent of the later steps. */
export function applyIntent(flow: FlowState, { type, detail }: Intent): FlowState {
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
      const step = NEXT[flow.step];
      return step ? goTo(flow, step) : flow;
    }
    case 'go-to':
      return goTo(flow, detail.step);
    case 'return-confirmed':
      return confirmed(flow, detail);
  }
}
