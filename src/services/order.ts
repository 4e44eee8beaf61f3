/** What the contract says about a line's returnable units, as pure functions. */
import type { OrderLineItem } from '../../contract/index.ts';

/** quantity − in progress − returned − not returnable, never below 0. */
export function returnableUnits(line: OrderLineItem): number {
  return Math.max(
    0,
    line.quantity -
      line.quantity_in_progress -
      line.quantity_returned -
      line.quantity_not_returnable,
  );
}

export type UnreturnableReason = 'returned' | 'in-progress' | 'not-returnable';

/** Why a line has nothing left to return: the largest share of its units decides. */
export function unreturnableReason(line: OrderLineItem): UnreturnableReason {
  const shares: [UnreturnableReason, number][] = [
    ['not-returnable', line.quantity_not_returnable],
    ['in-progress', line.quantity_in_progress],
    ['returned', line.quantity_returned],
  ];
  return shares.reduce((a, b) => (b[1] > a[1] ? b : a))[0];
}
