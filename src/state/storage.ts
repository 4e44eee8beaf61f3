/**
 * The draft survives a reload within the tab: sessionStorage, one key per proxy, cleared on
 * confirm and on reset, holding only what the flow needs (no bank account). What is read back
 * is checked like an API answer, since anything on the page can write to sessionStorage; a
 * draft that does not check out is dropped, not trusted.
 */
import { decoders } from '../services/decode.ts';
import {
  goTo,
  type Draft,
  type DraftStep,
  type FlowState,
  type LineChoice,
  type Resolution,
} from './flow.ts';

const PREFIX = 'rever-returns:v1:';

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function rec(v: unknown): Record<string, unknown> {
  if (!isRecord(v)) throw new TypeError('draft: expected an object');
  return v;
}

function text(v: unknown): string {
  if (typeof v !== 'string') throw new TypeError('draft: expected a string');
  return v;
}

function choice(v: unknown): LineChoice {
  const o = rec(v);
  const quantity = o['quantity'];
  if (!Number.isSafeInteger(quantity) || (quantity as number) < 0) {
    throw new TypeError('draft: expected a quantity');
  }
  return {
    quantity: quantity as number,
    reasonId: text(o['reasonId']),
    comment: text(o['comment']),
  };
}

function resolution(v: unknown): Resolution {
  const o = rec(v);
  const variantId = o['variantId'];
  return {
    method: text(o['method']),
    ...(variantId === undefined ? {} : { variantId: text(variantId) }),
  };
}

const byLine = <T>(v: unknown, item: (x: unknown) => T): Record<string, T> =>
  Object.fromEntries(Object.entries(rec(v)).map(([id, x]) => [id, item(x)]));

/** The stored draft, rebuilt field by field: nothing of it is used as it was read. */
function decodeDraft(v: unknown): Draft {
  const d = rec(v);
  const session = rec(d['session']);
  const credit = d['pendingCredit'];
  if (credit !== null && !Number.isSafeInteger(credit)) throw new TypeError('draft: credit');
  return {
    order: decoders.startReturnIntent({ order: d['order'] }, 'draft'),
    orderNumber: text(d['orderNumber']),
    session: {
      returnId: text(session['returnId']),
      customerToken: text(session['customerToken']),
      // The proxy's session token, when it gave one: without it the proxy refuses later calls.
      ...(session['sessionToken'] === undefined
        ? {}
        : { sessionToken: text(session['sessionToken']) }),
    },
    picked: byLine(d['picked'], choice),
    inReturn: byLine(d['inReturn'], choice),
    resolutions: byLine(d['resolutions'], resolution),
    saved: byLine(d['saved'], resolution),
    bankAccount: null,
    pendingCredit: credit as number | null,
  };
}

const STEPS: readonly string[] = ['items', 'resolution', 'review'];

export function loadFlow(proxyUrl: string): FlowState | undefined {
  try {
    const raw = sessionStorage.getItem(PREFIX + proxyUrl);
    if (!raw) return undefined;
    const state = rec(JSON.parse(raw));
    const step = state['step'];
    if (typeof step === 'string' && STEPS.includes(step)) {
      // Entered as the flow enters it: a step whose earlier steps are not done falls back to
      // the furthest one that may be entered.
      const at: FlowState = { step: 'items', draft: decodeDraft(state['draft']) };
      const reachable = STEPS.slice(0, STEPS.indexOf(step) + 1)
        .map((s) => goTo(at, s as DraftStep))
        .filter((s) => s !== at);
      return reachable.at(-1) ?? at;
    }
  } catch {
    // Storage blocked (sandboxed frame, privacy mode) or a draft that does not check out.
  }
  clearFlow(proxyUrl);
  return undefined;
}

export function saveFlow(proxyUrl: string, state: FlowState): void {
  try {
    if (!('draft' in state)) return clearFlow(proxyUrl);
    // The bank account is not kept: once REVER has it the draft needs it no more, and an IBAN
    // has no business lingering in the page's storage. After a reload, a new bank-transfer
    // choice asks for it again.
    const kept = { step: state.step, draft: { ...state.draft, bankAccount: null } };
    sessionStorage.setItem(PREFIX + proxyUrl, JSON.stringify(kept));
  } catch {
    // Full or blocked storage: the flow goes on, it just will not survive a reload.
  }
}

export function clearFlow(proxyUrl: string): void {
  try {
    sessionStorage.removeItem(PREFIX + proxyUrl);
  } catch {
    // Blocked storage holds nothing to clear.
  }
}
