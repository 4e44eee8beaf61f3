/**
 * The flow's start, all the root needs of it before the later steps load: the first state, and
 * the draft the lookup opens. The rest of the flow (flow.ts) comes with the later steps.
 */
import type { Draft, FlowState, LookupResult } from './flow.ts';

export const initialFlow = (): FlowState => ({ step: 'lookup' });

/** The lookup found the order: its return intent opened a return, the session for later calls. */
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
    step: 'items',
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
