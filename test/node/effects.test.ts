import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type {
  AddLineItemRequest,
  ClientPreferences,
  Order,
  ReturnLineItemsResponse,
} from '../../contract/index.ts';
import { ResolutionSaves } from '../../src/controllers/resolution-saves.ts';
import type { ReverClient } from '../../src/services/client.ts';
import { ReverError } from '../../src/services/errors.ts';
import { laterEffects, refusalOf, syncLines, type Report } from '../../src/state/effects.ts';
import {
  chooseResolution,
  initialFlow,
  orderFound,
  pickLine,
  returnLinesChanged,
  type Draft,
  type FlowState,
} from '../../src/state/flow.ts';
import { applyIntent, type FlowIntent } from '../../src/state/intents.ts';

const line = (id: string) => ({
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
});

const order: Order = {
  id: 'o1',
  currency: 'EUR',
  return_id: 'ret_1',
  customer_token: 'tok',
  line_items: [line('a'), line('b'), line('c')],
};

const start = (): FlowState => orderFound(initialFlow(), { order, orderNumber: '1001' });
const choice = (quantity = 1, comment = '') => ({ quantity, reasonId: 'r1', comment });
const draftOf = (flow: FlowState): Draft => {
  assert.ok('draft' in flow);
  return flow.draft;
};

/**
 * The root as far as an effect sees it: it applies what the effect reports to the flow, as
 * `<rever-returns>` does, and the view reads the draft back from it.
 */
function root(flow: FlowState) {
  const reported: FlowIntent[] = [];
  const state = {
    flow,
    reported,
    draft: () => draftOf(state.flow),
    report: ((type, detail) => {
      const intent = { type, detail } as FlowIntent;
      reported.push(intent);
      state.flow = applyIntent(state.flow, intent);
    }) as Report,
    pick(lineId: string, patch: Parameters<typeof pickLine>[2]) {
      state.flow = applyIntent(state.flow, {
        type: 'pick-change',
        detail: { lineId, choice: patch },
      });
    },
  };
  return state;
}

/**
 * REVER's return as a fake client: it holds lines, answers adds and removes with what it holds,
 * and fails the calls a test scripts (`failNext`), by operation.
 */
function fakeRever() {
  const held = new Map<string, AddLineItemRequest>();
  const calls: string[] = [];
  const failures: Partial<Record<'add' | 'remove' | 'save', (() => Error)[]>> = {};
  const answer = (): ReturnLineItemsResponse => ({
    return_id: 'ret_1',
    line_items: [...held.values()].map((l) => ({
      line_item_id: l.line_item_id,
      quantity: l.quantity,
      return_reason_id: l.return_reason_id,
    })),
  });
  const fail = (op: 'add' | 'remove' | 'save') => {
    const next = failures[op]?.shift();
    if (next) throw next();
  };
  let onAdd: (body: AddLineItemRequest) => void = () => {};
  const client = {
    addReturnLineItem: async (_s: unknown, body: AddLineItemRequest) => {
      calls.push(
        `add ${body.line_item_id} ${body.quantity}${body.comment ? ` ${body.comment}` : ''}`,
      );
      await Promise.resolve();
      onAdd(body);
      fail('add');
      held.set(body.line_item_id, body);
      return answer();
    },
    removeReturnLineItem: async (_s: unknown, id: string) => {
      calls.push(`remove ${id}`);
      await Promise.resolve();
      fail('remove');
      if (!held.delete(id)) throw new ReverError('not-found', 404);
      return answer();
    },
  } as unknown as ReverClient;
  return {
    client,
    calls,
    held,
    failNext: (op: 'add' | 'remove' | 'save', error: () => Error) =>
      (failures[op] ??= []).push(error),
    whileAdding: (f: typeof onAdd) => (onAdd = f),
  };
}

describe('the line sync', () => {
  it('adds new and changed picks and removes dropped ones, each answer reported', async () => {
    const rever = fakeRever();
    const app = root(start());
    app.pick('a', choice());
    app.pick('b', choice());
    await syncLines(rever.client, app.draft, app.report, assert.fail);
    assert.deepEqual(rever.calls, ['add a 1', 'add b 1']);
    app.pick('a', null);
    app.pick('b', choice(2));
    await syncLines(rever.client, app.draft, app.report, assert.fail);
    assert.deepEqual(rever.calls.slice(2), ['remove a', 'add b 2']);
    assert.deepEqual(Object.keys(app.draft().inReturn), ['b']);
    assert.equal(app.draft().inReturn['b']?.quantity, 2);
    await syncLines(rever.client, app.draft, app.report, assert.fail);
    assert.equal(rever.calls.length, 4, 'nothing to send once REVER holds the picks');
  });

  it('sends in a next round a comment typed while the add was out, without waiting on a render', async () => {
    const rever = fakeRever();
    const app = root(start());
    app.pick('a', choice());
    rever.whileAdding(() => {
      rever.whileAdding(() => {});
      app.pick('a', { comment: 'too small' });
    });
    await syncLines(rever.client, app.draft, app.report, assert.fail);
    assert.deepEqual(rever.calls, ['add a 1', 'add a 1 too small']);
    assert.equal(app.draft().inReturn['a']?.comment, 'too small');
  });

  it('marks a line whose answer was lost as uncertain, and the next sync settles it', async () => {
    const rever = fakeRever();
    const app = root(start());
    app.pick('a', choice());
    // The add lands at REVER, its answer does not reach the shopper.
    rever.whileAdding((body) => {
      rever.whileAdding(() => {});
      rever.held.set(body.line_item_id, body);
      throw new ReverError('timeout');
    });
    await assert.rejects(
      syncLines(rever.client, app.draft, app.report, assert.fail),
      (e) => e instanceof ReverError && e.code === 'timeout',
    );
    assert.deepEqual(
      app.reported.map((i) => i.type),
      ['line-uncertain'],
    );
    // The shopper unpicks it meanwhile: the retry removes what REVER may hold.
    app.pick('a', null);
    await syncLines(rever.client, app.draft, app.report, assert.fail);
    assert.deepEqual(rever.calls, ['add a 1', 'remove a']);
    assert.equal(rever.held.size, 0);
    assert.deepEqual(app.draft().inReturn, {});
  });

  it('takes a remove answered "not found" as done, and goes on', async () => {
    const rever = fakeRever();
    const app = root(start());
    app.flow = {
      step: 'items',
      draft: returnLinesChanged(app.draft(), {
        return_id: 'ret_1',
        line_items: [{ line_item_id: 'c', quantity: 1, return_reason_id: 'r1' }],
      }),
    };
    app.pick('b', choice());
    await syncLines(rever.client, app.draft, app.report, assert.fail);
    assert.deepEqual(rever.calls, ['remove c', 'add b 1']);
    assert.deepEqual(
      app.reported.map((i) => i.type),
      ['line-removed', 'lines-synced'],
    );
  });

  it('says which line REVER refused, and reports no uncertainty for it', async () => {
    const rever = fakeRever();
    const app = root(start());
    app.pick('a', choice());
    rever.failNext('add', () => new ReverError('not-returnable', 422));
    const refused: string[] = [];
    await assert.rejects(
      syncLines(rever.client, app.draft, app.report, (id, e) => refused.push(`${id} ${e.code}`)),
    );
    assert.deepEqual(refused, ['a not-returnable']);
    assert.deepEqual(app.reported, []);
  });

  it('gives up with a conflict when REVER keeps holding something else than was asked', async () => {
    const rever = fakeRever();
    const app = root(start());
    app.pick('a', choice(2));
    rever.whileAdding((body) => (body.quantity = 1));
    await assert.rejects(
      syncLines(rever.client, app.draft, app.report, assert.fail),
      (e) => e instanceof ReverError && e.code === 'conflict',
    );
    assert.deepEqual(rever.calls, ['add a 2', 'add a 2', 'add a 2']);
  });
});

/** A view as a Task sees it: a draft, controllers, and updates the test runs by hand. */
function fakeHost(draft: Draft) {
  const controllers: { hostUpdate?(): void; hostUpdated?(): void }[] = [];
  const host = {
    draft,
    addController: (c: (typeof controllers)[number]) => controllers.push(c),
    removeController: () => {},
    // As Lit does: the update comes in a microtask.
    requestUpdate: () => queueMicrotask(() => host.update()),
    updateComplete: Promise.resolve(true),
    update(next?: Draft) {
      if (next) host.draft = next;
      for (const c of controllers) c.hostUpdate?.();
      for (const c of controllers) c.hostUpdated?.();
    },
  };
  return host;
}

/** saveClientPreferences as a fake: each call waits for the test to answer it, or an abort. */
function fakeSaves() {
  const calls: {
    lineId: string;
    method: string;
    signal: AbortSignal;
    answer(): void;
    fail(e: Error): void;
  }[] = [];
  const client = {
    saveClientPreferences: (
      _s: unknown,
      lineId: string,
      prefs: ClientPreferences,
      opts: { signal: AbortSignal },
    ) =>
      new Promise((resolve, reject) => {
        opts.signal.addEventListener('abort', () => reject(opts.signal.reason as Error));
        calls.push({
          lineId,
          method: prefs.method,
          signal: opts.signal,
          answer: () => resolve({ pending_credit_to_use: 100 }),
          fail: reject,
        });
      }),
  } as unknown as ReverClient;
  return { client, calls };
}

const tick = () => new Promise((r) => setTimeout(r));

describe('the resolution saves', () => {
  function setUp() {
    const app = root(start());
    app.flow = {
      step: 'resolution',
      draft: returnLinesChanged(pickLine(pickLine(app.draft(), 'a', choice()), 'b', choice()), {
        return_id: 'ret_1',
        line_items: ['a', 'b'].map((id) => ({
          line_item_id: id,
          quantity: 1,
          return_reason_id: 'r1',
        })),
      }),
    };
    const saves = fakeSaves();
    const host = fakeHost(app.draft());
    const failures: unknown[] = [];
    const queue = new ResolutionSaves(
      host,
      () => laterEffects(saves.client),
      (type, detail) => {
        app.report(type, detail);
        host.update(app.draft());
      },
      (e) => failures.push(e),
    );
    const choose = (lineId: string, method: string) => {
      app.flow = { step: 'resolution', draft: chooseResolution(app.draft(), lineId, { method }) };
      host.update(app.draft());
    };
    return { app, saves, host, queue, failures, choose };
  }

  it('saves the choices one after another', async () => {
    const { app, saves, choose } = setUp();
    choose('a', 'GIFT_CARD');
    choose('b', 'STORE_CREDIT');
    await tick();
    assert.deepEqual(
      saves.calls.map((c) => `${c.lineId} ${c.method}`),
      ['a GIFT_CARD'],
    );
    saves.calls[0]!.answer();
    await tick();
    assert.deepEqual(
      saves.calls.map((c) => `${c.lineId} ${c.method}`),
      ['a GIFT_CARD', 'b STORE_CREDIT'],
    );
    saves.calls[1]!.answer();
    await tick();
    assert.deepEqual(app.draft().saved, {
      a: { method: 'GIFT_CARD' },
      b: { method: 'STORE_CREDIT' },
    });
  });

  it('sends a choice changed while saving instead of the old one, which is aborted', async () => {
    const { app, saves, choose } = setUp();
    choose('a', 'GIFT_CARD');
    await tick();
    choose('a', 'STORE_CREDIT');
    await tick();
    assert.deepEqual(
      saves.calls.map((c) => c.method),
      ['GIFT_CARD', 'STORE_CREDIT'],
    );
    assert.equal(saves.calls[0]!.signal.aborted, true);
    assert.equal(saves.calls[1]!.signal.aborted, false);
    saves.calls[1]!.answer();
    await tick();
    assert.deepEqual(app.draft().saved, { a: { method: 'STORE_CREDIT' } });
    assert.deepEqual(
      app.reported.map((i) => i.type),
      ['resolution-saved'],
    );
  });

  it('does not count a save whose answer was lost, and sends it again on retry', async () => {
    const { app, saves, queue, failures, choose } = setUp();
    choose('a', 'GIFT_CARD');
    await tick();
    saves.calls[0]!.fail(new ReverError('timeout'));
    await tick();
    assert.deepEqual(app.draft().saved, {});
    assert.equal((failures[0] as ReverError).code, 'timeout');
    void queue.task.run();
    await tick();
    assert.equal(saves.calls.length, 2);
    saves.calls[1]!.answer();
    await tick();
    assert.deepEqual(app.draft().saved, { a: { method: 'GIFT_CARD' } });
  });

  it('keeps a refused choice on its line and saves the other lines meanwhile', async () => {
    const { app, saves, queue, failures, choose } = setUp();
    choose('a', 'GIFT_CARD');
    choose('b', 'STORE_CREDIT');
    await tick();
    saves.calls[0]!.fail(new ReverError('not-returnable', 422));
    await tick();
    assert.equal(refusalOf(app.draft(), queue.refusals, 'a')?.code, 'not-returnable');
    assert.equal((failures[0] as ReverError).code, 'not-returnable');
    assert.deepEqual(
      saves.calls.map((c) => c.lineId),
      ['a', 'b'],
      'b is not held up',
    );
    saves.calls[1]!.answer();
    await tick();
    assert.equal(saves.calls.length, 2, 'the refused choice is not sent again');
    choose('a', 'ORIGINAL_PAYMENT_METHOD');
    await tick();
    assert.equal(refusalOf(app.draft(), queue.refusals, 'a'), undefined, 'another choice');
    assert.deepEqual(
      saves.calls.map((c) => `${c.lineId} ${c.method}`).at(-1),
      'a ORIGINAL_PAYMENT_METHOD',
    );
  });
});
