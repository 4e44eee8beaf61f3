/**
 * A stored draft read back. What sessionStorage holds is checked like an API answer, since
 * anything on the page can write there; a draft that does not check out is dropped, not
 * trusted. This module (and the decoders it needs) comes with the later steps, so the ES build's
 * first load carries neither; the root waits for it only when a draft is stored.
 */
import type { ReturnSession } from '../services/client.ts';
import {
  count,
  DecodeError,
  decoders,
  object,
  optional,
  record,
  str,
  type Decoder,
} from '../../contract/decode.ts';
import {
  goTo,
  type Done,
  type Draft,
  type DraftStep,
  type ExchangeLine,
  type FlowState,
  type ReturnLines,
  type LineChoice,
  type Resolution,
  type Shipping,
} from './flow.ts';
import { DRAFT_STEPS } from './steps.ts';
import { clearFlow, storedFlow } from './storage.ts';

// Built from the API answers' own decoders: one way of checking untrusted data, not two.
const choice = object<LineChoice>({ quantity: count, reasonId: str, comment: str });
const resolution = object<Resolution>({
  method: str,
  variantId: optional(str),
  name: optional(str),
  variant: optional(str),
});
const session = object<ReturnSession>({
  returnId: str,
  customerToken: str,
  // The proxy's session token, when it gave one: without it the proxy refuses later calls.
  sessionToken: optional(str),
});

const byLine =
  <T>(item: Decoder<T>): Decoder<Record<string, T>> =>
  (v, path) =>
    Object.fromEntries(
      Object.entries(record(v, path)).map(([id, x]) => [id, item(x, `${path}.${id}`)]),
    );

/** The one item of a list answer's decoder, so a stored item is checked as REVER's answer was. */
const one =
  <T>(key: string, list: Decoder<T[]>): Decoder<T> =>
  (v, path) => {
    const [item] = list({ [key]: [v] }, path);
    if (item === undefined) throw new DecodeError(`${path}: not kept`);
    return item;
  };

/** The return method chosen, as REVER acknowledged it for this return. */
function decodeShipping(v: unknown, returnId: string): Shipping {
  const s = record(v, 'draft.shipping');
  const answer = decoders.chooseReturnMethod(s['answer'], 'draft.shipping.answer');
  if (answer.return_id !== returnId) throw new DecodeError('draft.shipping: another return');
  const point = optional(one('drop_off_points', decoders.getDropOffPoints));
  const slot = optional(one('pickup_slots', decoders.getPickupSlots));
  const p = point(s['point'], 'draft.shipping.point');
  const t = slot(s['slot'], 'draft.shipping.slot');
  return {
    method: one('return_methods', decoders.getReturnMethods)(s['method'], 'draft.shipping.method'),
    answer,
    ...(p ? { point: p } : {}),
    ...(t ? { slot: t } : {}),
  };
}

/** The stored draft, rebuilt field by field: nothing of it is used as it was read. */
function decodeDraft(v: unknown): Draft {
  const d = record(v, 'draft');
  const credit = d['pendingCredit'];
  const returnId = session(d['session'], 'draft.session').returnId;
  return {
    ...(d['shipping'] === undefined ? {} : { shipping: decodeShipping(d['shipping'], returnId) }),
    order: decoders.startReturnIntent({ order: d['order'] }, 'draft'),
    orderNumber: str(d['orderNumber'], 'draft.orderNumber'),
    session: session(d['session'], 'draft.session'),
    picked: byLine(choice)(d['picked'], 'draft.picked'),
    inReturn: byLine(choice)(d['inReturn'], 'draft.inReturn'),
    resolutions: byLine(resolution)(d['resolutions'], 'draft.resolutions'),
    saved: byLine(resolution)(d['saved'], 'draft.saved'),
    bankAccount: null,
    ...(typeof d['accountMask'] === 'string' &&
    /^[A-Z0-9]{4} \u2022{4} [A-Z0-9]{4}$/.test(d['accountMask'])
      ? { accountMask: d['accountMask'] }
      : {}),
    pendingCredit: credit === null ? null : count(credit, 'draft.pendingCredit'),
  };
}

const exchangeLine = object<ExchangeLine>({
  lineId: str,
  name: str,
  variant: str,
  quantity: count,
});

/** A stored confirmation (see saveFlow), rebuilt field by field. */
function decodeDone(v: unknown): Done {
  const d = record(v, 'done');
  const confirmation = decoders.confirmReturn(d['confirmation'], 'done.confirmation');
  const l = d['lines'];
  const lines =
    l === undefined
      ? undefined
      : object<ReturnLines>({
          refundValue: count,
          storeValue: count,
          exchangeValue: count,
          bonus: count,
          exchanges: (x, path) => (Array.isArray(x) ? x.map((e) => exchangeLine(e, path)) : []),
        })(l, 'done.lines');
  return {
    step: 'done',
    orderId: str(d['orderId'], 'done.orderId'),
    orderNumber: str(d['orderNumber'], 'done.orderNumber'),
    session: session(d['session'], 'done.session'),
    confirmation,
    ...(d['shipping'] === undefined
      ? {}
      : { shipping: decodeShipping(d['shipping'], confirmation.return_id) }),
    ...(lines ? { lines } : {}),
  };
}

/** The stored draft, entered as the flow enters it; undefined when it does not check out. */
function readFlow(proxyUrl: string): FlowState | undefined {
  try {
    const raw = storedFlow(proxyUrl);
    if (!raw) return undefined;
    const state = record(JSON.parse(raw), 'stored flow');
    if (state['step'] === 'done') return decodeDone(state['done']);
    if (state['step'] === 'returns') return { step: 'returns', draft: decodeDraft(state['draft']) };
    const index = DRAFT_STEPS.indexOf(state['step'] as DraftStep);
    if (index < 0) return undefined;
    // A step whose earlier steps are not done falls back to the furthest one that may be entered.
    const at = { step: 'items' as DraftStep, draft: decodeDraft(state['draft']) };
    for (const step of DRAFT_STEPS.slice(1, index + 1)) {
      const next = goTo(at, step);
      if (next === at) break;
      at.step = step;
    }
    return at;
  } catch {
    // A draft that is not JSON or does not check out.
    return undefined;
  }
}

const orderNumber = (n: string) => n.trim().replace(/^#/, '');

/**
 * The draft this tab kept for the proxy, read back. One that does not check out is cleared, and
 * so is one for another order than `linked` (the number of a link that starts a lookup by
 * itself, an e-mail's): the link wins.
 */
export function loadFlow(proxyUrl: string, linked = ''): FlowState | undefined {
  const flow = readFlow(proxyUrl);
  const number = flow && ('draft' in flow ? flow.draft.orderNumber : (flow as Done).orderNumber);
  if (flow && (!linked || orderNumber(number!) === orderNumber(linked))) return flow;
  clearFlow(proxyUrl);
  return undefined;
}
