/** What `rever-return-confirmed` says, made from the flow once done (see `events.ts`). */
import type { ConfirmResponse } from '../../contract/index.ts';
import type { ReturnConfirmedDetail } from '../events.ts';
import { doneFigures, type Done } from './flow.ts';

/**
 * REVER's confirmation with the order, and the credit as the shopper was shown it (an exchange
 * is no credit, whatever REVER counts), the return cost and method when one was chosen.
 */
export function confirmedDetail(done: Done, confirmation: ConfirmResponse): ReturnConfirmedDetail {
  const figures = doneFigures(done);
  return {
    returnId: confirmation.return_id,
    orderId: done.orderId,
    status: confirmation.status,
    refundTotal: confirmation.summary.refund_total,
    creditTotal: figures ? figures.credit : confirmation.summary.credit_total,
    currency: confirmation.summary.currency,
    returnCost: done.shipping?.answer.return_cost ?? 0,
    returnMethod: done.shipping?.method.type ?? null,
  };
}
