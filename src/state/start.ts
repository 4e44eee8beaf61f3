/**
 * The flow's start, all the root needs of it before the later steps load: the first state, and
 * the draft the lookup opens. The rest of the flow (flow.ts) comes with the later steps.
 */
import { returnableUnits } from '../services/order.ts';
import type { Draft, FlowState, LookupResult } from './flow.ts';

const returnable = (line: Parameters<typeof returnableUnits>[0]) => returnableUnits(line) > 0;

export const initialFlow = (): FlowState => ({ step: 'lookup' });

/**
 * The lookup found the order: its return intent opened a return, the session for later calls.
 * An order with nothing left to return shows its returns (the `returns` view), else its items.
 */
export function orderFound(
  _state: FlowState,
  { order, orderNumber, sessionToken }: LookupResult,
): FlowState {
  const session: Draft['session'] = {
    returnId: order.return_id,
    customerToken: order.customer_token,
  };
  if (sessionToken) session.sessionToken = sessionToken;
  return {
    // An order with nothing left to return shows its returns rather than a dead end.
    step: order.line_items.some(returnable) ? 'items' : 'returns',
    draft: {
      order,
      orderNumber,
      session,
      picked: {},
      inReturn: {},
      resolutions: {},
      saved: {},
      bankAccount: null,
      pendingCredit: null,
    },
  };
}
