// The REVER client against the embedded mock, through the reference proxy, over real HTTP: every
// operation of the contract, the mock's state and rules, and the errors REVER itself answers.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startProxy, type RunningProxy } from '../../proxy/node.ts';
import { createReverClient, type ReturnSession } from '../../src/services/client.ts';
import { reverRejection } from './support/rejection.ts';

describe('REVER client against the mock, through the proxy', () => {
  let proxy: RunningProxy;
  let client: ReturnType<typeof createReverClient>;
  before(async () => {
    proxy = await startProxy({ port: 0, log: () => {} });
    client = createReverClient({ proxyUrl: proxy.url });
  });
  after(() => proxy.close());

  const start = async (email = 'ana.garcia@example.com', number = '1001') => {
    const order = await client.startReturnIntent({ email, order_number: number });
    const session: ReturnSession = {
      returnId: order.return_id,
      customerToken: order.customer_token,
    };
    return { order, session };
  };

  it('finds an order by email (any case, spaces around) and number', async () => {
    const { order } = await start('  Ana.Garcia@EXAMPLE.com ');
    assert.equal(order.id, 'ord_1001');
    assert.equal(order.currency, 'EUR');
    assert.match(order.return_id, /^[A-Za-z0-9_-]+$/);
    const jeans = order.line_items.find((l) => l.id === 'li_1001_2');
    assert.equal(jeans?.quantity_in_progress, 1);
    assert.match(
      order.line_items[0]!.product.images[0]!.src,
      /^http:\/\/127\.0\.0\.1:\d+\/images\//,
    );
  });

  it('opens a new return on each intent', async () => {
    const a = await start();
    const b = await start();
    assert.notEqual(a.session.returnId, b.session.returnId);
    assert.notEqual(a.session.customerToken, b.session.customerToken);
  });

  it('finds an order written as a shopper copies it: a leading #, full-width digits', async () => {
    // The proxy forwards one form of the number (normalizeOrderNumber), whatever was typed.
    const { order } = await start('kenji.sato@example.jp', ' ＃２００２ ');
    assert.equal(order.id, 'ord_2002');
  });

  for (const [email, number] of [
    ['ana.garcia@example.com', '#2002'],
    ['someone.else@example.com', '1001'],
    ['ana.garcia@example.com', '9999'],
  ] as const) {
    it(`answers not-found for ${email} / ${number}`, async () => {
      const error = await reverRejection(client.startReturnIntent({ email, order_number: number }));
      assert.equal(error.code, 'not-found');
      assert.equal(error.upstreamCode, 'order_not_found');
    });
  }

  it('answers invalid for a request the contract refuses', async () => {
    const error = await reverRejection(client.startReturnIntent({ email: 'a', order_number: '' }));
    assert.equal(error.code, 'invalid');
    assert.equal(error.status, 400);
  });

  it('serves reasons in the asked language, falling back to English', async () => {
    const { session } = await start();
    const es = await client.getReturnReasons(session, 'es');
    assert.equal(es.find((r) => r.id === 'too_small')?.name, 'Demasiado pequeño');
    assert.equal(es.find((r) => r.id === 'other')?.comment_required, true);
    const xx = await client.getReturnReasons(session, 'xx');
    assert.equal(xx.find((r) => r.id === 'too_small')?.name, 'Too small');
  });

  it('adds, changes and removes lines, within what is returnable', async () => {
    const { session } = await start();
    let lines = await client.addReturnLineItem(session, {
      line_item_id: 'li_1001_5',
      quantity: 2,
      return_reason_id: 'too_big',
    });
    assert.deepEqual(lines.line_items, [
      { line_item_id: 'li_1001_5', quantity: 2, return_reason_id: 'too_big' },
    ]);
    lines = await client.addReturnLineItem(session, {
      line_item_id: 'li_1001_5',
      quantity: 1,
      return_reason_id: 'changed_mind',
    });
    assert.equal(lines.line_items[0]?.quantity, 1);
    // Only 1 of 2 linen shirts is left (the other was returned); jeans are in a return already.
    for (const [id, quantity] of [
      ['li_1001_1', 2],
      ['li_1001_2', 1],
      ['li_1001_3', 1],
    ] as const) {
      const error = await reverRejection(
        client.addReturnLineItem(session, {
          line_item_id: id,
          quantity,
          return_reason_id: 'too_big',
        }),
      );
      assert.equal(error.code, 'not-returnable', id);
    }
    const needsComment = await reverRejection(
      client.addReturnLineItem(session, {
        line_item_id: 'li_1001_4',
        quantity: 1,
        return_reason_id: 'damaged',
      }),
    );
    assert.equal(needsComment.code, 'invalid');
    lines = await client.removeReturnLineItem(session, 'li_1001_5');
    assert.deepEqual(lines.line_items, []);
    const gone = await reverRejection(client.removeReturnLineItem(session, 'li_1001_5'));
    assert.equal(gone.code, 'not-found');
  });

  it('offers refund methods and exchange variants', async () => {
    const { session } = await start();
    const refunds = await client.getRefundOptions(session);
    assert.deepEqual(
      refunds.map((r) => r.method),
      ['ORIGINAL_PAYMENT_METHOD', 'BANK_TRANSFER', 'GIFT_CARD', 'STORE_CREDIT'],
    );
    assert.equal(refunds.find((r) => r.method === 'STORE_CREDIT')?.bonus_percentage, 10);
    const variants = await client.getExchangeOptions(session, 'li_1001_4');
    assert.deepEqual(
      variants.map((v) => [v.variant_id, v.available]),
      [
        ['v_1001_4_m', true],
        ['v_1001_4_xl', false],
        ['v_1001_4_lg', true],
      ],
    );
    assert.deepEqual(await client.getExchangeOptions(session, 'li_1001_5'), []);
  });

  it('computes the credit to spend from each preference, and confirms once', async () => {
    const { order, session } = await start();
    const add = (id: string, quantity: number) =>
      client.addReturnLineItem(session, {
        line_item_id: id,
        quantity,
        return_reason_id: 'too_big',
      });
    await add('li_1001_4', 1); // 129.00
    await add('li_1001_5', 2); // 99.80
    // Store credit with the 10 % bonus: 99.80 + 9.98.
    let saved = await client.saveClientPreferences(session, 'li_1001_5', {
      method: 'STORE_CREDIT',
    });
    assert.equal(saved.pending_credit_to_use, 9980 + 998);
    assert.equal(saved.currency, 'EUR');
    const unavailable = await reverRejection(
      client.saveClientPreferences(session, 'li_1001_4', {
        method: 'EXCHANGE',
        exchange_variant_id: 'v_1001_4_xl',
      }),
    );
    assert.equal(unavailable.code, 'not-returnable');
    const early = await reverRejection(client.confirmReturn(session));
    assert.equal(early.code, 'not-returnable');
    assert.equal(early.upstreamCode, 'preferences_missing');
    // An exchange counts as credit at the line's value: 129.00 more.
    saved = await client.saveClientPreferences(session, 'li_1001_4', {
      method: 'EXCHANGE',
      exchange_variant_id: 'v_1001_4_m',
    });
    assert.equal(saved.pending_credit_to_use, 9980 + 998 + 12900);
    // A refund to the card is money, not credit.
    saved = await client.saveClientPreferences(session, 'li_1001_5', {
      method: 'ORIGINAL_PAYMENT_METHOD',
    });
    assert.equal(saved.pending_credit_to_use, 12900);

    const first = await client.confirmReturn(session);
    const second = await client.confirmReturn(session);
    assert.deepEqual(second, first);
    assert.deepEqual(first.summary, { refund_total: 9980, credit_total: 12900, currency: 'EUR' });
    const afterConfirm = await reverRejection(
      client.addReturnLineItem(session, {
        line_item_id: 'li_1001_1',
        quantity: 1,
        return_reason_id: 'too_big',
      }),
    );
    assert.equal(afterConfirm.code, 'conflict');

    const active = await client.getActiveReturns(session, [order.id]);
    const mine = active.filter((r) => r.id === session.returnId);
    assert.equal(mine.length, 1, 'one return, however often confirmed');
    assert.equal(mine[0]?.status, 'RUNNING');
    assert.deepEqual(
      mine[0]?.line_items.map((l) => [l.line_item_id, l.quantity]),
      [
        ['li_1001_4', 1],
        ['li_1001_5', 2],
      ],
    );
    assert.ok(active.some((r) => r.id === 'ret_seed_1001' && r.tracking?.carrier === 'Correos'));

    // The confirmed units are now in progress for the next intent.
    const next = await start();
    assert.equal(next.order.line_items.find((l) => l.id === 'li_1001_5')?.quantity_in_progress, 2);
  });

  it('checks the IBAN of a bank transfer', async () => {
    const { session } = await start('edge.cases@example.co.uk', '5005');
    await client.addReturnLineItem(session, {
      line_item_id: 'li_5005_3',
      quantity: 1,
      return_reason_id: 'too_big',
    });
    const bad = await reverRejection(
      client.saveClientPreferences(session, 'li_5005_3', {
        method: 'BANK_TRANSFER',
        bank_account: { iban: 'ES9121000418450200051333', holder: 'Ana García' },
      }),
    );
    assert.equal(bad.upstreamCode, 'invalid_iban');
    const ok = await client.saveClientPreferences(session, 'li_5005_3', {
      method: 'BANK_TRANSFER',
      bank_account: { iban: 'ES9121000418450200051332', holder: 'Ana García' },
    });
    assert.equal(ok.pending_credit_to_use, 0);
  });

  it("refuses another shopper's return and another order's returns", async () => {
    const ana = await start();
    const kenji = await start('kenji.sato@example.jp', '2002');
    const theirs = { returnId: ana.session.returnId, customerToken: kenji.session.customerToken };
    assert.equal((await reverRejection(client.getRefundOptions(theirs))).code, 'unauthorized');
    const other = await reverRejection(client.getActiveReturns(kenji.session, ['ord_1001']));
    assert.equal(other.status, 403);
  });

  it('serves the 250-line order and the zero- and three-decimal ones', async () => {
    assert.equal((await start('bulk.buyer@example.com', '4004')).order.line_items.length, 250);
    assert.equal((await start('kenji.sato@example.jp', '2002')).order.currency, 'JPY');
    const kwd = await start('layla.alsabah@example.com', '3003');
    assert.equal(kwd.order.currency, 'KWD');
    assert.equal(kwd.order.line_items[0]?.total, 45500);
  });
});
