/**
 * A stored draft read back. What sessionStorage holds is checked like an API answer, since
 * anything on the page can write there; a draft that does not check out is dropped, not
 * trusted. This module (and the decoders it needs) comes with the later steps, so the ES build's
 * first load carries neither; the root waits for it only when a draft is stored.
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
import { clearFlow, storedFlow } from './storage.ts';

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
    const raw = storedFlow(proxyUrl);
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
    // A draft that is not JSON or does not check out.
  }
  clearFlow(proxyUrl);
  return undefined;
}
