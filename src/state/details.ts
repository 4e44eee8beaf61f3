/**
 * What the root's public events say, made from the flow (see `events.ts`): no DOM here, so node
 * tests check them. Part of the first load; the confirmed return's is in confirmed.ts, with the
 * later steps.
 */
import type { OrderFoundDetail, ReverErrorDetail } from '../events.ts';
import type { Order } from '../../contract/index.ts';
import { ReverError } from '../services/errors.ts';
import { returnableUnits } from '../services/order.ts';
import type { StepName } from './steps.ts';

/** `rever-order-found`: the order, and how many of its lines have something left to return. */
export const orderFoundDetail = (order: Order): OrderFoundDetail => ({
  orderId: order.id,
  currency: order.currency,
  lineCount: order.line_items.length,
  returnableLineCount: order.line_items.filter((l) => returnableUnits(l) > 0).length,
});

/** `rever-error`: a step's failure by its code (anything not a ReverError is a bad response). */
export function errorDetail(error: unknown, step: StepName): ReverErrorDetail {
  const code = error instanceof ReverError ? error.code : 'bad-response';
  const status = error instanceof ReverError ? error.status : undefined;
  return { code, step, ...(status ? { status } : {}) };
}
