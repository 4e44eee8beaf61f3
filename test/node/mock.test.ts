// The embedded mock of REVER, spoken to directly over real HTTP: what it refuses, every operation's
// answer (checked against the OpenAPI document's response schemas), its state and rules, and the
// seed. Figures are worked out by hand from the seed, never with the mock's own code.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, beforeEach, describe, it } from 'node:test';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { parse } from 'yaml';
import { createMockRever } from '../../mock/app.ts';
import { startMockRever, type RunningMock } from '../../mock/node.ts';
import { DEMO_ORDERS, MOCK_API_KEY, REASONS, SEED_ORDERS } from '../../mock/seed.ts';
import { OPENAPI_FILE } from '../../scripts/api-types.ts';
import { pickLocale } from '../../src/i18n/i18n.ts';
import {
  API_KEY_HEADER,
  CUSTOMER_TOKEN_HEADER,
  ID_PATTERN,
  OPERATIONS,
  QUERY,
  buildPath,
  type ActiveReturnsResponse,
  type ChooseReturnMethodResponse,
  type ConfirmResponse,
  type DropOffPointsResponse,
  type PickupSlotsResponse,
  type ReturnMethodsResponse,
  type ErrorResponse,
  type ExchangeOptionsResponse,
  type OperationId,
  type Order,
  type RefundOptionsResponse,
  type ReturnLineItemsResponse,
  type ReturnReasonsResponse,
  type SaveClientPreferencesResponse,
  type StartIntentResponse,
} from '../../contract/index.ts';

interface Responses {
  startReturnIntent: StartIntentResponse;
  getActiveReturns: ActiveReturnsResponse;
  addReturnLineItem: ReturnLineItemsResponse;
  removeReturnLineItem: ReturnLineItemsResponse;
  getReturnReasons: ReturnReasonsResponse;
  getExchangeOptions: ExchangeOptionsResponse;
  getRefundOptions: RefundOptionsResponse;
  saveClientPreferences: SaveClientPreferencesResponse;
  confirmReturn: ConfirmResponse;
  getReturnMethods: ReturnMethodsResponse;
  getDropOffPoints: DropOffPointsResponse;
  getPickupSlots: PickupSlotsResponse;
  chooseReturnMethod: ChooseReturnMethodResponse;
}

interface Call {
  params?: Record<string, string>;
  query?: Record<string, string | string[]>;
  body?: unknown;
  /** Sent as it is, instead of `body`. */
  rawBody?: string;
  token?: string;
  /** The API key; null sends none. */
  key?: string | null;
}

/** Validators of the document's own response schemas, by pointer into it. */
const doc = parse(readFileSync(OPENAPI_FILE, 'utf8')) as object;
const ajv = new Ajv2020({ strict: false, validateFormats: false });
ajv.addSchema(doc, 'doc');
const pointer = (...parts: string[]) =>
  parts.map((p) => p.replaceAll('~', '~0').replaceAll('/', '~1')).join('/');
const responseSchema = (op: OperationId) => {
  const { method, path } = OPERATIONS[op];
  const at = pointer('paths', path, method.toLowerCase(), 'responses', '200');
  return ajv.compile({ $ref: `doc#/${at}/content/application~1json/schema` });
};
const errorSchema = ajv.compile({ $ref: 'doc#/components/schemas/ErrorResponse' });

describe('the embedded mock of REVER', () => {
  let mock: RunningMock;
  before(async () => (mock = await startMockRever({ port: 0, apiKey: 'test-key' })));
  after(() => mock.close());
  // Each test opens its own returns; confirmed ones would change the next test's figures.
  beforeEach(() => mock.mock.reset());

  async function send(op: OperationId, call: Call = {}): Promise<Response> {
    const url = new URL(mock.url + buildPath(op, call.params));
    for (const [name, value] of Object.entries(call.query ?? {})) {
      for (const v of [value].flat()) url.searchParams.append(name, v);
    }
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (call.key !== null) headers[API_KEY_HEADER] = call.key ?? 'test-key';
    if (call.token) headers[CUSTOMER_TOKEN_HEADER] = call.token;
    const body = call.rawBody ?? (call.body === undefined ? undefined : JSON.stringify(call.body));
    return fetch(url, { method: OPERATIONS[op].method, headers, body });
  }

  /** A 200 whose body is what the contract says; answers the body. */
  async function ok<K extends OperationId>(op: K, call: Call = {}): Promise<Responses[K]> {
    const response = await send(op, call);
    const body = (await response.json()) as Responses[K];
    assert.equal(response.status, 200, JSON.stringify(body));
    assert.equal(response.headers.get('content-type'), 'application/json');
    const valid = responseSchema(op);
    assert.ok(valid(body), ajv.errorsText(valid.errors));
    return body;
  }

  /** An error in the contract's shape, with this status (and code); answers the code. */
  async function refused(op: OperationId, call: Call, status: number, code?: string) {
    const response = await send(op, call);
    const body = (await response.json()) as ErrorResponse;
    assert.equal(response.status, status, JSON.stringify(body));
    assert.ok(errorSchema(body), JSON.stringify(body));
    assert.deepEqual(Object.keys(body.error), ['code', 'message']);
    if (code) assert.equal(body.error.code, code);
    return body.error.code;
  }

  /** Opens a return on a seeded order. */
  async function start(email = 'ana.garcia@example.com', orderNumber = '1001') {
    const { order } = await ok('startReturnIntent', { body: { email, order_number: orderNumber } });
    const params = { return_id: order.return_id };
    return { order, params, token: order.customer_token };
  }
  type Session = Awaited<ReturnType<typeof start>>;

  const line = (order: Order, id: string) => {
    const found = order.line_items.find((l) => l.id === id);
    assert.ok(found, id);
    return found;
  };
  const add = (s: Session, line_item_id: string, quantity: number, reason = 'too_big') =>
    ok('addReturnLineItem', {
      params: s.params,
      token: s.token,
      body: { line_item_id, quantity, return_reason_id: reason },
    });
  const prefer = (s: Session, lineId: string, body: object) =>
    ok('saveClientPreferences', {
      params: s.params,
      token: s.token,
      query: { [QUERY.lineItemId]: lineId },
      body,
    });

  describe('the API key', () => {
    for (const [name, key] of [
      ['without a key', null],
      ['with an empty key', ''],
      ['with a wrong key', 'nope'],
    ] as const) {
      it(`refuses a request ${name}`, async () => {
        const body = { email: 'ana.garcia@example.com', order_number: '1001' };
        await refused('startReturnIntent', { body, key }, 401, 'unauthorized');
      });
    }

    it('is checked before anything else, even on a path the contract does not name', async () => {
      const response = await fetch(`${mock.url}/admin`);
      assert.equal(response.status, 401);
    });
  });

  describe('routing', () => {
    for (const [method, path] of [
      ['GET', '/returns/x/y/z'],
      ['GET', '/nope'],
      ['GET', OPERATIONS.startReturnIntent.path],
      ['POST', `${OPERATIONS.getActiveReturns.path}/`],
      ['POST', buildPath('confirmReturn', { return_id: 'ret_x' }).replace('ret_x', 'ret%20x')],
    ]) {
      it(`answers 404 not_found in the contract shape for ${method} ${path}`, async () => {
        const response = await fetch(mock.url + path, {
          method,
          headers: { [API_KEY_HEADER]: 'test-key' },
        });
        assert.equal(response.status, 404);
        const body = (await response.json()) as ErrorResponse;
        assert.ok(errorSchema(body));
        assert.equal(body.error.code, 'not_found');
      });
    }
  });

  describe('startReturnIntent', () => {
    it('finds an order by email (any case, spaces around) and number, and opens a return', async () => {
      const { order } = await start('  Ana.Garcia@EXAMPLE.com ', '1001');
      assert.equal(order.id, 'ord_1001');
      assert.equal(order.currency, 'EUR');
      assert.match(order.return_id, ID_PATTERN);
      assert.match(order.customer_token, /^[A-Za-z0-9_-]{20,}$/);
      assert.deepEqual(
        order.line_items.map((l) => [
          l.id,
          l.quantity,
          l.quantity_in_progress,
          l.quantity_returned,
          l.quantity_not_returnable,
          l.total,
        ]),
        [
          ['li_1001_1', 2, 0, 1, 0, 5990],
          ['li_1001_2', 1, 1, 0, 0, 7995],
          ['li_1001_3', 1, 0, 0, 1, 1295],
          ['li_1001_4', 1, 0, 0, 0, 12900],
          ['li_1001_5', 2, 0, 0, 0, 9980],
        ],
      );
      assert.deepEqual(line(order, 'li_1001_3').available_return_reasons, []);
      assert.ok(line(order, 'li_1001_4').available_return_reasons.some((r) => r.id === 'other'));
      const [front, back] = line(order, 'li_1001_1').product.images;
      assert.deepEqual(front, {
        src: `${mock.url}/images/linen-shirt-white.svg`,
        alt: 'Linen shirt in white, front view',
      });
      assert.equal(back?.alt, 'Linen shirt in white, back view');
    });

    it('opens a new return, with a new token, on each call', async () => {
      const a = await start();
      const b = await start();
      assert.notEqual(a.order.return_id, b.order.return_id);
      assert.notEqual(a.token, b.token);
    });

    for (const [why, email, number] of [
      ['a wrong email', 'someone.else@example.com', '1001'],
      ["a '#' before the number", 'ana.garcia@example.com', '#1001'],
      ['an unknown number', 'ana.garcia@example.com', '9999'],
      ["another order's number", 'ana.garcia@example.com', '2002'],
    ]) {
      it(`answers 404 order_not_found for ${why}`, async () => {
        const body = { email, order_number: number };
        await refused('startReturnIntent', { body }, 404, 'order_not_found');
      });
    }

    for (const [why, call] of [
      ['a body that is not JSON', { rawBody: '{' }],
      ['no body', {}],
      ['an empty object', { body: {} }],
      ['a number as order number', { body: { email: 'a@b.co', order_number: 1001 } }],
      ['an extra property', { body: { email: 'a@b.co', order_number: '1', extra: true } }],
      ['a too short email', { body: { email: 'a', order_number: '1001' } }],
      ['an empty order number', { body: { email: 'a@b.co', order_number: '' } }],
    ] as const) {
      it(`answers 400 invalid_request for ${why}`, async () => {
        await refused('startReturnIntent', call, 400, 'invalid_request');
      });
    }

    it('serves zero- and three-decimal currencies as integers in minor units', async () => {
      const yen = (await start('kenji.sato@example.jp', '2002')).order;
      assert.equal(yen.currency, 'JPY');
      assert.equal(line(yen, 'li_2002_1').total, 12800); // ¥12,800
      assert.equal(line(yen, 'li_2002_1').name, 'リネンシャツ');
      const dinar = (await start('layla.alsabah@example.com', '3003')).order;
      assert.equal(dinar.currency, 'KWD');
      assert.equal(line(dinar, 'li_3003_2').total, 25250); // 25.250 KWD
    });

    it('serves the order of 250 lines', async () => {
      const { order } = await start('bulk.buyer@example.com', '4004');
      assert.equal(order.currency, 'USD');
      assert.equal(order.line_items.length, 250);
      assert.equal(new Set(order.line_items.map((l) => l.id)).size, 250);
      assert.ok(order.line_items.some((l) => l.product.images.length === 0));
    });

    it('answers 200 for an order with nothing left to return', async () => {
      const { order } = await start('nothing.left@example.com', '6006');
      for (const l of order.line_items) {
        const left =
          l.quantity - l.quantity_in_progress - l.quantity_returned - l.quantity_not_returnable;
        assert.equal(left, 0, l.id);
      }
    });

    it('passes HTML-looking names through as plain data', async () => {
      const { order } = await start('edge.cases@example.co.uk', '5005');
      const tee = line(order, 'li_5005_1');
      assert.equal(tee.name, '<img src=x onerror=alert(1)>');
      assert.equal(tee.variant_name, '<script>alert("x")</script>');
      assert.match(tee.product.images[0]!.alt, /^"><b>bold<\/b>/);
      assert.ok(line(order, 'li_5005_2').name.length > 200);
    });
  });

  describe('the customer token', () => {
    it('is required (401), must have been issued (401) and be for this return (403)', async () => {
      const ana = await start();
      const again = await start();
      const kenji = await start('kenji.sato@example.jp', '2002');
      const params = ana.params;
      await refused('getRefundOptions', { params }, 401, 'unauthorized');
      await refused('getRefundOptions', { params, token: 'tok_never_issued' }, 401);
      await refused('getRefundOptions', { params, token: again.token }, 403, 'forbidden');
      await refused('getRefundOptions', { params, token: kenji.token }, 403, 'forbidden');
      await refused('confirmReturn', { params, token: kenji.token }, 403, 'forbidden');
      await ok('getRefundOptions', { params, token: ana.token });
    });

    it('answers 404 for a return that does not exist', async () => {
      const { token } = await start();
      await refused('getRefundOptions', { params: { return_id: 'ret_nope' }, token }, 404);
    });

    it("limits active returns to the token's own order", async () => {
      const ana = await start();
      const kenji = await start('kenji.sato@example.jp', '2002');
      const ids = (order_ids: string[], token?: string) => ({
        query: { [QUERY.orderIds]: order_ids },
        ...(token ? { token } : {}),
      });
      await refused('getActiveReturns', ids(['ord_1001']), 401, 'unauthorized');
      await refused('getActiveReturns', ids(['ord_1001'], kenji.token), 403, 'forbidden');
      await refused('getActiveReturns', ids(['ord_2002', 'ord_1001'], kenji.token), 403);
      await ok('getActiveReturns', ids(['ord_1001'], ana.token));
    });

    it('is forgotten by reset()', async () => {
      const { params, token } = await start();
      mock.mock.reset();
      await refused('getRefundOptions', { params, token }, 401);
    });
  });

  describe('query parameters', () => {
    it('are validated against the contract', async () => {
      const { params, token } = await start();
      await refused('getActiveReturns', { token }, 400, 'invalid_request');
      const badId = { [QUERY.orderIds]: 'ord 1001' };
      await refused('getActiveReturns', { token, query: badId }, 400, 'invalid_request');
      const lang = { [QUERY.lang]: 'english' };
      await refused('getReturnReasons', { params, token, query: lang }, 400, 'invalid_request');
      await refused('getExchangeOptions', { params, token }, 400, 'invalid_request');
      await refused('saveClientPreferences', { params, token, body: { method: 'GIFT_CARD' } }, 400);
    });
  });

  describe('getActiveReturns', () => {
    it("answers the order's seeded returns, with tracking where there is some", async () => {
      const { token } = await start();
      const { returns } = await ok('getActiveReturns', {
        token,
        query: { [QUERY.orderIds]: ['ord_1001', 'ord_1001'] },
      });
      assert.deepEqual(
        returns.map((r) => [r.id, r.order_id, r.status]),
        [
          ['ret_seed_1001_done', 'ord_1001', 'COMPLETED'],
          ['ret_seed_1001', 'ord_1001', 'RUNNING'],
        ],
      );
      const running = returns[1]!;
      assert.equal(running.tracking?.carrier, 'Correos');
      assert.match(running.tracking?.tracking_url ?? '', /^https:\/\//);
      assert.deepEqual(running.line_items, [
        { line_item_id: 'li_1001_2', name: 'Straight-leg jeans', quantity: 1 },
      ]);
    });

    it('answers other statuses as they are, ON_HOLD and unknown ones too', async () => {
      const nothing = await start('nothing.left@example.com', '6006');
      const held = await ok('getActiveReturns', {
        token: nothing.token,
        query: { [QUERY.orderIds]: 'ord_6006' },
      });
      assert.deepEqual(
        held.returns.map((r) => r.status),
        ['COMPLETED', 'ON_HOLD'],
      );
      const edge = await start('edge.cases@example.co.uk', '5005');
      const odd = await ok('getActiveReturns', {
        token: edge.token,
        query: { [QUERY.orderIds]: 'ord_5005' },
      });
      assert.equal(odd.returns[0]?.status, 'AWAITING_DROP_OFF');
    });
  });

  describe('getReturnReasons', () => {
    it('labels the reasons in the asked language, English by default and as fallback', async () => {
      const s = await start();
      const names = async (lang?: string) => {
        const query: Record<string, string> = lang ? { [QUERY.lang]: lang } : {};
        const { return_reasons } = await ok('getReturnReasons', { ...s, query });
        return Object.fromEntries(return_reasons.map((r) => [r.id, r.name]));
      };
      assert.equal((await names())['too_small'], 'Too small');
      assert.equal((await names('es'))['too_small'], 'Demasiado pequeño');
      assert.equal((await names('fr'))['too_small'], 'Trop petit');
      assert.equal((await names('de'))['too_big'], 'Zu groß');
      assert.equal((await names('it'))['other'], 'Altro');
      assert.equal((await names('pt'))['damaged'], 'Chegou danificado');
      assert.equal((await names('xx'))['too_small'], 'Too small');
      const { return_reasons } = await ok('getReturnReasons', s);
      const needComment = return_reasons.filter((r) => r.comment_required).map((r) => r.id);
      assert.deepEqual(needComment, ['damaged', 'other']);
    });
  });

  describe('getExchangeOptions', () => {
    const options = (s: Session, lineId: string) =>
      ok('getExchangeOptions', { ...s, query: { [QUERY.lineItemId]: lineId } });

    it("answers a line's variants, some unavailable, some without an image", async () => {
      const s = await start();
      const { exchange_options } = await options(s, 'li_1001_4');
      assert.deepEqual(
        exchange_options.map((v) => [v.variant_id, v.variant_name, v.price, v.available]),
        [
          ['v_1001_4_m', 'M / Black', 12900, true],
          ['v_1001_4_xl', 'XL / Black', 12900, false],
          ['v_1001_4_lg', 'L / Olive', 12900, true],
        ],
      );
      assert.equal(exchange_options[2]?.image, null);
      assert.equal(exchange_options[0]?.image?.src, `${mock.url}/images/v_1001_4_m.svg`);
    });

    it('answers an empty list for a line without options, 404 for an unknown line', async () => {
      const s = await start();
      assert.deepEqual((await options(s, 'li_1001_5')).exchange_options, []);
      const query = { [QUERY.lineItemId]: 'li_nope' };
      await refused('getExchangeOptions', { ...s, query }, 404, 'not_found');
    });
  });

  describe('getRefundOptions', () => {
    const methods = async (email: string, number: string) => {
      const s = await start(email, number);
      return (await ok('getRefundOptions', s)).refund_options;
    };

    it("answers the order's methods, with a store-credit bonus on some orders", async () => {
      assert.deepEqual(await methods('ana.garcia@example.com', '1001'), [
        { method: 'ORIGINAL_PAYMENT_METHOD' },
        { method: 'BANK_TRANSFER' },
        { method: 'GIFT_CARD' },
        { method: 'STORE_CREDIT', bonus_percentage: 10 },
      ]);
      assert.deepEqual(await methods('kenji.sato@example.jp', '2002'), [
        { method: 'ORIGINAL_PAYMENT_METHOD' },
        { method: 'STORE_CREDIT' },
      ]);
    });

    it('offers a method the widget does not know on one order', async () => {
      const offered = await methods('edge.cases@example.co.uk', '5005');
      assert.ok(offered.some((o) => o.method === 'PAYPAL_WALLET'));
    });
  });

  describe('addReturnLineItem and removeReturnLineItem', () => {
    it('adds a line, replaces it when added again, and removes it', async () => {
      const s = await start();
      let lines = await add(s, 'li_1001_5', 2);
      assert.deepEqual(lines, {
        return_id: s.order.return_id,
        line_items: [{ line_item_id: 'li_1001_5', quantity: 2, return_reason_id: 'too_big' }],
      });
      lines = await add(s, 'li_1001_5', 1, 'changed_mind');
      assert.deepEqual(lines.line_items, [
        { line_item_id: 'li_1001_5', quantity: 1, return_reason_id: 'changed_mind' },
      ]);
      await add(s, 'li_1001_1', 1);
      lines = await ok('removeReturnLineItem', {
        params: { ...s.params, line_item_id: 'li_1001_5' },
        token: s.token,
      });
      assert.deepEqual(
        lines.line_items.map((l) => l.line_item_id),
        ['li_1001_1'],
      );
      await refused(
        'removeReturnLineItem',
        { params: { ...s.params, line_item_id: 'li_1001_5' }, token: s.token },
        404,
        'not_found',
      );
    });

    for (const [why, lineId, quantity, reason] of [
      ['more units than are left (1 of 2 was returned)', 'li_1001_1', 2, 'too_big'],
      ['a line already in a return', 'li_1001_2', 1, 'too_big'],
      ['a line that is not returnable', 'li_1001_3', 1, 'changed_mind'],
      ['a reason the line does not offer', 'li_1001_3', 1, 'too_big'],
    ] as const) {
      it(`answers 422 not_returnable for ${why}`, async () => {
        const s = await start();
        const body = { line_item_id: lineId, quantity, return_reason_id: reason };
        await refused('addReturnLineItem', { ...s, body }, 422, 'not_returnable');
      });
    }

    it('answers 404 for an unknown line and 400 for an invalid body', async () => {
      const s = await start();
      const item = { line_item_id: 'li_1001_4', quantity: 1, return_reason_id: 'too_big' };
      await refused('addReturnLineItem', { ...s, body: { ...item, line_item_id: 'li_x' } }, 404);
      for (const body of [
        { ...item, quantity: 0 },
        { ...item, quantity: '1' },
        { ...item, line_item_id: 'li 1' },
        { ...item, color: 'red' },
      ]) {
        await refused('addReturnLineItem', { ...s, body }, 400, 'invalid_request');
      }
    });

    it('needs a comment for a reason that requires one', async () => {
      const s = await start();
      const item = { line_item_id: 'li_1001_4', quantity: 1, return_reason_id: 'other' };
      await refused('addReturnLineItem', { ...s, body: item }, 400, 'comment_required');
      await refused('addReturnLineItem', { ...s, body: { ...item, comment: '  ' } }, 400);
      await ok('addReturnLineItem', { ...s, body: { ...item, comment: 'The zip sticks.' } });
    });
  });

  describe('saveClientPreferences', () => {
    it('refuses a line not in the return (409) and a line not in the order (404)', async () => {
      const s = await start();
      const body = { method: 'GIFT_CARD' };
      const query = (id: string) => ({ [QUERY.lineItemId]: id });
      await refused('saveClientPreferences', { ...s, body, query: query('li_1001_4') }, 409);
      await refused('saveClientPreferences', { ...s, body, query: query('li_x') }, 404);
    });

    it('checks the method, the exchange variant and the bank account', async () => {
      const s = await start();
      await add(s, 'li_1001_4', 1);
      const refuse = (body: object, status: number, code: string) =>
        refused(
          'saveClientPreferences',
          { ...s, body, query: { [QUERY.lineItemId]: 'li_1001_4' } },
          status,
          code,
        );
      await refuse({ method: 'PAYPAL_WALLET' }, 400, 'method_not_offered');
      await refuse({ method: 'store_credit' }, 400, 'invalid_request');
      await refuse({ method: 'EXCHANGE' }, 400, 'exchange_variant_required');
      // A variant of another line.
      await refuse(
        { method: 'EXCHANGE', exchange_variant_id: 'v_1001_1_s' },
        400,
        'exchange_variant_required',
      );
      await refuse(
        { method: 'EXCHANGE', exchange_variant_id: 'v_1001_4_xl' },
        422,
        'not_returnable',
      );
      await refuse({ method: 'BANK_TRANSFER' }, 400, 'bank_account_required');
      const account = (iban: string) => ({ iban, holder: 'Ana García' });
      await refuse(
        { method: 'BANK_TRANSFER', bank_account: account('ES9121000418450200051333') },
        400,
        'invalid_iban',
      );
      await refuse(
        { method: 'BANK_TRANSFER', bank_account: account('ES91') },
        400,
        'invalid_request',
      );
      const saved = await prefer(s, 'li_1001_4', {
        method: 'BANK_TRANSFER',
        bank_account: account('ES91 2100 0418 4502 0005 1332'),
      });
      assert.deepEqual(saved, {
        return_id: s.order.return_id,
        pending_credit_to_use: 0,
        currency: 'EUR',
      });
    });

    it('accepts a method the widget does not know when the order offers it', async () => {
      const s = await start('edge.cases@example.co.uk', '5005');
      await add(s, 'li_5005_3', 1);
      const saved = await prefer(s, 'li_5005_3', { method: 'PAYPAL_WALLET' });
      assert.equal(saved.pending_credit_to_use, 0);
      assert.equal(saved.currency, 'GBP');
    });
  });

  describe('credit, confirmation and what follows', () => {
    // Order 3003 (KWD, three decimals), store credit with a 15 % bonus:
    // - silk scarf, 2 units for 25.250 → 1 unit is 12.625; as store credit 12.625 × 1.15 =
    //   14.51875 → 14.519 (14519 fils);
    // - abaya, 1 unit for 45.500: an exchange counts as credit at its value, 45500.
    const SCARF_CREDIT = 14519;
    const ABAYA = 45500;

    async function twoLineReturn() {
      const s = await start('layla.alsabah@example.com', '3003');
      await add(s, 'li_3003_2', 1, 'changed_mind');
      await add(s, 'li_3003_1', 1, 'too_big');
      return s;
    }

    it('counts store credit with its bonus and exchanges as credit, money refunds not', async () => {
      const s = await twoLineReturn();
      let saved = await prefer(s, 'li_3003_2', { method: 'STORE_CREDIT' });
      assert.deepEqual(saved, {
        return_id: s.order.return_id,
        pending_credit_to_use: SCARF_CREDIT,
        currency: 'KWD',
      });
      saved = await prefer(s, 'li_3003_1', {
        method: 'EXCHANGE',
        exchange_variant_id: 'v_3003_1_l',
      });
      assert.equal(saved.pending_credit_to_use, SCARF_CREDIT + ABAYA);
      saved = await prefer(s, 'li_3003_1', { method: 'GIFT_CARD' });
      assert.equal(saved.pending_credit_to_use, SCARF_CREDIT);
      // Two units of the scarf: 25.250 × 1.15 = 29.0375 → 29.038.
      await add(s, 'li_3003_2', 2, 'changed_mind');
      saved = await prefer(s, 'li_3003_2', { method: 'STORE_CREDIT' });
      assert.equal(saved.pending_credit_to_use, 29038);
    });

    it('refuses to confirm an empty return or one with a line without preference', async () => {
      const empty = await start('layla.alsabah@example.com', '3003');
      await refused('confirmReturn', empty, 422, 'empty_return');
      const s = await twoLineReturn();
      await prefer(s, 'li_3003_2', { method: 'STORE_CREDIT' });
      await refused('confirmReturn', s, 422, 'preferences_missing');
    });

    it('confirms once: a second confirm answers the same, and adds no second return', async () => {
      const s = await twoLineReturn();
      await prefer(s, 'li_3003_2', { method: 'STORE_CREDIT' });
      await prefer(s, 'li_3003_1', { method: 'ORIGINAL_PAYMENT_METHOD' });
      const active = async () =>
        (await ok('getActiveReturns', { token: s.token, query: { [QUERY.orderIds]: 'ord_3003' } }))
          .returns;
      const before = (await active()).length;

      const first = await ok('confirmReturn', s);
      assert.deepEqual(first, {
        return_id: s.order.return_id,
        status: 'RUNNING',
        summary: { refund_total: ABAYA, credit_total: SCARF_CREDIT, currency: 'KWD' },
      });
      assert.deepEqual(await ok('confirmReturn', s), first);

      const now = await active();
      assert.equal(now.length, before + 1);
      const mine = now.filter((r) => r.id === s.order.return_id);
      assert.equal(mine.length, 1);
      const [confirmed] = mine;
      assert.ok(confirmed);
      assert.equal(confirmed.status, 'RUNNING');
      assert.equal(confirmed.tracking, null);
      assert.equal(new Date(confirmed.created_at).toISOString(), confirmed.created_at);
      assert.deepEqual(confirmed.line_items, [
        { line_item_id: 'li_3003_2', name: 'وشاح حريري', quantity: 1 },
        { line_item_id: 'li_3003_1', name: 'عباية مطرزة', quantity: 1 },
      ]);
    });

    it('refuses changes after confirmation (409), and counts the units as in progress', async () => {
      const s = await twoLineReturn();
      await prefer(s, 'li_3003_2', { method: 'STORE_CREDIT' });
      await prefer(s, 'li_3003_1', { method: 'GIFT_CARD' });
      await ok('confirmReturn', s);
      const item = { line_item_id: 'li_3003_2', quantity: 1, return_reason_id: 'changed_mind' };
      await refused('addReturnLineItem', { ...s, body: item }, 409, 'conflict');
      const removal = { params: { ...s.params, line_item_id: 'li_3003_2' }, token: s.token };
      await refused('removeReturnLineItem', removal, 409, 'conflict');
      const query = { [QUERY.lineItemId]: 'li_3003_2' };
      await refused('saveClientPreferences', { ...s, query, body: { method: 'GIFT_CARD' } }, 409);

      const next = await start('layla.alsabah@example.com', '3003');
      assert.equal(line(next.order, 'li_3003_2').quantity_in_progress, 1);
      assert.equal(line(next.order, 'li_3003_1').quantity_in_progress, 1);
      // The scarf's second unit is still returnable; the abaya is not.
      await add(next, 'li_3003_2', 1, 'changed_mind');
      const abaya = { line_item_id: 'li_3003_1', quantity: 1, return_reason_id: 'too_big' };
      await refused('addReturnLineItem', { ...next, body: abaya }, 422, 'not_returnable');
    });
  });

  describe('images', () => {
    it('serves an SVG placeholder with initials, without the key', async () => {
      const response = await fetch(`${mock.url}/images/linen-shirt-white.svg`);
      assert.equal(response.status, 200);
      assert.equal(response.headers.get('content-type'), 'image/svg+xml');
      const svg = await response.text();
      assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
      assert.match(svg, />LS<\/text>/);
    });

    it("serves every image an order's lines point at", async () => {
      const { order } = await start('edge.cases@example.co.uk', '5005');
      for (const { src } of order.line_items.flatMap((l) => l.product.images)) {
        const response = await fetch(src);
        assert.equal(response.status, 200, src);
        assert.doesNotMatch(await response.text(), /<script|<img|onerror/);
      }
    });

    it('answers 404 for a name outside the path-safe alphabet', async () => {
      const response = await fetch(`${mock.url}/images/${encodeURIComponent('<x>&"')}.svg`);
      assert.equal(response.status, 404);
      assert.equal(((await response.json()) as ErrorResponse).error.code, 'not_found');
    });
  });
});

describe('createMockRever', () => {
  it('builds image URLs on publicUrl when given one', async () => {
    const { app } = createMockRever({ publicUrl: 'https://mock.example/' });
    const response = await app.request(OPERATIONS.startReturnIntent.path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [API_KEY_HEADER]: MOCK_API_KEY },
      body: JSON.stringify({ email: 'ana.garcia@example.com', order_number: '1001' }),
    });
    const { order } = (await response.json()) as StartIntentResponse;
    assert.equal(
      order.line_items[0]?.product.images[0]?.src,
      'https://mock.example/images/linen-shirt-white.svg',
    );
  });

  it('gives each instance its own state', async () => {
    const a = createMockRever();
    const b = createMockRever();
    await a.app.request(OPERATIONS.startReturnIntent.path, {
      method: 'POST',
      headers: { [API_KEY_HEADER]: MOCK_API_KEY },
      body: JSON.stringify({ email: 'ana.garcia@example.com', order_number: '1001' }),
    });
    assert.equal(a.state.returns.size, 1);
    assert.equal(b.state.returns.size, 0);
  });
});

describe('the seed', () => {
  const lines = SEED_ORDERS.flatMap((o) => o.lines);
  const returnable = (l: (typeof lines)[number]) =>
    l.quantity - l.quantity_in_progress - l.quantity_returned - l.quantity_not_returnable;

  it('has at least six orders with distinct emails and numbers, and a demo line each', () => {
    assert.ok(SEED_ORDERS.length >= 6);
    assert.equal(new Set(SEED_ORDERS.map((o) => o.email)).size, SEED_ORDERS.length);
    assert.equal(new Set(SEED_ORDERS.map((o) => o.number)).size, SEED_ORDERS.length);
    assert.ok(SEED_ORDERS.every((o) => !o.number.startsWith('#')));
    assert.deepEqual(
      DEMO_ORDERS.map((d) => d.orderNumber),
      SEED_ORDERS.map((o) => o.number),
    );
    assert.ok(DEMO_ORDERS.every((d) => d.description.length > 0));
  });

  it('gives the yen and dinar shoppers their language, one the widget has a table for', () => {
    const languages = Object.fromEntries(
      DEMO_ORDERS.filter((d) => d.locale).map((d) => [d.currency, pickLocale([d.locale!])]),
    );
    assert.deepEqual(languages, {
      JPY: { locale: 'ja-JP', language: 'ja' },
      KWD: { locale: 'ar-KW', language: 'ar' },
    });
  });

  it('uses path-safe ids and integer amounts', () => {
    const ids = SEED_ORDERS.flatMap((o) => [
      o.id,
      ...o.activeReturns.map((r) => r.id),
      ...o.lines.flatMap((l) => [l.id, ...l.exchange.map((v) => v.variant_id)]),
    ]);
    for (const id of ids) assert.match(id, ID_PATTERN);
    assert.equal(new Set(ids).size, ids.length);
    for (const l of lines) assert.ok(Number.isInteger(l.total) && l.total > 0, l.id);
  });

  it('covers two-, zero- and three-decimal currencies, and GBP or USD', () => {
    const currencies = SEED_ORDERS.map((o) => o.currency);
    for (const c of ['EUR', 'JPY', 'KWD']) assert.ok(currencies.includes(c), c);
    assert.ok(currencies.includes('GBP') || currencies.includes('USD'));
  });

  it('counts in progress exactly the units of the unsettled seeded returns', () => {
    for (const o of SEED_ORDERS) {
      for (const l of o.lines) {
        const units = o.activeReturns
          .filter((r) => !['COMPLETED', 'FAILED', 'CANCELED'].includes(r.status))
          .flatMap((r) => r.line_items)
          .filter((item) => item.line_item_id === l.id)
          .reduce((sum, item) => sum + item.quantity, 0);
        assert.equal(l.quantity_in_progress, units, l.id);
        assert.ok(returnable(l) >= 0, l.id);
      }
    }
  });

  it('has lines partly returned, in a return already, not returnable, and an order with none left', () => {
    assert.ok(lines.some((l) => l.quantity_returned > 0 && returnable(l) > 0));
    assert.ok(lines.some((l) => l.quantity_in_progress > 0));
    assert.ok(lines.some((l) => l.quantity_not_returnable === l.quantity));
    assert.ok(SEED_ORDERS.some((o) => o.lines.every((l) => returnable(l) === 0)));
  });

  it('offers only known reasons, and only on lines that are returnable at all', () => {
    const known = new Set(REASONS.map((r) => r.id));
    for (const l of lines) {
      for (const id of l.reasons) assert.ok(known.has(id), `${l.id}: ${id}`);
      if (l.quantity_not_returnable === l.quantity) assert.deepEqual(l.reasons, [], l.id);
    }
  });

  it('has an order of exactly 250 lines', () => {
    assert.ok(SEED_ORDERS.some((o) => o.lines.length === 250));
  });

  it('has non-Latin, very long and HTML-looking names', () => {
    const names = lines.flatMap((l) => [l.name, l.variant_name]).join('\n');
    for (const script of [
      /\p{Script=Han}/u,
      /\p{Script=Arabic}/u,
      /\p{Script=Greek}/u,
      /\p{Script=Cyrillic}/u,
      /\p{Script=Katakana}/u,
    ]) {
      assert.match(names, script);
    }
    assert.ok(lines.some((l) => l.name.length > 200));
    assert.match(names, /<img src=x onerror=alert\(1\)>/);
    assert.match(names, /<script>alert\("x"\)<\/script>/);
    const alts = lines.flatMap((l) => l.images.map((i) => i.alt)).join('\n');
    assert.match(alts, /"><b>bold<\/b>/);
  });

  it('has lines without images and exchange variants without one', () => {
    assert.ok(lines.some((l) => l.images.length === 0));
    assert.ok(lines.some((l) => l.exchange.some((v) => v.image === null)));
    assert.ok(lines.some((l) => l.exchange.some((v) => !v.available)));
  });
});
