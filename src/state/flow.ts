/**
 * The flow as pure functions: state in, next state out. The root element owns one `FlowState`
 * and renders the step it names; steps send intents up and the root applies these functions.
 * Nothing here touches the DOM, so every rule of the flow is tested without a browser.
 */
import type { ReturnSession } from '../services/client.ts';
import {
  BANK_TRANSFER,
  EXCHANGE_METHOD,
  STORE_CREDIT,
  type ChooseReturnMethodResponse,
  type ClientPreferences,
  type ConfirmResponse,
  type DropOffPoint,
  type PickupSlot,
  type ReturnMethod,
  type Order,
  type OrderLineItem,
  type ExchangeOption,
  type RefundOption,
  type ReturnLineItemsResponse,
} from '../../contract/index.ts';
import { returnableUnits } from '../services/order.ts';
import { maskIban } from '../../contract/iban.ts';

/** A line the shopper picked: how many units, why, and a comment when the reason asks for one. */
export interface LineChoice {
  quantity: number;
  reasonId: string;
  comment: string;
}

/**
 * How one returned line is resolved: a refund by a method REVER offers, or an exchange (with the
 * replacement's product and variant names, for the views that no longer have the options).
 */
export type Resolution = { method: string; variantId?: string; name?: string; variant?: string };

export interface BankAccount {
  iban: string;
  holder: string;
}

export interface Draft {
  order: Order;
  /** The number the shopper typed, which is how they know the order. */
  orderNumber: string;
  session: ReturnSession;
  /** What the shopper picked, by line id. */
  picked: Record<string, LineChoice>;
  /** What REVER holds in the return, by line id, as its last answer said. */
  inReturn: Record<string, LineChoice>;
  /** The resolution chosen for each line in the return. */
  resolutions: Record<string, Resolution>;
  /** The resolutions REVER acknowledged (save_client_preferences answered). */
  saved: Record<string, Resolution>;
  /** The account for bank-transfer refunds, entered once for the whole return. */
  bankAccount: BankAccount | null;
  /**
   * The account in use, masked ("ES91 •••• 1332"): kept when the tab keeps the draft, where the
   * account itself never is, so the shopper still sees where the refund goes after a reload.
   */
  accountMask?: string;
  /** REVER's last figure of credit to spend, in minor units (null before any choice). */
  pendingCredit: number | null;
  /** How the parcel goes back, as REVER acknowledged it (absent before the choice). */
  shipping?: Shipping;
}

/** A return method chosen, with the point or slot it needed and REVER's answer (note n). */
export interface Shipping {
  method: ReturnMethod;
  answer: ChooseReturnMethodResponse;
  point?: DropOffPoint;
  slot?: PickupSlot;
}

/** REVER acknowledged a return method: its answer holds the cost and the totals. */
export function returnMethodChosen(draft: Draft, shipping: Shipping): Draft {
  return { ...draft, shipping };
}

import type { DraftStep, StepName } from './steps.ts';
export type { DraftStep, StepName } from './steps.ts';

export interface Done {
  step: 'done';
  orderId: string;
  orderNumber: string;
  session: ReturnSession;
  confirmation: ConfirmResponse;
  /** How the parcel goes back, when a method was chosen. */
  shipping?: Shipping;
  /** What the confirmed lines were worth, by kind (for the figures; no personal data). */
  lines?: ReturnLines;
}

export type FlowState = { step: 'lookup' } | { step: DraftStep; draft: Draft } | Done;

/** What the lookup step found: the order, and the number the shopper knows it by. */
export interface LookupResult {
  order: Order;
  orderNumber: string;
  /** The proxy's session token for the return, when it sent one (see `ReturnSession`). */
  sessionToken?: string | undefined;
}

// The flow's start lives in a module of its own: the root needs it before the later steps (and
// the rest of this module, which comes with them in the ES build) are loaded.
export { initialFlow, orderFound } from './start.ts';

const without = <T>(record: Record<string, T>, key: string): Record<string, T> => {
  const copy = { ...record };
  delete copy[key];
  return copy;
};

function lineOf(draft: Draft, lineId: string): OrderLineItem | undefined {
  return draft.order.line_items.find((line) => line.id === lineId);
}

/**
 * Picks, changes or (with null) unpicks a line. A change is a patch over what the flow holds, not
 * a whole choice from the view: two changes in a row (a reason, then a quantity) must not let the
 * second overwrite the first with a value the view had not re-rendered yet.
 * The quantity stays within what is returnable.
 */
export function pickLine(draft: Draft, lineId: string, patch: Partial<LineChoice> | null): Draft {
  const line = lineOf(draft, lineId);
  if (!line) return draft;
  if (!patch) return { ...draft, picked: without(draft.picked, lineId) };
  const max = returnableUnits(line);
  if (max === 0) return draft;
  const choice = { quantity: 1, reasonId: '', comment: '', ...draft.picked[lineId], ...patch };
  const quantity = Math.min(max, Math.max(1, Math.floor(choice.quantity) || 1));
  return { ...draft, picked: { ...draft.picked, [lineId]: { ...choice, quantity } } };
}

/** A picked line is ready when it has a reason, and a comment if that reason requires one. */
export function choiceComplete(choice: LineChoice, commentRequired: boolean): boolean {
  return choice.reasonId !== '' && (!commentRequired || choice.comment.trim() !== '');
}

const sameChoice = (a: LineChoice | undefined, b: LineChoice | undefined) =>
  !!a && !!b && a.quantity === b.quantity && a.reasonId === b.reasonId && a.comment === b.comment;

/** The calls that bring REVER's return in line with what the shopper picked, and no others. */
export function syncPlan(draft: Draft): { add: [string, LineChoice][]; remove: string[] } {
  return {
    add: Object.entries(draft.picked).filter(([id, c]) => !sameChoice(c, draft.inReturn[id])),
    remove: Object.keys(draft.inReturn).filter((id) => !(id in draft.picked)),
  };
}

/**
 * Takes REVER's answer to an add or remove as the truth of what is in the return. A line whose
 * quantity changed keeps its resolution but must be saved again (the credit depends on it).
 */
export function returnLinesChanged(
  draft: Draft,
  response: ReturnLineItemsResponse,
  comments: Record<string, string> = {},
): Draft {
  const inReturn: Record<string, LineChoice> = {};
  for (const item of response.line_items) {
    inReturn[item.line_item_id] = {
      quantity: item.quantity,
      reasonId: item.return_reason_id,
      // The comment REVER was sent: this call's, else the one it held, else the pick's.
      comment:
        comments[item.line_item_id] ??
        draft.inReturn[item.line_item_id]?.comment ??
        draft.picked[item.line_item_id]?.comment ??
        '',
    };
  }
  const keep = (record: Record<string, Resolution>, changedToo: boolean) =>
    Object.fromEntries(
      Object.entries(record).filter(
        ([id]) =>
          id in inReturn &&
          (!changedToo || inReturn[id]?.quantity === draft.inReturn[id]?.quantity),
      ),
    );
  return withSaved({ ...draft, inReturn, resolutions: keep(draft.resolutions, false) }, (saved) =>
    keep(saved, true),
  );
}

/**
 * Changes what REVER is known to hold as saved. REVER's credit figure counted the resolutions
 * that were saved; when one of them no longer is, the figure is stale and the summary falls
 * back to its own sum until REVER answers again.
 */
function withSaved(
  draft: Draft,
  update: (saved: Record<string, Resolution>) => Record<string, Resolution>,
): Draft {
  const saved = update(draft.saved);
  const dropped = Object.keys(draft.saved).some((id) => !(id in saved));
  if (!dropped) return { ...draft, saved };
  const next: Draft = { ...draft, saved, pendingCredit: null };
  delete next.shipping;
  return next;
}

/**
 * What REVER holds of a line is unknown: an add went out but its answer was lost (timeout,
 * network, a failing or garbled answer). The line is marked as held with a quantity no pick can
 * have, so the next sync sends it again if it is still picked, or removes it if not; either way
 * REVER's return ends up as the shopper left it.
 */
export function lineUncertain(draft: Draft, lineId: string): Draft {
  return withSaved(
    {
      ...draft,
      inReturn: { ...draft.inReturn, [lineId]: { quantity: 0, reasonId: '', comment: '' } },
    },
    (saved) => without(saved, lineId),
  );
}

/**
 * REVER does not hold the line (a remove answered "not found": an earlier remove landed but its
 * answer was lost, or the add never did). That is what the remove wanted.
 */
export function lineRemoved(draft: Draft, lineId: string): Draft {
  return withSaved(
    {
      ...draft,
      inReturn: without(draft.inReturn, lineId),
      resolutions: without(draft.resolutions, lineId),
    },
    (saved) => without(saved, lineId),
  );
}

const sameResolution = (a: Resolution | undefined, b: Resolution | undefined) =>
  !!a && !!b && a.method === b.method && a.variantId === b.variantId;

export function chooseResolution(draft: Draft, lineId: string, resolution: Resolution): Draft {
  if (!(lineId in draft.inReturn)) return draft;
  return { ...draft, resolutions: { ...draft.resolutions, [lineId]: resolution } };
}

export function setBankAccount(draft: Draft, bankAccount: BankAccount | null): Draft {
  const next: Draft = { ...draft, bankAccount };
  if (bankAccount) next.accountMask = maskIban(bankAccount.iban);
  else delete next.accountMask;
  // A new account must reach REVER for every line refunded by bank transfer.
  return withSaved(next, (saved) =>
    Object.fromEntries(Object.entries(saved).filter(([, r]) => r.method !== BANK_TRANSFER)),
  );
}

/**
 * The masked account the bank-transfer refunds go to, when REVER holds one for a saved line
 * (after a reload, from the mask the draft kept), else undefined.
 */
export function accountInUse(draft: Draft): string | undefined {
  const saved = Object.values(draft.saved).some((r) => r.method === BANK_TRANSFER);
  return draft.bankAccount || saved ? draft.accountMask : undefined;
}

/**
 * Whether the shopper has made a whole choice for a line, saved or not yet: an exchange needs its
 * variant, a bank transfer the account.
 */
export function resolutionDecided(draft: Draft, lineId: string): boolean {
  const r = draft.resolutions[lineId];
  if (!r) return false;
  if (r.method === EXCHANGE_METHOD) return !!r.variantId;
  return r.method !== BANK_TRANSFER || draft.bankAccount !== null;
}

/**
 * Whether the bank account is part of the step: shown while the draft holds it, asked for while
 * a bank transfer waits for it (after a reload it is not kept, and saved transfers need it no
 * more).
 */
export function bankAccountNeeded(draft: Draft): boolean {
  return (
    draft.bankAccount !== null ||
    Object.entries(draft.resolutions).some(
      ([id, r]) => r.method === BANK_TRANSFER && draft.saved[id]?.method !== BANK_TRANSFER,
    )
  );
}

/** The lines whose chosen resolution REVER has not acknowledged yet (and can be sent now). */
export function unsavedResolutions(draft: Draft): [string, Resolution][] {
  return Object.entries(draft.resolutions).filter(
    ([id, r]) =>
      id in draft.inReturn && !sameResolution(r, draft.saved[id]) && resolutionDecided(draft, id),
  );
}

/** The body of save_client_preferences for a resolution (assumption c of the contract). */
export function preferencesFor(resolution: Resolution, draft: Draft): ClientPreferences {
  if (resolution.method === EXCHANGE_METHOD) {
    return { method: EXCHANGE_METHOD, exchange_variant_id: resolution.variantId ?? '' };
  }
  if (resolution.method === BANK_TRANSFER && draft.bankAccount) {
    return { method: BANK_TRANSFER, bank_account: { ...draft.bankAccount } };
  }
  return { method: resolution.method };
}

export function resolutionSaved(
  draft: Draft,
  lineId: string,
  resolution: Resolution,
  pendingCredit: number,
): Draft {
  const next: Draft = {
    ...draft,
    saved: { ...draft.saved, [lineId]: resolution },
    pendingCredit,
  };
  // A return method's cost and totals were REVER's answer for the choices then: stale now.
  if (!sameResolution(draft.saved[lineId], resolution)) delete next.shipping;
  return next;
}

/** Whether the shopper may open a step now: each step needs the ones before it done. */
export function canEnter(draft: Draft, step: DraftStep): boolean {
  if (step === 'items' || step === 'returns') return true;
  const lines = Object.keys(draft.inReturn);
  const synced =
    lines.length > 0 && syncPlan(draft).add.length + syncPlan(draft).remove.length === 0;
  if (step === 'resolution') return synced;
  // Review does not wait for a return method: a REVER without logistics offers none.
  return synced && lines.every((id) => sameResolution(draft.resolutions[id], draft.saved[id]));
}

/** Moves to another step of the draft, when it may be entered; otherwise stays. */
export function goTo(state: FlowState, step: DraftStep): FlowState {
  if (!('draft' in state) || !canEnter(state.draft, step)) return state;
  return { step, draft: state.draft };
}

/** Where the browser's Back or Forward leads, and the flow kept aside to come back to. */
export interface Travel {
  flow: FlowState;
  /** The flow left for the lookup by going back: Forward brings it back. */
  parked?: FlowState;
}

/**
 * The browser's Back or Forward (a history entry of the widget's, naming `target`): a pure move
 * between states the flow already holds, so it never sends anything. Back to the lookup parks the
 * return (draft or confirmation) for Forward to bring back; Forward goes only where `goTo`
 * allows. A confirmed return's earlier steps are closed: Back from done leads to the lookup.
 * When the target cannot be entered the flow stays (the caller rewrites the entry).
 */
export function travel(flow: FlowState, parked: FlowState | undefined, target: StepName): Travel {
  if (target === 'lookup') {
    return flow.step === 'lookup' ? { flow, parked } : { flow: { step: 'lookup' }, parked: flow };
  }
  const base = flow.step === 'lookup' && parked ? parked : flow;
  if (base.step === 'done') {
    if (target === 'done') return { flow: base };
    return flow.step === 'done' ? { flow: { step: 'lookup' }, parked: flow } : { flow, parked };
  }
  if (!('draft' in base) || target === 'done') return { flow, parked };
  return { flow: goTo(base, target) };
}

export function updateDraft(state: FlowState, update: (draft: Draft) => Draft): FlowState {
  return 'draft' in state ? { step: state.step, draft: update(state.draft) } : state;
}

export function confirmed(
  state: FlowState,
  confirmation: ConfirmResponse,
  lines?: ReturnLines,
): FlowState {
  if (!('draft' in state)) return state;
  const { order, orderNumber, session, shipping } = state.draft;
  return {
    step: 'done',
    orderId: order.id,
    orderNumber,
    session,
    confirmation,
    ...(shipping ? { shipping } : {}),
    lines: lines ?? returnLines(state.draft, []),
  };
}

/** The value of `quantity` units of a line, in minor units (its total shared across its units). */
export function lineValue(line: OrderLineItem, quantity: number): number {
  return line.quantity > 0 ? Math.round((line.total * quantity) / line.quantity) : 0;
}

/** An exchanged line, as the summary names it: the replacement's product and variant. */
export interface ExchangeLine {
  lineId: string;
  name: string;
  variant: string;
  quantity: number;
}

/**
 * The money of a return as every view shows it (the credit summary, the review, the done step,
 * the `rever-return-confirmed` event), in minor units. An exchange is not money: it is listed in
 * `exchanges` and counted in none of the figures, whatever REVER counts in its credit figure.
 * Items' value + bonus − return cost = refund + credit, to the minor unit.
 */
export interface CreditFigures {
  /** The value of the items refunded or kept as store credit (exchanged items apart). */
  itemsValue: number;
  /** The store-credit bonus added. */
  bonus: number;
  /** The return method's cost, deducted (0 before a method is chosen, or when it is free). */
  returnCost: number;
  /** Whether a return method was chosen, so `returnCost` is REVER's figure (0 is then free). */
  costKnown: boolean;
  /** Refunded as money (payment method, bank, gift card), once the cost is deducted. */
  refundTotal: number;
  /** Store credit to spend (its bonus included), once the cost is deducted. */
  credit: number;
  /** Whether any line is refunded as money, and whether any is kept as store credit. */
  refunded: boolean;
  credited: boolean;
  /** The exchanged lines. */
  exchanges: ExchangeLine[];
  /** A choice is on its way to REVER: no figure is known for what the shopper now sees chosen. */
  pending: boolean;
}

/** What the saved resolutions are worth, by kind, before REVER's figures. */
export interface ReturnLines {
  refundValue: number;
  storeValue: number;
  exchangeValue: number;
  /** The bonus the store-credit option promises, as the widget works it out. */
  bonus: number;
  exchanges: ExchangeLine[];
}

/** The value of the saved resolutions, by kind. */
export function returnLines(
  draft: Draft,
  refundOptions: RefundOption[],
  variants: readonly ExchangeOption[] = [],
): ReturnLines {
  const lines: ReturnLines = {
    refundValue: 0,
    storeValue: 0,
    exchangeValue: 0,
    bonus: 0,
    exchanges: [],
  };
  const pct = refundOptions.find((o) => o.method === STORE_CREDIT)?.bonus_percentage ?? 0;
  for (const [id, resolution] of Object.entries(draft.saved)) {
    const line = lineOf(draft, id);
    const choice = draft.inReturn[id];
    if (!line || !choice) continue;
    const value = lineValue(line, choice.quantity);
    if (resolution.method === EXCHANGE_METHOD) {
      lines.exchangeValue += value;
      const variant = variants.find((v) => v.variant_id === resolution.variantId);
      lines.exchanges.push({
        lineId: id,
        name: variant?.name ?? resolution.name ?? line.name,
        variant: variant?.variant_name ?? resolution.variant ?? '',
        quantity: choice.quantity,
      });
    } else if (resolution.method === STORE_CREDIT) {
      lines.storeValue += value;
      lines.bonus += Math.round((value * pct) / 100);
    } else {
      lines.refundValue += value;
    }
  }
  return lines;
}

/**
 * The figures from the lines and REVER's latest totals: `credit` is REVER's figure (its
 * `pending_credit_to_use`, or the confirm's `credit_total`) less what the exchanges count in it,
 * so the shopper sees store credit only. The bonus is what REVER added beyond the items' value.
 */
export function figuresOf(
  lines: ReturnLines,
  rever: { refund: number; credit: number; cost: number; costKnown?: boolean } | null,
  pending = false,
): CreditFigures {
  const itemsValue = lines.refundValue + lines.storeValue;
  const refundTotal = rever ? rever.refund : lines.refundValue;
  const credit = rever
    ? Math.max(0, rever.credit - lines.exchangeValue)
    : lines.storeValue + lines.bonus;
  const returnCost = rever?.cost ?? 0;
  const bonus =
    lines.storeValue > 0 ? Math.max(0, refundTotal + credit + returnCost - itemsValue) : 0;
  return {
    itemsValue,
    bonus,
    returnCost,
    costKnown: !!rever?.costKnown,
    refundTotal,
    credit,
    refunded: lines.refundValue > 0 || refundTotal > 0,
    credited: lines.storeValue > 0 || credit > 0,
    exchanges: lines.exchanges,
    pending,
  };
}

/** Whether a line's choice differs from what REVER acknowledged (it is being saved, or waits). */
export function resolutionPending(draft: Draft): boolean {
  return Object.keys(draft.inReturn).some((id) => {
    const r = draft.resolutions[id];
    return !!r && !sameResolution(r, draft.saved[id]);
  });
}

/**
 * The figures the credit summary shows while the return is drafted: REVER's answer to the
 * return method when there is one (with the cost deducted), else its last credit figure, else
 * the widget's own sum. While a choice is pending no figure is given (`pending`).
 */
export function creditFigures(
  draft: Draft,
  refundOptions: RefundOption[],
  variants: readonly ExchangeOption[] = [],
): CreditFigures {
  const lines = returnLines(draft, refundOptions, variants);
  const answer = draft.shipping?.answer;
  const rever = answer
    ? {
        refund: answer.refund_total,
        credit: answer.pending_credit_to_use,
        cost: answer.return_cost,
        costKnown: true,
      }
    : draft.pendingCredit !== null
      ? { refund: lines.refundValue, credit: draft.pendingCredit, cost: 0 }
      : null;
  return figuresOf(lines, rever, resolutionPending(draft));
}

/** The confirmed return's figures: the confirm's totals over the lines the draft held. */
export function doneFigures(done: Done): CreditFigures | null {
  if (!done.lines) return null;
  const { summary } = done.confirmation;
  return figuresOf(done.lines, {
    refund: summary.refund_total,
    credit: summary.credit_total,
    cost: done.shipping?.answer.return_cost ?? 0,
    costKnown: !!done.shipping,
  });
}
