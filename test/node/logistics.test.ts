// Return logistics as pure functions: the cost of a method per refund method and the cheaper
// alternative, figures that add up to the minor unit in EUR, JPY and KWD, and opening hours (open
// now, closed now, past midnight, a closed day) in the shopper's time zone.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  afterReturnCost,
  awaitsParcel,
  isOpenAt,
  isPast,
  localMoment,
  mapsUrl,
  methodCost,
  openingState,
  openingsOn,
  returnCostFor,
  returnFigures,
} from '../../src/services/logistics.ts';
import { formatMoney } from '../../src/services/money.ts';
import type { OpeningHours } from '../../contract/index.ts';

const PICKUP = {
  costs: [
    { method: 'ORIGINAL_PAYMENT_METHOD', amount: 600 },
    { method: 'BANK_TRANSFER', amount: 700 },
  ],
};
const OFFERED = ['ORIGINAL_PAYMENT_METHOD', 'BANK_TRANSFER', 'GIFT_CARD', 'STORE_CREDIT'];

describe('what a return method costs', () => {
  it('is the highest amount among the refund methods chosen; a method not listed is free', () => {
    assert.equal(returnCostFor(PICKUP.costs, ['ORIGINAL_PAYMENT_METHOD']), 600);
    assert.equal(returnCostFor(PICKUP.costs, ['ORIGINAL_PAYMENT_METHOD', 'BANK_TRANSFER']), 700);
    assert.equal(returnCostFor(PICKUP.costs, ['STORE_CREDIT', 'EXCHANGE']), 0);
    assert.equal(returnCostFor([], ['BANK_TRANSFER']), 0);
  });

  it('names the refund method that would make it free or cheapest', () => {
    assert.deepEqual(methodCost(PICKUP, ['BANK_TRANSFER'], OFFERED), {
      amount: 700,
      cheaper: { amount: 0, with: 'GIFT_CARD' },
    });
    assert.deepEqual(methodCost(PICKUP, ['STORE_CREDIT'], OFFERED), { amount: 0 });
    // Only what is offered counts: without a free method, the cheaper paid one is named.
    assert.deepEqual(
      methodCost(PICKUP, ['BANK_TRANSFER'], ['ORIGINAL_PAYMENT_METHOD', 'BANK_TRANSFER']),
      {
        amount: 700,
        cheaper: { amount: 600, with: 'ORIGINAL_PAYMENT_METHOD' },
      },
    );
  });

  it('comes out of the refund, then the credit, never below zero (property)', () => {
    fc.assert(
      fc.property(fc.nat(10 ** 9), fc.nat(10 ** 9), fc.nat(10 ** 9), (refund, credit, cost) => {
        const after = afterReturnCost({ refund, credit }, cost);
        assert.ok(after.refund >= 0 && after.credit >= 0);
        assert.equal(after.deducted, Math.min(cost, refund + credit));
        assert.equal(after.refund + after.credit + after.deducted, refund + credit);
        if (cost <= refund) assert.equal(after.credit, credit);
      }),
    );
  });
});

describe('the figures the summary, review and done show', () => {
  for (const [currency, items, bonus, cost, shown] of [
    ['EUR', 12900, 0, 600, ['€129.00', '€6.00', '€123.00']],
    ['JPY', 12800, 0, 500, ['¥12,800', '¥500', '¥12,300']],
    ['KWD', 12625, 0, 1500, ['KWD 12.625', 'KWD 1.500', 'KWD 11.125']],
  ] as const) {
    it(`${currency}: items − cost = refund, to the minor unit, and formatted with its decimals`, () => {
      const figures = returnFigures(
        { itemsValue: items, bonus },
        { return_cost: cost, refund_total: items - cost, pending_credit_to_use: 0 },
      );
      assert.equal(figures.balanced, true);
      assert.deepEqual(
        [figures.itemsValue, figures.returnCost, figures.refundTotal].map((m) =>
          formatMoney(m, currency, 'en-US').replace(/\u00a0/g, ' '),
        ),
        shown,
      );
    });
  }

  it('says when REVER’s answer does not add up', () => {
    const figures = returnFigures(
      { itemsValue: 1000, bonus: 100 },
      { return_cost: 0, refund_total: 0, pending_credit_to_use: 1000 },
    );
    assert.equal(figures.balanced, false);
  });

  it('adds up for any split between refund and credit (property)', () => {
    fc.assert(
      fc.property(
        fc.nat(10 ** 8),
        fc.nat(10 ** 8),
        fc.nat(10 ** 6),
        fc.nat(10 ** 7),
        (money, credit, bonus, cost) => {
          const after = afterReturnCost({ refund: money, credit: credit + bonus }, cost);
          const figures = returnFigures(
            { itemsValue: money + credit, bonus },
            {
              return_cost: after.deducted,
              refund_total: after.refund,
              pending_credit_to_use: after.credit,
            },
          );
          assert.equal(figures.balanced, true);
        },
      ),
    );
  });
});

const week = (opens: string, closes: string, days = [1, 2, 3, 4, 5, 6, 7]): OpeningHours[] =>
  days.map((day) => ({ day, opens, closes }));
const at = (day: number, time: string) => ({
  day,
  minute: Number(time.slice(0, 2)) * 60 + Number(time.slice(3)),
});

describe('opening hours', () => {
  const office = [
    ...week('09:30', '14:00', [1, 2, 3, 4, 5]),
    ...week('17:00', '20:30', [1, 2, 3, 4, 5]),
  ];
  const lateShop = week('18:00', '02:00', [1, 2, 3, 4, 5, 6]); // closed on Sundays

  it('is open inside an opening and closed outside it (the lunch break, the evening)', () => {
    assert.equal(isOpenAt(office, at(2, '09:30')), true);
    assert.equal(isOpenAt(office, at(2, '13:59')), true);
    assert.equal(isOpenAt(office, at(2, '14:00')), false);
    assert.equal(isOpenAt(office, at(2, '18:00')), true);
    assert.equal(isOpenAt(office, at(2, '20:30')), false);
  });

  it('runs past midnight into the next day, also from Saturday into a closed Sunday', () => {
    assert.equal(isOpenAt(lateShop, at(3, '23:59')), true);
    assert.equal(isOpenAt(lateShop, at(4, '01:59')), true);
    assert.equal(isOpenAt(lateShop, at(4, '02:00')), false);
    assert.equal(isOpenAt(lateShop, at(7, '01:00')), true); // Saturday's night
    assert.equal(isOpenAt(lateShop, at(7, '19:00')), false); // closed on Sunday
    assert.equal(isOpenAt(lateShop, at(1, '01:00')), false); // no Sunday night to run from
  });

  it('is open all day and night with 00:00–00:00, and closed on a day with no openings', () => {
    const always = week('00:00', '00:00');
    for (const time of ['00:00', '12:00', '23:59'])
      assert.equal(isOpenAt(always, at(5, time)), true);
    assert.equal(isOpenAt(office, at(6, '10:00')), false);
    assert.deepEqual(openingsOn(office, 6), []);
    assert.deepEqual(
      openingsOn(office, 1).map((h) => h.opens),
      ['09:30', '17:00'],
    );
  });

  it('reads now in the shopper’s time zone, not UTC', () => {
    // Tuesday 1 Dec 2026, 16:30 UTC: 01:30 on Wednesday in Tokyo, 17:30 on Tuesday in Madrid.
    const now = new Date('2026-12-01T16:30:00Z');
    assert.deepEqual(localMoment(now, 'Asia/Tokyo'), at(3, '01:30'));
    assert.deepEqual(localMoment(now, 'Europe/Madrid'), at(2, '17:30'));
    assert.equal(openingState(lateShop, now, 'Asia/Tokyo').open, true); // Tuesday's night
    assert.equal(openingState(office, now, 'Europe/Madrid').open, true);
    assert.equal(openingState(office, now, 'Asia/Tokyo').open, false); // 01:30 on Wednesday
  });

  it('tells a past return deadline by the shopper’s date', () => {
    const now = new Date('2026-12-01T23:30:00Z'); // already 2 Dec in Tokyo
    assert.equal(isPast('2026-12-01', now, 'Asia/Tokyo'), true);
    assert.equal(isPast('2026-12-01', now, 'Europe/London'), false);
  });

  it('links a maps search over https with the address encoded', () => {
    const url = new URL(
      mapsUrl({ line1: 'Calle del Carmen 4', city: 'Madrid', postal_code: '28013', country: 'ES' }),
    );
    assert.equal(url.protocol, 'https:');
    assert.equal(url.searchParams.get('query'), 'Calle del Carmen 4, 28013, Madrid, ES');
  });
});

describe('a return waiting for its parcel', () => {
  const logistics = { type: 'DROP_OFF', qr_code: 'RVR1|ret_1' };
  const tracking = { carrier: 'UPS', tracking_number: '1Z', tracking_url: 'https://t.example' };

  it('waits while running or on hold, untracked, with instructions', () => {
    assert.equal(awaitsParcel({ status: 'RUNNING', tracking: null, logistics }), true);
    assert.equal(awaitsParcel({ status: 'ON_HOLD', tracking: null, logistics }), true);
    // A status REVER adds later may be one of waiting: the instructions still show.
    assert.equal(awaitsParcel({ status: 'AWAITING_DROP_OFF', tracking: null, logistics }), true);
  });

  it('waits no more once settled, tracked, or without instructions', () => {
    for (const status of ['COMPLETED', 'FAILED', 'CANCELED']) {
      assert.equal(awaitsParcel({ status, tracking: null, logistics }), false, status);
    }
    assert.equal(awaitsParcel({ status: 'RUNNING', tracking, logistics }), false);
    assert.equal(awaitsParcel({ status: 'RUNNING', tracking: null }), false);
  });
});
