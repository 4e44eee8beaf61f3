/**
 * Return logistics as pure functions (contract notes k–o): what a method costs for the refund
 * methods the shopper chose and whether another would be cheaper, the figures the summary, the
 * review and done show, and a drop-off point's opening hours in the shopper's time. DOM-free and
 * lit-free; node tests drive it.
 */
import type { OpeningHours, ReturnMethod } from '../../contract/index.ts';
import { afterReturnCost, returnCostFor } from '../../contract/return-cost.ts';
import { dateFormat } from './intl.ts';

export { afterReturnCost, returnCostFor };

export interface MethodCost {
  /** What this method costs for the refund methods chosen, in minor units (0: free). */
  amount: number;
  /**
   * The cheapest amount any one refund method would give (`cheaperWith` names it) when it is
   * lower than `amount`: the note "free with store credit" or "cheaper with…".
   */
  cheaper?: { amount: number; with: string };
}

/**
 * The cost of a method for these refund methods, and a cheaper alternative: the refund method
 * (among those offered) that alone would make the parcel free or cheapest.
 */
export function methodCost(
  method: Pick<ReturnMethod, 'costs'>,
  chosen: readonly string[],
  offered: readonly string[],
): MethodCost {
  const amount = returnCostFor(method.costs, chosen);
  let best: { amount: number; with: string } | undefined;
  for (const refund of offered) {
    const alone = returnCostFor(method.costs, [refund]);
    if (alone < amount && (!best || alone < best.amount)) best = { amount: alone, with: refund };
  }
  return best ? { amount, cheaper: best } : { amount };
}

/** The figures every view of the return shows, from the answer to choosing a method (n). */
export interface ReturnFigures {
  /** The value of the returned items, before anything is deducted or added. */
  itemsValue: number;
  /** The store-credit bonus added. */
  bonus: number;
  /** The return cost deducted. */
  returnCost: number;
  /** Money refunded and credit to spend once the cost is deducted (REVER's answer). */
  refundTotal: number;
  creditTotal: number;
}

/**
 * The figures, with REVER's totals as the truth: the value and bonus the widget knows from the
 * lines, the cost and totals from the answer. Items + bonus − cost = refund + credit, to the
 * minor unit, whenever REVER's answer is consistent; `balanced` says whether it is.
 */
export function returnFigures(
  lines: { itemsValue: number; bonus: number },
  answer: { return_cost: number; refund_total: number; pending_credit_to_use: number },
): ReturnFigures & { balanced: boolean } {
  const figures = {
    itemsValue: lines.itemsValue,
    bonus: lines.bonus,
    returnCost: answer.return_cost,
    refundTotal: answer.refund_total,
    creditTotal: answer.pending_credit_to_use,
  };
  return {
    ...figures,
    balanced:
      figures.itemsValue + figures.bonus - figures.returnCost ===
      figures.refundTotal + figures.creditTotal,
  };
}

const minutesOf = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));

/** The weekday (Monday = 1) and minute of the day of an instant in a time zone. */
export function localMoment(now: Date, timeZone?: string): { day: number; minute: number } {
  const parts = dateFormat('en-GB', {
    ...(timeZone ? { timeZone } : {}),
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(now);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  const day = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(get('weekday')) + 1;
  return { day, minute: Number(get('hour')) * 60 + Number(get('minute')) };
}

/** The day before (Monday's is Sunday). */
const dayBefore = (day: number) => (day === 1 ? 7 : day - 1);

/**
 * Whether a place is open at a local moment. An opening whose `closes` is at or before its
 * `opens` runs past midnight (00:00–00:00 is the whole day and night), so the day before's late
 * opening counts in the small hours.
 */
export function isOpenAt(hours: readonly OpeningHours[], at: { day: number; minute: number }) {
  return hours.some((h) => {
    const opens = minutesOf(h.opens);
    const closes = minutesOf(h.closes);
    const overnight = closes <= opens;
    if (h.day === at.day) {
      return overnight ? at.minute >= opens : at.minute >= opens && at.minute < closes;
    }
    return overnight && h.day === dayBefore(at.day) && at.minute < closes;
  });
}

/** The openings of one day, earliest first; none: closed that day. */
export function openingsOn(hours: readonly OpeningHours[], day: number): OpeningHours[] {
  return hours.filter((h) => h.day === day).sort((a, b) => minutesOf(a.opens) - minutesOf(b.opens));
}

/** Open now, today's openings, in the shopper's time zone (the browser's, unless given). */
export function openingState(hours: readonly OpeningHours[], now: Date, timeZone?: string) {
  const at = localMoment(now, timeZone);
  return { open: isOpenAt(hours, at), today: openingsOn(hours, at.day), day: at.day };
}

/** Whether a date (YYYY-MM-DD) is before today in the shopper's time zone. */
export function isPast(date: string, now: Date, timeZone?: string): boolean {
  const today = dateFormat('en-CA', {
    ...(timeZone ? { timeZone } : {}),
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(now);
  return date < today;
}

/** A maps search for an address: an https link, nothing of the page sent along. */
export function mapsUrl(address: {
  line1: string;
  city: string;
  postal_code: string;
  country: string;
}) {
  const query = [address.line1, address.postal_code, address.city, address.country].join(', ');
  return `https://www.openstreetmap.org/search?query=${encodeURIComponent(query)}`;
}

/** The statuses after which REVER waits for nothing (contract note b); others may still. */
const SETTLED = ['COMPLETED', 'FAILED', 'CANCELED'];

/**
 * Whether an active return still waits for its parcel, so its instructions (contract note o) are
 * worth showing: it has them, it is not settled (an unknown status may be waiting), and no
 * carrier tracks the parcel yet.
 */
export function awaitsParcel(item: {
  status: string;
  tracking: unknown;
  logistics?: unknown;
}): boolean {
  return item.logistics !== undefined && item.tracking === null && !SETTLED.includes(item.status);
}
