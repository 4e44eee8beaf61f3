/**
 * The draft survives a reload within the tab: sessionStorage, one key per proxy, cleared on
 * confirm and on reset, holding only what the flow needs (no bank account). What is read back
 * is checked like an API answer, since anything on the page can write to sessionStorage; a
 * draft that does not check out is dropped, not trusted.
 */
import { decoders } from '../services/decode.ts';
import type { FlowState } from './flow.ts';

const PREFIX = 'rever-returns:v1:';

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function checkDraftShape(draft: Record<string, unknown>): boolean {
  decoders.startReturnIntent({ order: draft['order'] }, 'draft');
  const session = draft['session'];
  return (
    typeof draft['orderNumber'] === 'string' &&
    isRecord(session) &&
    typeof session['returnId'] === 'string' &&
    typeof session['customerToken'] === 'string' &&
    ['string', 'undefined'].includes(typeof session['sessionToken']) &&
    ['picked', 'inReturn', 'resolutions', 'saved'].every((k) => isRecord(draft[k])) &&
    (draft['bankAccount'] === null || isRecord(draft['bankAccount'])) &&
    (draft['pendingCredit'] === null || Number.isSafeInteger(draft['pendingCredit']))
  );
}

export function loadFlow(proxyUrl: string): FlowState | undefined {
  try {
    const raw = sessionStorage.getItem(PREFIX + proxyUrl);
    if (!raw) return undefined;
    const state = JSON.parse(raw) as unknown;
    if (
      isRecord(state) &&
      ['items', 'resolution', 'review'].includes(state['step'] as string) &&
      isRecord(state['draft']) &&
      checkDraftShape(state['draft'])
    ) {
      return state as FlowState;
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
