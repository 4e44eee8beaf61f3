// The mock's return logistics (contract notes k–o) over real HTTP: the methods each seeded order
// offers, the drop-off points near a postcode, pickup slots and the one that vanishes, the cost
// deducted per refund method, and what confirming answers and the active returns carry after.
// Every answer is checked against the OpenAPI document; figures are worked out by hand from the seed.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, beforeEach, describe, it } from 'node:test';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { parse } from 'yaml';
import { startMockRever, type RunningMock } from '../../mock/node.ts';
import { OPENAPI_FILE } from '../../scripts/api-types.ts';
import {
  API_KEY_HEADER,
  CUSTOMER_TOKEN_HEADER,
  OPERATIONS,
  buildPath,
  type ChooseReturnMethodResponse,
  type ConfirmResponse,
  type DropOffPoint,
  type OperationId,
  type PickupSlot,
  type ReturnMethod,
  type StartIntentResponse,
  type ActiveReturn,
} from '../../contract/index.ts';

const doc = parse(readFileSync(OPENAPI_FILE, 'utf8')) as object;
const ajv = new Ajv2020({ strict: false, validateFormats: false });
ajv.addSchema(doc, 'doc');
const schemas: Partial<Record<OperationId, ReturnType<typeof ajv.compile>>> = {};
const responseSchema = (op: OperationId) => {
  const { method, path } = OPERATIONS[op];
  const at = ['paths', path, method.toLowerCase(), 'responses', '200']
    .map((p) => p.replaceAll('~', '~0').replaceAll('/', '~1'))
    .join('/');
  return (schemas[op] ??= ajv.compile({ $ref: `doc#/${at}/content/application~1json/schema` }));
};

const ADDRESS = {
  name: 'Ana García',
  line1: 'Calle Mayor 1',
  city: 'Madrid',
  postal_code: '28013',
  country: 'ES',
};

describe('the mock’s return logistics', () => {
  let mock: RunningMock;
  before(async () => (mock = await startMockRever({ port: 0, apiKey: 'test-key' })));
  after(() => mock.close());
  beforeEach(() => mock.mock.reset());

  interface Session {
    returnId: string;
    token: string;
  }

  async function send(
    op: OperationId,
    session: Session | null,
    init: { query?: Record<string, string>; body?: unknown; params?: Record<string, string> } = {},
  ): Promise<{ status: number; body: Record<string, unknown> }> {
    const url = new URL(
      mock.url +
        buildPath(op, { ...(session ? { return_id: session.returnId } : {}), ...init.params }),
    );
    for (const [k, v] of Object.entries(init.query ?? {})) url.searchParams.append(k, v);
    const response = await fetch(url, {
      method: OPERATIONS[op].method,
      headers: {
        'content-type': 'application/json',
        [API_KEY_HEADER]: 'test-key',
        ...(session ? { [CUSTOMER_TOKEN_HEADER]: session.token } : {}),
      },
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    });
    const body = (await response.json()) as Record<string, unknown>;
    if (response.status === 200) {
      const valid = responseSchema(op);
      assert.ok(valid(body), `${op}: ${ajv.errorsText(valid.errors)}`);
    }
    return { status: response.status, body };
  }

  async function ok<T>(...args: Parameters<typeof send>): Promise<T> {
    const { status, body } = await send(...args);
    assert.equal(status, 200, JSON.stringify(body));
    return body as T;
  }

  async function start(email: string, number: string) {
    const { order } = await ok<StartIntentResponse>('startReturnIntent', null, {
      body: { email, order_number: number },
    });
    return { order, session: { returnId: order.return_id, token: order.customer_token } };
  }

  /** A return of these lines, each resolved with this refund method. */
  async function returnOf(email: string, number: string, lines: string[], method: string) {
    const opened = await start(email, number);
    for (const id of lines) {
      await ok('addReturnLineItem', opened.session, {
        body: { line_item_id: id, quantity: 1, return_reason_id: 'changed_mind' },
      });
      await ok('saveClientPreferences', opened.session, {
        query: { line_item_id: id },
        body: {
          method,
          ...(method === 'BANK_TRANSFER'
            ? { bank_account: { iban: 'ES9121000418450200051332', holder: 'Ana García' } }
            : {}),
        },
      });
    }
    return opened;
  }

  const methods = async (s: Session) =>
    (await ok<{ return_methods: ReturnMethod[] }>('getReturnMethods', s)).return_methods;
  const points = async (s: Session, method: string, postal_code: string, country: string) =>
    (
      await ok<{ drop_off_points: DropOffPoint[] }>('getDropOffPoints', s, {
        query: { return_method_id: method, postal_code, country },
      })
    ).drop_off_points;
  const slots = async (s: Session, method: string) =>
    (
      await ok<{ pickup_slots: PickupSlot[] }>('getPickupSlots', s, {
        query: { return_method_id: method },
      })
    ).pickup_slots;

  it('gives every seeded order a shipping address and return methods', async () => {
    for (const [email, number] of [
      ['ana.garcia@example.com', '1001'],
      ['kenji.sato@example.jp', '2002'],
      ['layla.alsabah@example.com', '3003'],
      ['bulk.buyer@example.com', '4004'],
      ['edge.cases@example.co.uk', '5005'],
      ['nothing.left@example.com', '6006'],
    ] as const) {
      const { order, session } = await start(email, number);
      assert.ok(order.shipping_address?.postal_code, number);
      assert.ok((await methods(session)).length > 0, number);
    }
  });

  it('EUR: pickup costs by refund method (free for store credit and exchange), drop-off and in store free', async () => {
    const { session } = await start('ana.garcia@example.com', '1001');
    const list = await methods(session);
    assert.deepEqual(
      list.map((m) => [m.type, m.label, m.costs.map((c) => `${c.method}:${c.amount}`).join(',')]),
      [
        ['HOME_PICKUP', 'PRINTED', 'ORIGINAL_PAYMENT_METHOD:600,BANK_TRANSFER:700,GIFT_CARD:600'],
        ['DROP_OFF', 'QR', ''],
        ['IN_STORE', 'NONE', ''],
      ],
    );
  });

  it('JPY: drop-off only, at points open past midnight and one closed on Sundays', async () => {
    const { session } = await start('kenji.sato@example.jp', '2002');
    const [only, ...rest] = await methods(session);
    assert.equal(rest.length, 0);
    assert.equal(only?.type, 'DROP_OFF');
    const near = await points(session, only.id, '150-0002', 'JP');
    assert.equal(near.length, 5);
    assert.ok(near.some((p) => p.opening_hours.some((h) => h.closes < h.opens)));
    assert.ok(near.some((p) => !p.opening_hours.some((h) => h.day === 7)));
  });

  it('lists at least 20 drop-off points near five postcodes, nearest first', async () => {
    let total = 0;
    for (const [email, number, method, postcode, country] of [
      ['ana.garcia@example.com', '1001', 'rm_eu_dropoff', '28013', 'ES'],
      ['ana.garcia@example.com', '1001', 'rm_eu_dropoff', '08007', 'ES'],
      ['kenji.sato@example.jp', '2002', 'rm_jp_dropoff', '150-0002', 'JP'],
      ['kenji.sato@example.jp', '2002', 'rm_jp_dropoff', '100-0005', 'JP'],
      ['bulk.buyer@example.com', '4004', 'rm_us_dropoff', '10118', 'US'],
    ] as const) {
      const { session } = await start(email, number);
      const near = await points(session, method, postcode, country);
      const distances = near.map((p) => p.distance_m);
      assert.deepEqual(
        distances,
        [...distances].sort((a, b) => a - b),
        postcode,
      );
      total += near.length;
    }
    assert.ok(total >= 20, `${total} points`);
  });

  it('answers no points for a postcode it does not know, and 422 for a method without points', async () => {
    const { session } = await start('ana.garcia@example.com', '1001');
    assert.deepEqual(await points(session, 'rm_eu_dropoff', '99999', 'ES'), []);
    const { status, body } = await send('getDropOffPoints', session, {
      query: { return_method_id: 'rm_eu_store', postal_code: '28013', country: 'ES' },
    });
    assert.equal(status, 422);
    assert.equal((body['error'] as { code: string }).code, 'not_applicable');
  });

  it('KWD: pickup only; the first slot is gone when chosen (422), then listed no more', async () => {
    const { session } = await returnOf(
      'layla.alsabah@example.com',
      '3003',
      ['li_3003_2'],
      'ORIGINAL_PAYMENT_METHOD',
    );
    const [pickup] = await methods(session);
    assert.equal(pickup?.type, 'HOME_PICKUP');
    const before = await slots(session, pickup.id);
    const choose = (slot: string) =>
      send('chooseReturnMethod', session, {
        body: {
          return_method_id: pickup.id,
          pickup_slot_id: slot,
          pickup_address: { ...ADDRESS, city: 'Kuwait City', postal_code: '13001', country: 'KW' },
        },
      });
    const gone = await choose(before[0]!.id);
    assert.equal(gone.status, 422);
    assert.equal((gone.body['error'] as { code: string }).code, 'slot_unavailable');
    const afterwards = await slots(session, pickup.id);
    assert.deepEqual(
      afterwards.map((s) => s.id),
      before.slice(1).map((s) => s.id),
    );
    // One unit of a 2-unit line worth 25.250 KWD: 12.625, less the 1.500 pickup.
    const chosen = await choose(afterwards[0]!.id);
    assert.equal(chosen.status, 200);
    assert.deepEqual(chosen.body, {
      return_id: session.returnId,
      return_cost: 1500,
      refund_total: 11125,
      pending_credit_to_use: 0,
      currency: 'KWD',
    });
  });

  for (const [method, cost, refund, credit] of [
    ['ORIGINAL_PAYMENT_METHOD', 600, 12900 - 600, 0],
    ['BANK_TRANSFER', 700, 12900 - 700, 0],
    // Store credit: free, and the 10 % bonus stays whole.
    ['STORE_CREDIT', 0, 0, 14190],
  ] as const) {
    it(`EUR pickup for a ${method} refund costs ${cost}, and confirm agrees`, async () => {
      const { session } = await returnOf('ana.garcia@example.com', '1001', ['li_1001_4'], method);
      const [slot] = await slots(session, 'rm_eu_pickup');
      const chosen = await ok<ChooseReturnMethodResponse>('chooseReturnMethod', session, {
        body: {
          return_method_id: 'rm_eu_pickup',
          pickup_slot_id: slot!.id,
          pickup_address: ADDRESS,
        },
      });
      assert.deepEqual(
        [chosen.return_cost, chosen.refund_total, chosen.pending_credit_to_use],
        [cost, refund, credit],
      );
      const confirmed = await ok<ConfirmResponse>('confirmReturn', session);
      assert.deepEqual(confirmed.summary, {
        refund_total: refund,
        credit_total: credit,
        currency: 'EUR',
      });
      assert.equal(
        confirmed.logistics?.label_url,
        `https://labels.rever.example/${session.returnId}.pdf`,
      );
      assert.deepEqual(confirmed.logistics?.pickup, {
        date: slot!.date,
        from: slot!.from,
        to: slot!.to,
        address: ADDRESS,
      });
    });
  }

  it('a drop-off confirms with a QR payload and the point, and the active returns carry it', async () => {
    const { order, session } = await returnOf(
      'ana.garcia@example.com',
      '1001',
      ['li_1001_4'],
      'ORIGINAL_PAYMENT_METHOD',
    );
    const [nearest] = await points(session, 'rm_eu_dropoff', '28013', 'ES');
    const chosen = await ok<ChooseReturnMethodResponse>('chooseReturnMethod', session, {
      body: { return_method_id: 'rm_eu_dropoff', drop_off_point_id: nearest!.id },
    });
    assert.equal(chosen.return_cost, 0);
    assert.equal(chosen.refund_total, 12900);
    const confirmed = await ok<ConfirmResponse>('confirmReturn', session);
    assert.equal(confirmed.logistics?.qr_code, `RVR1|${session.returnId}|CORREOS|dp_mad_2`);
    assert.equal(confirmed.logistics?.label_url, undefined);
    assert.deepEqual(confirmed.logistics?.drop_off_point, nearest);
    assert.match(confirmed.logistics?.return_by ?? '', /^\d{4}-\d{2}-\d{2}$/);
    const { returns } = await ok<{ returns: ActiveReturn[] }>('getActiveReturns', session, {
      query: { order_ids: order.id },
    });
    const mine = returns.find((r) => r.id === session.returnId);
    assert.deepEqual(mine?.logistics, confirmed.logistics);
  });

  it('refuses a choice without the parts the method requires (422)', async () => {
    const { session } = await returnOf(
      'ana.garcia@example.com',
      '1001',
      ['li_1001_4'],
      'ORIGINAL_PAYMENT_METHOD',
    );
    const [slot] = await slots(session, 'rm_eu_pickup');
    for (const [body, code] of [
      [{ return_method_id: 'rm_eu_dropoff' }, 'drop_off_point_required'],
      [
        { return_method_id: 'rm_eu_dropoff', drop_off_point_id: 'dp_tyo_1' },
        'drop_off_point_required',
      ],
      [{ return_method_id: 'rm_eu_pickup', pickup_slot_id: slot!.id }, 'address_required'],
      [{ return_method_id: 'rm_eu_pickup', pickup_address: ADDRESS }, 'pickup_slot_required'],
    ] as const) {
      const { status, body: answer } = await send('chooseReturnMethod', session, { body });
      assert.equal(status, 422, JSON.stringify(body));
      assert.equal((answer['error'] as { code: string }).code, code);
    }
    const unknown = await send('chooseReturnMethod', session, {
      body: { return_method_id: 'rm_nope' },
    });
    assert.equal(unknown.status, 404);
  });

  it('the edge-case order: an unknown method type and a method with no label; a closed window', async () => {
    const { order, session } = await start('edge.cases@example.co.uk', '5005');
    const list = await methods(session);
    assert.deepEqual(
      list.map((m) => [m.type, m.label]),
      [
        ['PARCEL_LOCKER', 'PRINTED'],
        ['SELF_SHIPPED', 'NONE'],
      ],
    );
    const closed = order.line_items.find((l) => l.id === 'li_5005_5');
    assert.equal(closed?.return_deadline, '2026-11-20');
    const { status, body } = await send('addReturnLineItem', session, {
      body: { line_item_id: 'li_5005_5', quantity: 1, return_reason_id: 'changed_mind' },
    });
    assert.equal(status, 422);
    assert.equal((body['error'] as { code: string }).code, 'return_window_closed');
  });

  it('marks recommended exchange options', async () => {
    const { session } = await start('ana.garcia@example.com', '1001');
    const { exchange_options } = await ok<{
      exchange_options: { variant_id: string; recommended?: boolean }[];
    }>('getExchangeOptions', session, { query: { line_item_id: 'li_1001_4' } });
    assert.deepEqual(
      exchange_options.filter((o) => o.recommended).map((o) => o.variant_id),
      ['v_1001_4_lg'],
    );
  });
});
