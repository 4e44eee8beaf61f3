/**
 * The flow's start, all the root needs of it before the later steps load: the first state, and
 * the draft the lookup opens. The rest of the flow (flow.ts) comes with the later steps.
 */
import { returnableUnits } from '../services/order.ts';
import type { Draft, FlowState, LookupResult } from './flow.ts';

type Line = Parameters<typeof returnableUnits>[0];
const returnable = (line: Line) => returnableUnits(line) > 0;
/** Some units of the line are in a return or were returned: the order has returns to show. */
const returned = (line: Line) => line.quantity_in_progress + line.quantity_returned > 0;

export const initialFlow = (): FlowState => ({ step: 'lookup' });

/**
 * The lookup found the order: its return intent opened a return, the session for later calls.
 * An order that already has returns (REVER counts some of its units as returned or in a return)
 * shows them first (the `returns` view, with "Return more items" when anything is left), and so
 * does one with nothing left to return, rather than a dead end; any other opens on its items.
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
    step:
      order.line_items.some(returnable) && !order.line_items.some(returned) ? 'items' : 'returns',
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
