/**
 * The draft survives a reload within the tab: sessionStorage, one key per proxy, cleared on
 * reset (a confirmed return is kept as its confirmation, so a reload shows it again), holding only what the flow needs (no bank account). Reading it back is
 * restore.ts's work, which checks every field; this module only writes, clears and tells
 * whether there is a draft to restore.
 */
import type { FlowState } from './flow.ts';

const PREFIX = 'rever-returns:v1:';

/** The stored draft as it was written (unchecked), or null when there is none or no storage. */
export function storedFlow(proxyUrl: string): string | null {
  try {
    return sessionStorage.getItem(PREFIX + proxyUrl);
  } catch {
    // Storage blocked (sandboxed frame, privacy mode): nothing to restore.
    return null;
  }
}

export function saveFlow(proxyUrl: string, state: FlowState): void {
  try {
    if (state.step === 'lookup') return clearFlow(proxyUrl);
    if (state.step === 'done') {
      // The confirmation, so a reload shows it again: no personal data (a pickup's address is
      // the shopper's home, so the pickup's details go; the rest is REVER's answer).
      const { confirmation: c, shipping: s } = state;
      const logistics = c.logistics && { ...c.logistics, pickup: undefined };
      const done = {
        ...state,
        confirmation: { ...c, logistics },
        shipping: s && { method: s.method, answer: s.answer, point: s.point, slot: s.slot },
      };
      return sessionStorage.setItem(PREFIX + proxyUrl, JSON.stringify({ step: 'done', done }));
    }
    // The bank account is not kept: once REVER has it the draft needs it no more, and an IBAN
    // has no business lingering in the page's storage. After a reload, a new bank-transfer
    // choice asks for it again. Nor the order's shipping address (a name and a home): the
    // return step reads it from REVER again when it needs it. Of the return method, the choice
    // as REVER acknowledged it (the method, the carrier's point or the slot, the cost answered),
    // never the pickup address or phone the shopper typed.
    const order = { ...state.draft.order, shipping_address: undefined };
    const s = state.draft.shipping;
    const shipping = s && { method: s.method, answer: s.answer, point: s.point, slot: s.slot };
    const kept = {
      step: state.step,
      draft: { ...state.draft, order, bankAccount: null, shipping },
    };
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
