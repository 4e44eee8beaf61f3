// Property-based tests (fast-check) of the response decoders and of the client around them: any
// JSON at all, and valid answers with one part broken (a field missing, a wrong type, a negative
// or huge number, an unknown enum value, a hostile URL), end in a DecodeError (a `bad-response`
// from the client) or in a value that keeps every promise of its type, never in another
// exception. A 10 MB body is refused whole.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { createReverClient } from '../../src/services/client.ts';
import { DecodeError, decoders } from '../../contract/decode.ts';
import { ReverError } from '../../src/services/errors.ts';
import { scriptedServer, type ScriptedServer } from './support/http.ts';
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { parse } from 'yaml';
import { OPENAPI_FILE } from '../../scripts/api-types.ts';

const image = { src: 'https://img.example/a.svg', alt: 'A shirt' };
const address = {
  name: 'Ana García',
  line1: 'Calle Mayor 1',
  line2: '3º B',
  city: 'Madrid',
  postal_code: '28013',
  country: 'ES',
  phone: '+34 600 000 000',
};
const point = {
  id: 'dp_1',
  name: 'Papelería Sol',
  carrier: 'Correos',
  address: { line1: 'Calle del Carmen 4', city: 'Madrid', postal_code: '28013', country: 'ES' },
  distance_m: 350,
  opening_hours: [{ day: 7, opens: '18:00', closes: '02:00' }],
};
const logistics = {
  type: 'DROP_OFF',
  carrier: 'Correos',
  label_url: 'https://labels.example/ret_1.pdf',
  qr_code: 'RVR1|ret_1|CORREOS|dp_1',
  return_by: '2026-12-15',
  drop_off_point: point,
  pickup: { date: '2026-12-03', from: '09:00', to: '14:00', address },
};

/** One valid answer per decoder, with every optional part present. */
const SAMPLES: Record<Exclude<keyof typeof decoders, 'errorCode'>, unknown> = {
  startReturnIntent: {
    order: {
      id: 'ord_1',
      currency: 'EUR',
      return_id: 'ret_1',
      customer_token: 'tok_1',
      line_items: [
        {
          id: 'li_1',
          name: 'Shirt',
          variant_name: 'M',
          quantity: 2,
          quantity_in_progress: 0,
          quantity_returned: 1,
          quantity_not_returnable: 0,
          available_return_reasons: [{ id: 'too_small' }],
          total: 5990,
          product: { images: [image] },
          return_deadline: '2027-01-14',
        },
      ],
      shipping_address: address,
    },
  },
  getActiveReturns: {
    returns: [
      {
        id: 'ret_0',
        order_id: 'ord_1',
        status: 'RUNNING',
        created_at: '2026-01-01T00:00:00Z',
        line_items: [{ line_item_id: 'li_1', name: 'Shirt', quantity: 1 }],
        tracking: { carrier: 'UPS', tracking_number: '1Z', tracking_url: 'https://ups.example/1Z' },
        logistics,
      },
    ],
  },
  returnLineItems: {
    return_id: 'ret_1',
    line_items: [{ line_item_id: 'li_1', quantity: 1, return_reason_id: 'too_small' }],
  },
  getReturnReasons: {
    return_reasons: [{ id: 'too_small', name: 'Too small', comment_required: false }],
  },
  getExchangeOptions: {
    exchange_options: [
      {
        variant_id: 'v_1',
        name: 'Shirt',
        variant_name: 'L',
        price: 5990,
        available: true,
        image,
        recommended: true,
      },
    ],
  },
  getRefundOptions: { refund_options: [{ method: 'STORE_CREDIT', bonus_percentage: 10 }] },
  saveClientPreferences: { return_id: 'ret_1', pending_credit_to_use: 200, currency: 'EUR' },
  confirmReturn: {
    return_id: 'ret_1',
    status: 'RUNNING',
    summary: { refund_total: 0, credit_total: 5990, currency: 'EUR' },
    logistics,
  },
  getReturnMethods: {
    return_methods: [
      {
        id: 'rm_1',
        type: 'HOME_PICKUP',
        carrier: { name: 'SEUR' },
        label: 'PRINTED',
        costs: [{ method: 'ORIGINAL_PAYMENT_METHOD', amount: 600 }],
        requires: ['ADDRESS', 'PICKUP_SLOT'],
      },
    ],
  },
  getDropOffPoints: { drop_off_points: [point] },
  getPickupSlots: {
    pickup_slots: [{ id: 'slot_1', date: '2026-12-03', from: '09:00', to: '14:00' }],
  },
  chooseReturnMethod: {
    return_id: 'ret_1',
    return_cost: 600,
    refund_total: 7395,
    pending_credit_to_use: 0,
    currency: 'EUR',
  },
};
const NAMES = Object.keys(SAMPLES) as (keyof typeof SAMPLES)[];

const COUNTS = new Set([
  'quantity',
  'quantity_in_progress',
  'quantity_returned',
  'quantity_not_returnable',
  'total',
  'price',
  'pending_credit_to_use',
  'refund_total',
  'credit_total',
  'amount',
  'distance_m',
  'return_cost',
]);
const PATTERNS: Record<string, RegExp> = {
  return_deadline: /^\d{4}-\d{2}-\d{2}$/,
  return_by: /^\d{4}-\d{2}-\d{2}$/,
  date: /^\d{4}-\d{2}-\d{2}$/,
  opens: /^([01]\d|2[0-3]):[0-5]\d$/,
  closes: /^([01]\d|2[0-3]):[0-5]\d$/,
  from: /^([01]\d|2[0-3]):[0-5]\d$/,
  to: /^([01]\d|2[0-3]):[0-5]\d$/,
  label_url: /^https:\/\//,
  label: /^(PRINTED|QR|NONE)$/,
  country: /^[A-Z]{2}$/,
};

/** What every decoded value promises, checked over its whole tree. */
function checkInvariants(value: unknown, key = ''): void {
  if (Array.isArray(value)) return value.forEach((v) => checkInvariants(v, key));
  if (typeof value === 'object' && value !== null) {
    for (const [k, v] of Object.entries(value)) checkInvariants(v, k);
    return;
  }
  if (COUNTS.has(key)) {
    assert.ok(Number.isSafeInteger(value) && (value as number) >= 0, `${key}: ${String(value)}`);
  }
  if (key === 'currency') assert.match(value as string, /^[A-Z]{3}$/);
  if (key === 'src') assert.match(value as string, /^https?:\/\//);
  if (key === 'tracking_url') assert.match(value as string, /^(https?:\/\/.*)?$/);
  if (key === 'bonus_percentage' && value !== undefined) {
    assert.ok(typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= 1000);
  }
  if (
    key === 'comment_required' ||
    key === 'available' ||
    (key === 'recommended' && value !== undefined)
  ) {
    assert.equal(typeof value, 'boolean');
  }
  const pattern = PATTERNS[key];
  if (pattern && value !== undefined) assert.match(value as string, pattern, key);
  if (key === 'day')
    assert.ok(Number.isInteger(value) && (value as number) >= 1 && (value as number) <= 7);
  if (['id', 'name', 'variant_name', 'alt', 'status', 'method', 'return_id'].includes(key)) {
    assert.equal(typeof value, 'string', key);
  }
}

/** Every path into a JSON tree (objects and arrays), the root included. */
function paths(value: unknown, at: (string | number)[] = []): (string | number)[][] {
  const out = [at];
  if (Array.isArray(value)) value.forEach((v, i) => out.push(...paths(v, [...at, i])));
  else if (typeof value === 'object' && value !== null) {
    for (const [k, v] of Object.entries(value)) out.push(...paths(v, [...at, k]));
  }
  return out;
}

const DELETE = Symbol('delete');

/** A copy of `value` with the node at `path` replaced (or removed). */
function replaceAt(value: unknown, path: (string | number)[], replacement: unknown): unknown {
  if (path.length === 0) return replacement === DELETE ? undefined : replacement;
  const copy = (
    Array.isArray(value) ? [...(value as unknown[])] : { ...(value as object) }
  ) as Record<string | number, unknown>;
  const [head, ...rest] = path as [string | number, ...(string | number)[]];
  const next = replaceAt(copy[head], rest, replacement);
  if (next === undefined && rest.length === 0) delete copy[head];
  else copy[head] = next;
  return copy;
}

/** What a broken answer puts in place of a part. */
const badValue = fc.oneof(
  fc.constant(DELETE),
  fc.constantFrom(null, true, false, '', 'x', [], {}, 0),
  fc.constantFrom(-1, -0.5, 1.5, 1e21, 2 ** 53, Number.MAX_VALUE, -Number.MAX_VALUE),
  fc.constantFrom('UNKNOWN_STATUS', 'TELEPORT', 'eur', 'EURO', '€', '1001'),
  fc.constantFrom(
    'javascript:alert(1)',
    'data:image/svg+xml,<svg onload=alert(1)>',
    '//evil.example/x.png',
    'vbscript:x',
    ' javascript:alert(1)',
    'JaVaScRiPt:alert(1)',
    'https://ok.example/<script>',
  ),
  fc.integer(),
  fc.double(),
  fc.string(),
  fc.jsonValue({ maxDepth: 2 }),
);

function decodeOrDecodeError(name: keyof typeof SAMPLES, input: unknown): unknown {
  try {
    const out = decoders[name](input, name);
    checkInvariants(out);
    return out;
  } catch (error) {
    if (error instanceof assert.AssertionError) throw error;
    assert.ok(error instanceof DecodeError, `${name} threw ${String(error)}`);
    return error;
  }
}

describe('response decoders, property-based', () => {
  it('accept every valid sample as it is', () => {
    for (const name of NAMES) {
      const out = decoders[name](SAMPLES[name], name);
      checkInvariants(out);
    }
  });

  for (const name of NAMES) {
    it(`${name}: any JSON whatsoever decodes or is a DecodeError`, () => {
      fc.assert(
        fc.property(fc.jsonValue(), (json) => void decodeOrDecodeError(name, json)),
        { numRuns: 300 },
      );
    });

    it(`${name}: a valid answer with one part broken decodes safely or is a DecodeError`, () => {
      const sample = SAMPLES[name];
      const all = paths(sample);
      let refused = 0;
      fc.assert(
        fc.property(fc.nat({ max: all.length - 1 }), badValue, (i, bad) => {
          const broken = replaceAt(sample, all[i]!, bad);
          if (decodeOrDecodeError(name, broken) instanceof DecodeError) refused++;
        }),
        { numRuns: 400 },
      );
      assert.ok(refused > 50, `only ${refused} of 400 broken answers were refused`);
    });
  }

  it('keeps unknown statuses and refund methods as they come (the documented fallback)', () => {
    fc.assert(
      fc.property(fc.string(), (unknown) => {
        const [active] = decoders.getActiveReturns(
          replaceAt(SAMPLES.getActiveReturns, ['returns', 0, 'status'], unknown),
          '',
        );
        assert.equal(active?.status, unknown);
        const [option] = decoders.getRefundOptions(
          replaceAt(SAMPLES.getRefundOptions, ['refund_options', 0, 'method'], unknown),
          '',
        );
        assert.equal(option?.method, unknown);
      }),
    );
  });

  it('drops images whose src is not http(s), and keeps the order', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.constantFrom(
            'javascript:alert(1)',
            'data:image/png;base64,AAAA',
            'blob:x',
            'file:///etc',
          ),
          fc.string().filter((s) => !/^\s*https?:/i.test(s)),
        ),
        (src) => {
          const broken = replaceAt(
            SAMPLES.startReturnIntent,
            ['order', 'line_items', 0, 'product', 'images', 0, 'src'],
            src,
          );
          const order = decoders.startReturnIntent(broken, '');
          assert.deepEqual(order.line_items[0]?.product.images, []);
        },
      ),
    );
  });
});

describe('the logistics answers: schema and decoder agree', () => {
  const ajv = new Ajv2020({ strict: false, validateFormats: false });
  ajv.addSchema(parse(readFileSync(OPENAPI_FILE, 'utf8')) as object, 'doc');
  const schemaOf = (name: string) => ajv.compile({ $ref: `doc#/components/schemas/${name}` });
  const LOGISTICS = {
    getReturnMethods: schemaOf('ReturnMethodsResponse'),
    getDropOffPoints: schemaOf('DropOffPointsResponse'),
    getPickupSlots: schemaOf('PickupSlotsResponse'),
    chooseReturnMethod: schemaOf('ChooseReturnMethodResponse'),
  } as const;

  for (const [name, valid] of Object.entries(LOGISTICS)) {
    const op = name as keyof typeof LOGISTICS;
    // A spec-generated mock can only answer what the schema allows; the widget must accept all
    // of it, so whatever the decoder refuses the schema refuses too.
    it(`${op}: every broken answer the decoder refuses, the schema refuses`, () => {
      assert.ok(valid(SAMPLES[op]), ajv.errorsText(valid.errors));
      const all = paths(SAMPLES[op]);
      fc.assert(
        fc.property(fc.nat({ max: all.length - 1 }), badValue, (i, bad) => {
          const broken: unknown = JSON.parse(
            JSON.stringify(replaceAt(SAMPLES[op], all[i]!, bad) ?? null),
          );
          if (decodeOrDecodeError(op, broken) instanceof DecodeError) {
            assert.equal(valid(broken), false, JSON.stringify(broken));
          }
        }),
        { numRuns: 600 },
      );
    });
  }

  it('keeps a label only when it is https, and the rest of the instructions either way', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(
          'http://labels.example/x.pdf',
          'javascript:alert(1)',
          'data:application/pdf;base64,AAAA',
          '//labels.example/x.pdf',
        ),
        (url) => {
          const broken = replaceAt(SAMPLES.confirmReturn, ['logistics', 'label_url'], url);
          const out = decoders.confirmReturn(broken, '');
          assert.equal(out.logistics?.label_url, undefined);
          assert.equal(out.logistics?.qr_code, 'RVR1|ret_1|CORREOS|dp_1');
        },
      ),
    );
  });

  it('drops a shipping address that does not fit the contract, and keeps the order', () => {
    const broken = replaceAt(
      SAMPLES.startReturnIntent,
      ['order', 'shipping_address', 'postal_code'],
      '<b>',
    );
    const order = decoders.startReturnIntent(broken, '');
    assert.equal(order.shipping_address, undefined);
    assert.equal(order.line_items.length, 1);
  });
});

describe('the client over any answer body', () => {
  const session = { returnId: 'ret_1', customerToken: 'tok_1', sessionToken: 's' };

  it('resolves or rejects with a ReverError, for any body and any status', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.jsonValue().map((v) => JSON.stringify(v)),
          fc.string(),
          fc.constantFrom('', '{', 'null', '<html>', '\u0000', '{"order":'),
        ),
        fc.constantFrom(200, 200, 200, 201, 204, 400, 404, 409, 429, 500, 503),
        async (body, status) => {
          const client = createReverClient({
            proxyUrl: 'https://proxy.example',
            readRetries: 0,
            fetch: () =>
              Promise.resolve(
                new Response(status === 204 ? null : body, {
                  status,
                  headers: { 'content-type': 'application/json', 'retry-after': '0' },
                }),
              ),
          });
          for (const call of [
            () => client.startReturnIntent({ email: 'a@b.co', order_number: '1' }),
            () => client.getRefundOptions(session),
            () => client.confirmReturn(session),
          ]) {
            try {
              await call();
            } catch (error) {
              assert.ok(error instanceof ReverError, String(error));
            }
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  describe('a 10 MB body, over HTTP', () => {
    let server: ScriptedServer;
    before(async () => (server = await scriptedServer()));
    after(() => server.close());
    const tenMegabytes = JSON.stringify({
      order: { id: 'x', line_items: [], pad: 'x'.repeat(10 * 1024 * 1024) },
    });

    for (const declared of [true, false]) {
      it(`is a bad response ${declared ? 'with' : 'without'} a content-length`, async () => {
        server.respond = (_req, res) => {
          res.writeHead(200, {
            'content-type': 'application/json',
            ...(declared ? { 'content-length': Buffer.byteLength(tenMegabytes) } : {}),
          });
          res.end(tenMegabytes);
        };
        const client = createReverClient({ proxyUrl: server.url });
        await assert.rejects(
          client.startReturnIntent({ email: 'a@b.co', order_number: '1' }),
          (error) => error instanceof ReverError && error.code === 'bad-response',
        );
      });
    }

    it('as an error answer, is the status’s error without REVER’s code', async () => {
      server.respond = (_req, res) =>
        res
          .writeHead(500, { 'content-type': 'application/json' })
          .end(JSON.stringify({ error: { code: 'huge', message: 'x'.repeat(10 * 1024 * 1024) } }));
      const client = createReverClient({ proxyUrl: server.url });
      await assert.rejects(
        client.confirmReturn({ returnId: 'ret_1', customerToken: 't' }),
        (error) =>
          error instanceof ReverError &&
          error.code === 'server' &&
          error.upstreamCode === undefined,
      );
    });
  });
});
