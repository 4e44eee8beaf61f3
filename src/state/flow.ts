/**
 * The flow as pure functions: state in, next state out. The root element owns one `FlowState`
 * and renders the step it names; nothing here touches the DOM.
 */
import type { ReturnSession } from '../services/client.ts';
import type { Order } from '../services/contract.ts';

export type FlowState =
  { step: 'lookup' } | { step: 'items'; order: Order; orderNumber: string; session: ReturnSession };

/** What the lookup step found: the order, and the number the shopper knows it by. */
export interface LookupResult {
  order: Order;
  orderNumber: string;
}

export const initialFlow = (): FlowState => ({ step: 'lookup' });

/** The lookup found the order: its return intent opened a return, the session for later calls. */
export function orderFound(_state: FlowState, { order, orderNumber }: LookupResult): FlowState {
  return {
    step: 'items',
    order,
    orderNumber,
    session: { returnId: order.return_id, customerToken: order.customer_token },
  };
}
