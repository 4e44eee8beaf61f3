// The steps' effects (src/state/return-effects.ts, src/state/effects.ts) over a fake client:
// what each operation asks REVER and answers its step, shared reads, lost answers and aborts.
// The fake client (support/fake-client.ts) has the client's own methods.
// The line sync and the resolution saves have their own suite (effects.test.ts).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Order } from '../../contract/index.ts';
import type { ReturnSession, ReverClient } from '../../src/services/client.ts';
import { ReverError } from '../../src/services/errors.ts';
import { laterEffects } from '../../src/state/effects.ts';
import { createReturnEffects } from '../../src/state/return-effects.ts';
import { fakeClient } from './support/fake-client.ts';

const session: ReturnSession = { returnId: 'ret_1', customerToken: 'tok' };

const order: Order = {
  id: 'o1',
  currency: 'EUR',
  return_id: 'ret_1',
  customer_token: 'tok',
  line_items: [],
};

/** The effects as the root makes them, the later steps' chunk already loaded. */
const effectsOver = (client: ReverClient) =>
  createReturnEffects(client, () => Promise.resolve({ laterEffects }));

const deferred = <T>() => {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
};

describe('the lookup', () => {
  it('starts a return intent and answers the order, its number and the proxy session', async () => {
    const rever = fakeClient({ startReturnIntent: order });
    const controller = new AbortController();
    const found = await effectsOver(rever.client).lookup('a@b.co', '1001', {
      signal: controller.signal,
    });
    assert.deepEqual(found, { order, orderNumber: '1001', sessionToken: 'sess_1' });
    assert.deepEqual(rever.calls[0]?.args, [{ email: 'a@b.co', order_number: '1001' }]);
    assert.equal(rever.calls[0]?.signal, controller.signal, 'the step can abort it');
  });

  it('passes a lost answer on as the client failed it, and asks again when tried again', async () => {
    let attempts = 0;
    const rever = fakeClient({
      startReturnIntent: () => {
        if (++attempts === 1) throw new ReverError('network');
        return order;
      },
    });
    const effects = effectsOver(rever.client);
    await assert.rejects(
      effects.lookup('a@b.co', '1001'),
      (e) => e instanceof ReverError && e.code === 'network',
    );
    assert.equal((await effects.lookup('a@b.co', '1001')).order.id, 'o1');
    assert.deepEqual(rever.ops(), ['startReturnIntent', 'startReturnIntent']);
  });
});

describe('the later steps’ effects, before their chunk', () => {
  it('wait for it, make their operations once, and load again after a failed load', async () => {
    const rever = fakeClient({ getReturnReasons: [{ id: 'r1' }] });
    let loads = 0;
    const effects = createReturnEffects(rever.client, () =>
      ++loads === 1 ? Promise.reject(new ReverError('network')) : Promise.resolve({ laterEffects }),
    );
    await assert.rejects(
      effects.reasons(session, 'en'),
      (e) => e instanceof ReverError && e.code === 'network',
    );
    assert.deepEqual(rever.ops(), [], 'nothing asked before the chunk');
    assert.deepEqual(await effects.reasons(session, 'en'), [{ id: 'r1' }]);
    assert.deepEqual(await effects.reasons(session, 'en'), [{ id: 'r1' }]);
    assert.equal(loads, 2, 'a failed load, then one');
    assert.deepEqual(rever.ops(), ['getReturnReasons'], 'one set of operations: reads shared');
  });
});

describe('the items step', () => {
  it('reads the reasons in the language asked, once per return and language', async () => {
    const rever = fakeClient({ getReturnReasons: (_s: unknown, lang: string) => [{ id: lang }] });
    const effects = effectsOver(rever.client);
    assert.deepEqual(await effects.reasons(session, 'es'), [{ id: 'es' }]);
    assert.deepEqual(await effects.reasons(session, 'es'), [{ id: 'es' }]);
    assert.deepEqual(await effects.reasons(session, 'fr'), [{ id: 'fr' }]);
    assert.deepEqual(
      rever.calls.map((c) => c.args[1]),
      ['es', 'fr'],
    );
  });

  it('stops a reader that aborts without losing the read for the next one', async () => {
    const answer = deferred<unknown[]>();
    const rever = fakeClient({ getReturnReasons: () => answer.promise });
    const effects = effectsOver(rever.client);
    const controller = new AbortController();
    const first = effects.reasons(session, 'en', { signal: controller.signal });
    const second = effects.reasons(session, 'en');
    await new Promise((r) => setTimeout(r));
    controller.abort(new DOMException('left the step', 'AbortError'));
    await assert.rejects(first, (e) => e instanceof DOMException && e.name === 'AbortError');
    answer.resolve([{ id: 'r1' }]);
    assert.deepEqual(await second, [{ id: 'r1' }]);
    assert.deepEqual(rever.ops(), ['getReturnReasons']);
  });

  it('forgets a read whose answer was lost, so trying again asks again', async () => {
    let attempts = 0;
    const rever = fakeClient({
      getReturnReasons: () => {
        if (++attempts === 1) throw new ReverError('timeout');
        return [{ id: 'r1' }];
      },
    });
    const effects = effectsOver(rever.client);
    await assert.rejects(
      effects.reasons(session, 'en'),
      (e) => (e as ReverError).code === 'timeout',
    );
    assert.deepEqual(await effects.reasons(session, 'en'), [{ id: 'r1' }]);
    assert.deepEqual(rever.ops(), ['getReturnReasons', 'getReturnReasons']);
  });
});

describe('the resolution step', () => {
  it('reads every line’s exchange options in parallel, by line', async () => {
    const rever = fakeClient({
      getExchangeOptions: (_s: unknown, id: string) => (id === 'a' ? [{ variant_id: 'a2' }] : []),
      getRefundOptions: [{ method: 'GIFT_CARD' }],
    });
    const effects = effectsOver(rever.client);
    const options = await effects.exchangeOptions(session, ['a', 'b']);
    assert.deepEqual(
      [...options],
      [
        ['a', [{ variant_id: 'a2' }]],
        ['b', []],
      ],
    );
    assert.deepEqual(await effects.refundOptions(session), [{ method: 'GIFT_CARD' }]);
  });
});

describe('the return method step', () => {
  it('reads the methods with the refund options their costs depend on', async () => {
    const rever = fakeClient({
      getReturnMethods: [{ id: 'm1' }],
      getRefundOptions: [{ method: 'GIFT_CARD' }],
    });
    assert.deepEqual(await effectsOver(rever.client).methodsFor(session), {
      methods: [{ id: 'm1' }],
      refunds: [{ method: 'GIFT_CARD' }],
    });
  });

  it('takes a REVER without return logistics (404) as no methods, and fails on anything else', async () => {
    const refunds = [{ method: 'GIFT_CARD' }];
    const none = fakeClient({
      getReturnMethods: () => {
        throw new ReverError('not-found', 404);
      },
      getRefundOptions: refunds,
    });
    assert.deepEqual(await effectsOver(none.client).methodsFor(session), { methods: [], refunds });
    const down = fakeClient({
      getReturnMethods: () => {
        throw new ReverError('server', 503);
      },
      getRefundOptions: refunds,
    });
    await assert.rejects(
      effectsOver(down.client).methodsFor(session),
      (e) => e instanceof ReverError && e.code === 'server',
    );
  });

  it('asks for points, slots and the choice with the step’s session and signal', async () => {
    const rever = fakeClient({
      getDropOffPoints: [{ id: 'p1' }],
      getPickupSlots: [{ id: 's1' }],
      chooseReturnMethod: { return_cost: 0 },
    });
    const effects = effectsOver(rever.client);
    const { signal } = new AbortController();
    const near = { returnMethodId: 'm1', postalCode: '28013', country: 'ES' };
    assert.deepEqual(await effects.dropOffPoints(session, near, { signal }), [{ id: 'p1' }]);
    assert.deepEqual(await effects.pickupSlots(session, 'm2', { signal }), [{ id: 's1' }]);
    const choice = { return_method_id: 'm1', drop_off_point_id: 'p1' };
    assert.deepEqual(await effects.chooseMethod(session, choice, { signal }), { return_cost: 0 });
    assert.deepEqual(
      rever.calls.map((c) => [c.op, c.args, c.signal === signal]),
      [
        ['getDropOffPoints', [session, near], true],
        ['getPickupSlots', [session, 'm2'], true],
        ['chooseReturnMethod', [session, choice], true],
      ],
    );
  });
});

describe('the review step', () => {
  it('labels from the reads already made: reasons, refunds, the exchanged lines’ variants', async () => {
    const rever = fakeClient({
      getReturnReasons: [{ id: 'r1' }],
      getRefundOptions: [{ method: 'GIFT_CARD' }],
      getExchangeOptions: (_s: unknown, id: string) => [{ variant_id: `${id}2` }],
    });
    const effects = effectsOver(rever.client);
    await effects.reasons(session, 'en');
    await effects.exchangeOptions(session, ['a', 'b']);
    assert.deepEqual(await effects.reviewData(session, 'en', ['b']), {
      reasons: [{ id: 'r1' }],
      refunds: [{ method: 'GIFT_CARD' }],
      variants: [{ variant_id: 'b2' }],
    });
    assert.deepEqual(
      rever.ops().sort(),
      ['getExchangeOptions', 'getExchangeOptions', 'getRefundOptions', 'getReturnReasons'],
      'no read made twice',
    );
  });

  it('confirms again after a lost answer (REVER’s confirm is idempotent)', async () => {
    let attempts = 0;
    const confirmation = { return_id: 'ret_1', status: 'CONFIRMED' };
    const rever = fakeClient({
      confirmReturn: () => {
        if (++attempts === 1) throw new ReverError('network');
        return confirmation;
      },
    });
    const effects = effectsOver(rever.client);
    await assert.rejects(effects.confirm(session), (e) => (e as ReverError).code === 'network');
    assert.deepEqual(await effects.confirm(session), confirmation);
    assert.deepEqual(rever.ops(), ['confirmReturn', 'confirmReturn']);
  });

  it('lets the step abort the confirm it sent', async () => {
    const rever = fakeClient({ confirmReturn: {} });
    const controller = new AbortController();
    await effectsOver(rever.client).confirm(session, { signal: controller.signal });
    assert.equal(rever.calls[0]?.signal, controller.signal);
  });
});

describe('the last step', () => {
  it('reads the active returns of the confirmed return’s order', async () => {
    const rever = fakeClient({ getActiveReturns: [{ id: 'ret_1' }] });
    assert.deepEqual(await effectsOver(rever.client).activeReturns(session, 'o1'), [
      { id: 'ret_1' },
    ]);
    assert.deepEqual(rever.calls[0]?.args, [session, ['o1']]);
  });
});

describe('the later steps’ effects, asked for at once while their chunk loads', () => {
  it('are made once, so the reads they share are made once', async () => {
    const chunk = deferred<{ laterEffects: typeof laterEffects }>();
    const rever = fakeClient({ getRefundOptions: [{ method: 'GIFT_CARD' }] });
    const effects = createReturnEffects(rever.client, () => chunk.promise);
    const first = effects.refundOptions(session);
    const second = effects.refundOptions(session);
    chunk.resolve({ laterEffects });
    assert.deepEqual(await Promise.all([first, second]), [
      [{ method: 'GIFT_CARD' }],
      [{ method: 'GIFT_CARD' }],
    ]);
    assert.deepEqual(rever.ops(), ['getRefundOptions']);
  });
});
