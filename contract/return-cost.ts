/**
 * What a return method costs for a return (assumption k), one rule for the widget and the mock:
 * a method's `costs` name an amount per refund method (or EXCHANGE), a method missing from them is
 * free, and one parcel carries every line, so the return pays the highest amount among the refund
 * methods its lines use. The cost comes out of the money refunded first, then out of the credit,
 * never below zero. Amounts are integers in the currency's minor units, so no rounding happens.
 */
import type { ReturnMethodCost } from './index.ts';

/** The cost of a method for lines resolved with these refund methods (or EXCHANGE). */
export function returnCostFor(
  costs: readonly ReturnMethodCost[],
  methods: Iterable<string>,
): number {
  const chosen = new Set(methods);
  let cost = 0;
  for (const c of costs) if (chosen.has(c.method) && c.amount > cost) cost = c.amount;
  return cost;
}

/** What the shopper gets back once the cost is deducted: from the refund, then from the credit. */
export function afterReturnCost(
  totals: { refund: number; credit: number },
  cost: number,
): { refund: number; credit: number; deducted: number } {
  const fromRefund = Math.min(cost, totals.refund);
  const fromCredit = Math.min(cost - fromRefund, totals.credit);
  return {
    refund: totals.refund - fromRefund,
    credit: totals.credit - fromCredit,
    deducted: fromRefund + fromCredit,
  };
}
