import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ConfirmResponse, Order } from '../../contract/index.ts';
import {
  bankAccountNeeded,
  canEnter,
  chooseResolution,
  confirmed,
  creditFigures,
  doneFigures,
  goTo,
  initialFlow,
  lineRemoved,
  lineUncertain,
  lineValue,
  orderFound,
  pickLine,
  preferencesFor,
  resolutionDecided,
  resolutionSaved,
  returnLinesChanged,
  setBankAccount,
  syncPlan,
  unsavedResolutions,
  travel,
  type Draft,
  type FlowState,
} from '../../src/state/flow.ts';
import { applyIntent } from '../../src/state/intents.ts';

const line = (id: string, patch: object = {}) => ({
  id,
  name: `Item ${id}`,
  variant_name: 'M',
  quantity: 3,
  quantity_in_progress: 0,
  quantity_returned: 0,
  quantity_not_returnable: 0,
  available_return_reasons: [{ id: 'r1' }],
  total: 3000,
  product: { images: [] },
  ...patch,
});

const order: Order = {
  id: 'o1',
  currency: 'EUR',
  return_id: 'ret_1',
  customer_token: 'tok',
  line_items: [
    line('a'),
    line('b', { quantity: 1, total: 1999 }),
    line('c', { quantity_returned: 3 }),
  ],
};

function draftOf(state: FlowState): Draft {
  assert.ok('draft' in state);
  return state.draft;
}

/** Some fields of an object, for a comparison of those alone. */
const pick = <T extends object, K extends keyof T>(o: T, ...keys: K[]) =>
  Object.fromEntries(keys.map((k) => [k, o[k]])) as Pick<T, K>;

const start = () => draftOf(orderFound(initialFlow(), { order, orderNumber: '1001' }));
const choice = (quantity = 1, reasonId = 'r1') => ({ quantity, reasonId, comment: '' });
const inReturn = (...items: [string, number][]) => ({
  return_id: 'ret_1',
  line_items: items.map(([id, q]) => ({ line_item_id: id, quantity: q, return_reason_id: 'r1' })),
});

describe('the flow', () => {
  it('opens the items step of an order without returns, with the session of the intent', () => {
    const fresh: Order = { ...order, line_items: [line('a'), line('b', { quantity: 1 })] };
    const state = orderFound(initialFlow(), { order: fresh, orderNumber: '1001' });
    assert.equal(state.step, 'items');
    assert.deepEqual(draftOf(state).session, { returnId: 'ret_1', customerToken: 'tok' });
  });

  it('shows the returns first when REVER counts units returned or in a return, items left or not', () => {
    // Line c was returned: the order has a return, and a and b are left.
    assert.equal(orderFound(initialFlow(), { order, orderNumber: '1001' }).step, 'returns');
    const inProgress: Order = { ...order, line_items: [line('a', { quantity_in_progress: 1 })] };
    assert.equal(
      orderFound(initialFlow(), { order: inProgress, orderNumber: '1' }).step,
      'returns',
    );
    const nothingLeft: Order = {
      ...order,
      line_items: [line('a', { quantity_not_returnable: 3 }), line('c', { quantity_returned: 3 })],
    };
    assert.equal(
      orderFound(initialFlow(), { order: nothingLeft, orderNumber: '1' }).step,
      'returns',
    );
  });

  it('leads from the returns to the items ("Return more items", or Continue) and back', () => {
    const returns = orderFound(initialFlow(), { order, orderNumber: '1001' });
    const more = applyIntent(returns, { type: 'go-to', detail: { step: 'items' } });
    assert.equal(more.step, 'items');
    assert.equal(draftOf(more), draftOf(returns));
    assert.equal(applyIntent(returns, { type: 'step-done', detail: null }).step, 'items');
    const picked = applyIntent(more, {
      type: 'pick-change',
      detail: { lineId: 'a', choice: choice() },
    });
    // The browser's Back from the items: the returns again, the pick kept.
    const back = travel(picked, undefined, 'returns');
    assert.equal(back.flow.step, 'returns');
    assert.deepEqual(draftOf(back.flow).picked, { a: choice() });
    assert.equal(travel(back.flow, undefined, 'items').flow.step, 'items');
  });

  it('keeps a picked quantity between 1 and the returnable units', () => {
    let d = pickLine(start(), 'a', choice(9));
    assert.equal(d.picked['a']?.quantity, 3);
    d = pickLine(d, 'a', choice(0));
    assert.equal(d.picked['a']?.quantity, 1);
    d = pickLine(d, 'a', choice(Number.NaN));
    assert.equal(d.picked['a']?.quantity, 1);
  });

  it('refuses to pick a line with nothing returnable, or one not in the order', () => {
    const d = start();
    assert.equal(pickLine(d, 'c', choice()), d);
    assert.equal(pickLine(d, 'zzz', choice()), d);
  });

  it('plans only the calls that differ from what REVER holds', () => {
    let d = pickLine(pickLine(start(), 'a', choice(2)), 'b', choice());
    assert.deepEqual(syncPlan(d), {
      add: [
        ['a', choice(2)],
        ['b', choice()],
      ],
      remove: [],
    });
    d = returnLinesChanged(d, inReturn(['a', 2], ['b', 1]));
    assert.deepEqual(syncPlan(d), { add: [], remove: [] });
    d = pickLine(pickLine(d, 'b', null), 'a', choice(3));
    assert.deepEqual(syncPlan(d), { add: [['a', choice(3)]], remove: ['b'] });
  });

  it('enters each step only when the ones before it are done', () => {
    let state: FlowState = orderFound(initialFlow(), { order, orderNumber: '1001' });
    assert.equal(goTo(state, 'resolution'), state, 'nothing picked yet');
    state = { step: 'items', draft: pickLine(draftOf(state), 'a', choice()) };
    assert.equal(goTo(state, 'resolution'), state, 'picked but not in the return');
    state = { step: 'items', draft: returnLinesChanged(draftOf(state), inReturn(['a', 1])) };
    state = goTo(state, 'resolution');
    assert.equal(state.step, 'resolution');
    assert.equal(goTo(state, 'review').step, 'resolution', 'no resolution saved');
    const d = chooseResolution(draftOf(state), 'a', { method: 'GIFT_CARD' });
    assert.equal(canEnter(d, 'review'), false, 'chosen but not saved');
    state = goTo(
      { step: 'resolution', draft: resolutionSaved(d, 'a', { method: 'GIFT_CARD' }, 0) },
      'review',
    );
    assert.equal(state.step, 'review');
    assert.equal(goTo(state, 'items').step, 'items', 'back always works');
  });

  it('keeps every choice when going back and forth', () => {
    let d = returnLinesChanged(pickLine(start(), 'a', choice(2)), inReturn(['a', 2]));
    d = resolutionSaved(
      chooseResolution(d, 'a', { method: 'STORE_CREDIT' }),
      'a',
      { method: 'STORE_CREDIT' },
      2200,
    );
    const there = goTo({ step: 'review', draft: d }, 'items');
    const back = goTo(goTo(there, 'resolution'), 'review');
    assert.equal(back.step, 'review');
    assert.deepEqual(draftOf(back), d);
  });

  it('asks to save a resolution again when the quantity changed, and drops removed lines', () => {
    let d = returnLinesChanged(
      pickLine(pickLine(start(), 'a', choice(1)), 'b', choice()),
      inReturn(['a', 1], ['b', 1]),
    );
    d = chooseResolution(chooseResolution(d, 'a', { method: 'GIFT_CARD' }), 'b', {
      method: 'GIFT_CARD',
    });
    d = resolutionSaved(
      resolutionSaved(d, 'a', { method: 'GIFT_CARD' }, 0),
      'b',
      { method: 'GIFT_CARD' },
      0,
    );
    d = returnLinesChanged(d, inReturn(['a', 2]));
    assert.deepEqual(d.resolutions, { a: { method: 'GIFT_CARD' } });
    assert.deepEqual(d.saved, {});
    assert.deepEqual(unsavedResolutions(d), [['a', { method: 'GIFT_CARD' }]]);
  });

  it('waits for a bank account and a variant before saving those choices', () => {
    let d = returnLinesChanged(
      pickLine(pickLine(start(), 'a', choice()), 'b', choice()),
      inReturn(['a', 1], ['b', 1]),
    );
    d = chooseResolution(d, 'a', { method: 'BANK_TRANSFER' });
    d = chooseResolution(d, 'b', { method: 'EXCHANGE' });
    assert.deepEqual(unsavedResolutions(d), []);
    d = setBankAccount(d, { iban: 'ES9121000418450200051332', holder: 'Ana' });
    d = chooseResolution(d, 'b', { method: 'EXCHANGE', variantId: 'v2' });
    assert.deepEqual(
      unsavedResolutions(d).map(([id]) => id),
      ['a', 'b'],
    );
    assert.deepEqual(preferencesFor({ method: 'BANK_TRANSFER' }, d), {
      method: 'BANK_TRANSFER',
      bank_account: { iban: 'ES9121000418450200051332', holder: 'Ana' },
    });
    assert.deepEqual(preferencesFor({ method: 'EXCHANGE', variantId: 'v2' }, d), {
      method: 'EXCHANGE',
      exchange_variant_id: 'v2',
    });
    d = resolutionSaved(d, 'a', { method: 'BANK_TRANSFER' }, 0);
    d = setBankAccount(d, { iban: 'DE89370400440532013000', holder: 'Ana' });
    assert.equal(d.saved['a'], undefined, 'a new account is sent again');
  });

  it('counts a choice as made once its variant or bank account is there, saved or not', () => {
    let d = returnLinesChanged(
      pickLine(pickLine(start(), 'a', choice()), 'b', choice()),
      inReturn(['a', 1], ['b', 1]),
    );
    assert.equal(resolutionDecided(d, 'a'), false, 'nothing chosen');
    d = chooseResolution(d, 'a', { method: 'BANK_TRANSFER' });
    d = chooseResolution(d, 'b', { method: 'EXCHANGE' });
    assert.equal(resolutionDecided(d, 'a'), false, 'a transfer without an account');
    assert.equal(resolutionDecided(d, 'b'), false, 'an exchange without a variant');
    d = chooseResolution(d, 'b', { method: 'EXCHANGE', variantId: 'v2' });
    assert.equal(resolutionDecided(d, 'b'), true);
    d = setBankAccount(d, { iban: 'ES9121000418450200051332', holder: 'Ana' });
    assert.equal(resolutionDecided(d, 'a'), true);
    d = chooseResolution(d, 'a', { method: 'GIFT_CARD' });
    assert.equal(resolutionDecided(setBankAccount(d, null), 'a'), true, 'no account needed');
  });

  it('asks for the bank account while a transfer waits for it, and shows one it holds', () => {
    let d = returnLinesChanged(pickLine(start(), 'a', choice()), inReturn(['a', 1]));
    assert.equal(bankAccountNeeded(d), false);
    d = chooseResolution(d, 'a', { method: 'BANK_TRANSFER' });
    assert.equal(bankAccountNeeded(d), true, 'a transfer chosen, no account yet');
    d = setBankAccount(d, { iban: 'ES9121000418450200051332', holder: 'Ana' });
    d = resolutionSaved(d, 'a', { method: 'BANK_TRANSFER' }, 0);
    assert.equal(bankAccountNeeded(d), true, 'the account held is shown');
    // After a reload the account is not kept: a saved transfer needs it no more.
    assert.equal(bankAccountNeeded(setBankAccount(d, null)), true, 'saving it again asks again');
    const reloaded = { ...d, bankAccount: null };
    assert.equal(bankAccountNeeded(reloaded), false, 'a saved transfer after a reload');
    d = chooseResolution(reloaded, 'a', { method: 'GIFT_CARD' });
    assert.equal(bankAccountNeeded(d), false);
  });

  it('shares a line total across its units', () => {
    assert.equal(lineValue(line('x', { quantity: 3, total: 1000 }), 1), 333);
    assert.equal(lineValue(line('x', { quantity: 3, total: 1000 }), 3), 1000);
    assert.equal(lineValue(line('x', { quantity: 0, total: 1000 }), 1), 0);
  });

  it('adds up refunds, credit and the store-credit bonus', () => {
    let d = returnLinesChanged(
      pickLine(pickLine(start(), 'a', choice(2)), 'b', choice()),
      inReturn(['a', 2], ['b', 1]),
    );
    d = resolutionSaved(d, 'a', { method: 'STORE_CREDIT' }, 0);
    d = resolutionSaved(d, 'b', { method: 'ORIGINAL_PAYMENT_METHOD' }, 0);
    d = { ...d, pendingCredit: null };
    const options = [{ method: 'STORE_CREDIT', bonus_percentage: 10 }];
    // a: 2 of 3 units of 30.00 = 20.00, +10 % = 22.00 credit; b: 19.99 refunded.
    assert.deepEqual(
      pick(creditFigures(d, options), 'refundTotal', 'credit', 'bonus', 'itemsValue'),
      { refundTotal: 1999, credit: 2200, bonus: 200, itemsValue: 3999 },
    );
    assert.equal(
      creditFigures({ ...d, pendingCredit: 2150 }, options).credit,
      2150,
      "REVER's figure wins",
    );
  });

  it('counts an exchange as no money: named by its replacement, in neither total', () => {
    let d = returnLinesChanged(
      pickLine(pickLine(start(), 'a', choice(1)), 'b', choice()),
      inReturn(['a', 1], ['b', 1]),
    );
    const exchange = { method: 'EXCHANGE', variantId: 'v_l', name: 'Linen shirt', variant: 'L' };
    // REVER counts the exchanged unit (10.00) in its credit figure: the shopper must not see it.
    d = resolutionSaved(d, 'a', exchange, 1000);
    const only = creditFigures(d, []);
    assert.deepEqual(pick(only, 'refundTotal', 'credit', 'refunded', 'credited', 'itemsValue'), {
      refundTotal: 0,
      credit: 0,
      refunded: false,
      credited: false,
      itemsValue: 0,
    });
    assert.deepEqual(only.exchanges, [
      { lineId: 'a', name: 'Linen shirt', variant: 'L', quantity: 1 },
    ]);
    d = resolutionSaved(d, 'b', { method: 'STORE_CREDIT' }, 1000 + 1999);
    assert.equal(creditFigures(d, []).credit, 1999, 'store credit alone');
    // The confirmed return's figures, and so the event's creditTotal, leave it out too.
    const done = confirmed(
      { step: 'review', draft: d },
      {
        return_id: 'ret_1',
        status: 'RUNNING',
        summary: { refund_total: 0, credit_total: 2999, currency: 'EUR' },
      },
    );
    assert.ok(done.step === 'done');
    assert.equal(doneFigures(done)?.credit, 1999);
    assert.deepEqual(
      doneFigures(done)?.exchanges.map((x) => x.name),
      ['Linen shirt'],
    );
  });

  it('gives no figure while a changed choice is not saved yet', () => {
    let d = returnLinesChanged(pickLine(start(), 'b', choice()), inReturn(['b', 1]));
    d = chooseResolution(d, 'b', { method: 'STORE_CREDIT' });
    d = resolutionSaved(d, 'b', { method: 'STORE_CREDIT' }, 1999);
    assert.equal(creditFigures(d, []).pending, false);
    d = chooseResolution(d, 'b', { method: 'ORIGINAL_PAYMENT_METHOD' });
    assert.equal(creditFigures(d, []).pending, true, 'the store credit of before is not shown');
    d = resolutionSaved(d, 'b', { method: 'ORIGINAL_PAYMENT_METHOD' }, 0);
    assert.equal(creditFigures(d, []).pending, false);
    assert.equal(creditFigures(d, []).refundTotal, 1999);
  });

  it('ends in done with the confirmation, from a draft only', () => {
    const confirmation = {
      return_id: 'ret_1',
      status: 'RUNNING',
      summary: { refund_total: 0, credit_total: 0, currency: 'EUR' },
    };
    assert.deepEqual(confirmed(initialFlow(), confirmation), initialFlow());
    const done = confirmed({ step: 'review', draft: start() }, confirmation);
    assert.equal(done.step, 'done');
    assert.ok(done.step === 'done' && done.orderId === 'o1' && done.orderNumber === '1001');
  });
  it('settles a line whose add may or may not have landed, whatever the shopper does next', () => {
    let d = pickLine(start(), 'a', choice(2));
    d = lineUncertain(d, 'a');
    assert.equal(canEnter(d, 'resolution'), false, 'unknown is not synced');
    assert.deepEqual(syncPlan(d), { add: [['a', choice(2)]], remove: [] }, 'still picked: re-add');
    d = pickLine(d, 'a', null);
    assert.deepEqual(syncPlan(d), { add: [], remove: ['a'] }, 'unpicked: remove it from REVER');
    // The remove answers 404: REVER never had it, which is what the shopper wants.
    d = lineRemoved(d, 'a');
    assert.deepEqual(syncPlan(d), { add: [], remove: [] });
    assert.deepEqual(d.inReturn, {});
  });

  it('forgets a credit figure REVER gave once a line it counted leaves the return', () => {
    let d = returnLinesChanged(
      pickLine(pickLine(start(), 'a', choice(1)), 'b', choice()),
      inReturn(['a', 1], ['b', 1]),
    );
    for (const id of ['a', 'b']) {
      d = resolutionSaved(
        chooseResolution(d, id, { method: 'STORE_CREDIT' }),
        id,
        { method: 'STORE_CREDIT' },
        id === 'a' ? 1000 : 2999,
      );
    }
    assert.equal(d.pendingCredit, 2999);
    const dropped = returnLinesChanged(d, inReturn(['a', 1]));
    assert.equal(dropped.pendingCredit, null);
    // Back to the summary's own sum: line a alone, 1000 (no bonus offered here).
    assert.equal(creditFigures(dropped, []).credit, 1000);
    assert.equal(lineRemoved(d, 'b').pendingCredit, null);
    assert.equal(lineUncertain(d, 'b').pendingCredit, null);
    // Nothing saved dropped: REVER's figure stands.
    assert.equal(returnLinesChanged(d, inReturn(['a', 1], ['b', 1])).pendingCredit, 2999);
  });

  it('remembers the comment REVER was sent, not one typed while the call was out', () => {
    let d = pickLine(start(), 'a', { ...choice(), comment: 'sent' });
    d = pickLine(d, 'a', { comment: 'typed meanwhile' });
    d = returnLinesChanged(d, inReturn(['a', 1]), { a: 'sent' });
    assert.equal(d.inReturn['a']?.comment, 'sent');
    assert.deepEqual(syncPlan(d).add, [['a', { ...choice(), comment: 'typed meanwhile' }]]);
    // Another line's answer keeps what REVER holds of this one.
    d = returnLinesChanged(d, inReturn(['a', 1], ['b', 1]), { b: '' });
    assert.equal(d.inReturn['a']?.comment, 'sent');
  });
});

describe("the later steps' intents", () => {
  const at = (draft: Draft, step: 'items' | 'resolution' | 'review' = 'items'): FlowState => ({
    step,
    draft,
  });

  it('apply the rule each names to the draft, keeping the step', () => {
    const picked = applyIntent(at(start()), {
      type: 'pick-change',
      detail: { lineId: 'a', choice: { quantity: 9, reasonId: 'r1' } },
    });
    assert.equal(picked.step, 'items');
    assert.deepEqual(draftOf(picked).picked['a'], choice(3));
    const synced = applyIntent(picked, {
      type: 'lines-synced',
      detail: { response: inReturn(['a', 3]) },
    });
    assert.deepEqual(syncPlan(draftOf(synced)), { add: [], remove: [] });
    const removed = applyIntent(synced, { type: 'line-removed', detail: { lineId: 'a' } });
    assert.deepEqual(draftOf(removed).inReturn, {});
  });

  it('move on only to a step that may be entered', () => {
    // Nothing in the return yet: "done" on the items step stays there.
    const items = at(start());
    assert.equal(applyIntent(items, { type: 'step-done', detail: null }), items);
    const ready = at(returnLinesChanged(pickLine(start(), 'a', choice()), inReturn(['a', 1])));
    assert.equal(applyIntent(ready, { type: 'step-done', detail: null }).step, 'resolution');
    assert.equal(applyIntent(ready, { type: 'go-to', detail: { step: 'review' } }), ready);
  });

  it('end the draft once the return is confirmed', () => {
    const confirmation: ConfirmResponse = {
      return_id: 'ret_1',
      status: 'RUNNING',
      summary: { refund_total: 0, credit_total: 0, currency: 'EUR' },
    };
    const done = applyIntent(at(start(), 'review'), {
      type: 'return-confirmed',
      detail: confirmation,
    });
    assert.deepEqual(done, confirmed(at(start(), 'review'), confirmation));
    assert.equal(done.step, 'done');
  });
});

describe("the browser's Back and Forward", () => {
  const ready = () => returnLinesChanged(pickLine(start(), 'a', choice()), inReturn(['a', 1]));
  const confirmation: ConfirmResponse = {
    return_id: 'ret_1',
    status: 'RUNNING',
    summary: { refund_total: 0, credit_total: 0, currency: 'EUR' },
  };

  it('go back to any step of the draft and forward only where the flow allows', () => {
    const resolution = goTo({ step: 'items', draft: ready() }, 'resolution');
    assert.equal(resolution.step, 'resolution');
    const back = travel(resolution, undefined, 'items');
    assert.equal(back.flow.step, 'items');
    assert.equal(draftOf(back.flow), draftOf(resolution));
    // Nothing saved: review may not be entered, the flow stays.
    assert.equal(travel(back.flow, undefined, 'review').flow, back.flow);
    assert.equal(travel(back.flow, undefined, 'resolution').flow.step, 'resolution');
  });

  it('park the draft at the lookup, for Forward to bring back', () => {
    const items: FlowState = { step: 'items', draft: ready() };
    const back = travel(items, undefined, 'lookup');
    assert.deepEqual(back.flow, { step: 'lookup' });
    assert.equal(back.parked, items);
    const forward = travel(back.flow, back.parked, 'resolution');
    assert.equal(forward.flow.step, 'resolution');
    assert.equal(draftOf(forward.flow), items.draft);
    assert.equal(forward.parked, undefined);
    // Nothing parked: the lookup stays.
    assert.deepEqual(travel({ step: 'lookup' }, undefined, 'items').flow, { step: 'lookup' });
  });

  it('never lead back into a confirmed return: Back from done is the lookup', () => {
    const done = confirmed({ step: 'review', draft: ready() }, confirmation);
    const back = travel(done, undefined, 'review');
    assert.deepEqual(back.flow, { step: 'lookup' });
    assert.equal(back.parked, done);
    // Further back, still the lookup; forward, the confirmation again.
    assert.equal(travel(back.flow, back.parked, 'items').flow, back.flow);
    assert.equal(travel(back.flow, back.parked, 'done').flow, done);
  });
});
