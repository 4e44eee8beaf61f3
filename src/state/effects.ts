/**
 * What the steps after the lookup ask of REVER, out of the views: their reads, bringing REVER's
 * return in line with the picks, saving each line's resolution, the return method, the confirm.
 * Nothing here touches the DOM or Lit's elements: the steps run these in their Tasks (through
 * `ReturnEffects`, see return-effects.ts), and node tests drive them with a fake client.
 * This module comes with the later steps' chunk, not the first load.
 */
import type {
  ExchangeOption,
  RefundOption,
  ReturnMethod,
  ReturnReason,
} from '../../contract/index.ts';
import type { CallOptions, ReturnSession, ReverClient } from '../services/client.ts';
import { withReadCache } from '../services/read-cache.ts';
import { ReverError, type ReverErrorCode } from '../services/errors.ts';
import {
  lineRemoved,
  preferencesFor,
  returnLinesChanged,
  syncPlan,
  unsavedResolutions,
  type Draft,
  type Resolution,
} from './flow.ts';
import type { FlowIntentDetails, IntentDetails } from './intents.ts';

/** How an effect tells the root what REVER answered: the later steps' intents. */
export type Report = <K extends keyof FlowIntentDetails>(type: K, detail: IntentDetails[K]) => void;

/** REVER refusing one line's pick or choice: said on that line, and no other line waits on it. */
export const LINE_REFUSALS: ReverErrorCode[] = [
  'not-returnable',
  'invalid',
  'not-found',
  'conflict',
];
/** Failures after which REVER may or may not have done what was asked. */
const UNCLEAR: ReverErrorCode[] = ['network', 'timeout', 'server', 'bad-response'];
/** Rounds of a sync before REVER, answering something other than what was asked, is a conflict. */
const MAX_SYNC_ROUNDS = 3;

export const refusal = (error: unknown): error is ReverError =>
  error instanceof ReverError && LINE_REFUSALS.includes(error.code);

/**
 * Brings REVER's return in line with the shopper's picks: "remove" for dropped lines, "add" for
 * new or changed ones, each answer reported as it comes. Picks changed while the calls were out
 * (a comment typed meanwhile; `latest` reads the draft as the root holds it now) are sent in the
 * next round; REVER's answers are taken here as the root takes them, so no round waits for the
 * root to render. Resolves once REVER holds what was picked. A refused line is told to
 * `refused` before the error is thrown; an add whose answer was lost is reported uncertain, so
 * the next sync settles it whatever the shopper does.
 */
export async function syncLines(
  client: ReverClient,
  latest: () => Draft,
  report: Report,
  refused: (lineId: string, error: ReverError) => void,
  opts?: CallOptions,
): Promise<void> {
  let draft = latest();
  for (let round = 0; ; round++) {
    draft = { ...draft, picked: latest().picked };
    const { session } = draft;
    const plan = syncPlan(draft);
    if (plan.add.length + plan.remove.length === 0) return;
    // REVER keeps answering something other than what was asked: say so, do not loop.
    if (round === MAX_SYNC_ROUNDS) throw new ReverError('conflict');
    for (const id of plan.remove) {
      try {
        const response = await client.removeReturnLineItem(session, id, opts);
        draft = returnLinesChanged(draft, response);
        report('lines-synced', { response });
      } catch (error) {
        // Not in the return: what the remove wanted (an earlier answer was lost).
        if (!(error instanceof ReverError && error.code === 'not-found')) throw error;
        draft = lineRemoved(draft, id);
        report('line-removed', { lineId: id });
      }
    }
    for (const [id, choice] of plan.add) {
      const comments = { [id]: choice.comment };
      try {
        const response = await client.addReturnLineItem(
          session,
          {
            line_item_id: id,
            quantity: choice.quantity,
            return_reason_id: choice.reasonId,
            ...(choice.comment.trim() ? { comment: choice.comment.trim() } : {}),
          },
          opts,
        );
        draft = returnLinesChanged(draft, response, comments);
        report('lines-synced', { response, comments });
      } catch (error) {
        if (refusal(error)) refused(id, error);
        else if (!(error instanceof ReverError) || UNCLEAR.includes(error.code)) {
          report('line-uncertain', { lineId: id });
        }
        throw error;
      }
    }
  }
}

/** A choice REVER refused, by line: the choice as it was sent, and why. */
export type Refusals = Record<string, { resolution: Resolution; error: ReverError }>;

const same = (a: Resolution, b?: Resolution) =>
  !!b && a.method === b.method && a.variantId === b.variantId;

/** The next choice to save: the first unsaved one that REVER has not refused as it stands. */
export function nextSave(draft: Draft, refusals: Refusals): [string, Resolution] | undefined {
  return unsavedResolutions(draft).find(([id, r]) => !same(r, refusals[id]?.resolution));
}

/** REVER's refusal of the line's current choice, if it refused it. */
export function refusalOf(
  draft: Draft,
  refusals: Refusals,
  lineId: string,
): ReverError | undefined {
  const entry = refusals[lineId];
  const resolution = draft.resolutions[lineId];
  return entry && resolution && same(resolution, entry.resolution) ? entry.error : undefined;
}

/**
 * Saves one line's choice (save_client_preferences) and reports it saved with REVER's credit
 * figure. REVER refusing it is returned, for the line to say; any other failure is thrown.
 */
export async function saveResolution(
  client: ReverClient,
  draft: Draft,
  [lineId, resolution]: [string, Resolution],
  report: Report,
  opts?: CallOptions,
): Promise<ReverError | undefined> {
  try {
    const answer = await client.saveClientPreferences(
      draft.session,
      lineId,
      preferencesFor(resolution, draft),
      opts,
    );
    report('resolution-saved', { lineId, resolution, pendingCredit: answer.pending_credit_to_use });
    return undefined;
  } catch (error) {
    if (refusal(error)) return error;
    throw error;
  }
}

/** A function's parameters after the first (the client). */
type Tail<T extends unknown[]> = T extends [unknown, ...infer Rest] ? Rest : never;

/**
 * The later steps' operations over one client, by what each step needs: its Tasks call these
 * and never the client. Each takes the client's call options last (a Task's own options, with
 * its abort signal, will do). Reads of what does not change within a return (reasons, refund
 * and exchange options) are made once per return and shared (see `withReadCache`), so two steps
 * asking is one call.
 */
export function laterEffects(reverClient: ReverClient) {
  const client = withReadCache(reverClient);
  // The client's methods use no `this` (the read cache spreads them too): some serve as they are.
  /* eslint-disable @typescript-eslint/unbound-method */
  const {
    getReturnReasons: reasons,
    getRefundOptions: refundOptions,
    getDropOffPoints: dropOffPoints,
    getPickupSlots: pickupSlots,
    chooseReturnMethod: chooseMethod,
    confirmReturn: confirm,
  } = client;
  /* eslint-enable @typescript-eslint/unbound-method */
  const exchangeOptions = async (
    session: ReturnSession,
    lineIds: readonly string[],
    opts?: CallOptions,
  ): Promise<Map<string, ExchangeOption[]>> => {
    const lists = await Promise.all(
      lineIds.map((id) => client.getExchangeOptions(session, id, opts)),
    );
    return new Map(lineIds.map((id, i) => [id, lists[i] ?? []]));
  };
  return {
    /** The items step: the return reasons, in the shopper's language (two letters). */
    reasons,

    /** The items step: REVER's return brought in line with the picks (see `syncLines`). */
    syncLines: (...args: Tail<Parameters<typeof syncLines>>) => syncLines(client, ...args),

    /** The resolution step: the refund methods REVER offers for this return. */
    refundOptions,

    /** The resolution step: each line's exchange variants, by line id, read in parallel. */
    exchangeOptions,

    /** The resolution step: one line's choice saved (see `saveResolution`). */
    saveResolution: (...args: Tail<Parameters<typeof saveResolution>>) =>
      saveResolution(client, ...args),

    /**
     * The return method step: the methods REVER offers, with the refund options their costs
     * depend on. A REVER (or merchant) without return logistics answers 404: no methods.
     */
    async methodsFor(
      session: ReturnSession,
      opts?: CallOptions,
    ): Promise<{ methods: ReturnMethod[]; refunds: RefundOption[] }> {
      const [methods, refunds] = await Promise.all([
        client.getReturnMethods(session, opts).catch((error: unknown) => {
          if (error instanceof ReverError && error.code === 'not-found') return [];
          throw error;
        }),
        refundOptions(session, opts),
      ]);
      return { methods, refunds };
    },

    /** The return method step: drop-off points near a postcode, for a method. */
    dropOffPoints,

    /** The return method step: a pickup method's free slots. */
    pickupSlots,

    /** The return method step: the one choice, answered with its cost and the totals. */
    chooseMethod,

    /**
     * The review step: what its labels need (the reasons, the refund options, the variants of
     * the exchanged lines), all answered from the reads already made for this return.
     */
    async reviewData(
      session: ReturnSession,
      lang: string,
      exchanged: readonly string[],
      opts?: CallOptions,
    ): Promise<{ reasons: ReturnReason[]; refunds: RefundOption[]; variants: ExchangeOption[] }> {
      const [reasonList, refunds, variants] = await Promise.all([
        reasons(session, lang, opts),
        refundOptions(session, opts),
        exchangeOptions(session, exchanged, opts),
      ]);
      return { reasons: reasonList, refunds, variants: [...variants.values()].flat() };
    },

    /** The review step: the return confirmed (idempotent at REVER: a retry is safe). */
    confirm,

    /** The last step: the shopper's active returns for the confirmed return's order. */
    activeReturns: (session: ReturnSession, orderId: string, opts?: CallOptions) =>
      client.getActiveReturns(session, [orderId], opts),
  };
}

/** The later steps' operations (see `laterEffects`). */
export type LaterEffects = ReturnType<typeof laterEffects>;
