import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DecodeError, decoders, safeUrl } from '../../contract/decode.ts';

const line = {
  id: 'li_1',
  name: '<img src=x onerror=alert(1)>',
  variant_name: 'M',
  quantity: 2,
  quantity_in_progress: 0,
  quantity_returned: 0,
  quantity_not_returnable: 0,
  available_return_reasons: [{ id: 'r1' }],
  total: 1990,
  product: { images: [{ src: 'https://img.example/a.png', alt: 'A' }] },
};
const order = (patch: object = {}, linePatch: object = {}) => ({
  order: {
    id: 'o1',
    currency: 'EUR',
    return_id: 'ret_1',
    customer_token: 't',
    line_items: [{ ...line, ...linePatch }],
    ...patch,
  },
});

describe('response decoders', () => {
  it('decode a valid order and drop unknown fields', () => {
    const decoded = decoders.startReturnIntent(order({ extra: 1 }, { secret: 'x' }), 'o');
    assert.equal(decoded.line_items[0]?.name, '<img src=x onerror=alert(1)>');
    assert.equal('extra' in decoded, false);
    assert.equal('secret' in decoded.line_items[0], false);
  });

  const broken: [string, unknown][] = [
    ['null', null],
    ['an array', []],
    ['no order', {}],
    ['a numeric id', order({ id: 1 })],
    ['a lower-case currency', order({ currency: 'eur' })],
    ['lines not an array', order({ line_items: {} })],
    ['a negative quantity', order({}, { quantity: -1 })],
    ['a fractional total', order({}, { total: 19.9 })],
    ['a huge total', order({}, { total: 2 ** 60 })],
    ['a string quantity', order({}, { quantity: '2' })],
    ['no product', order({}, { product: undefined })],
  ];
  for (const [name, body] of broken) {
    it(`refuse ${name} with a DecodeError`, () => {
      assert.throws(() => decoders.startReturnIntent(body, 'o'), DecodeError);
    });
  }

  it('drop images that are not http(s), keeping the line', () => {
    const decoded = decoders.startReturnIntent(
      order(
        {},
        {
          product: {
            images: [
              { src: 'javascript:alert(1)', alt: 'x' },
              { src: 'data:image/svg+xml,<svg onload=alert(1)>', alt: 'x' },
              { src: 'https://img.example/ok.png', alt: 'ok' },
            ],
          },
        },
      ),
      'o',
    );
    assert.deepEqual(decoded.line_items[0]?.product.images, [
      { src: 'https://img.example/ok.png', alt: 'ok' },
    ]);
  });

  it('keep unknown return statuses and blank an unsafe tracking link', () => {
    const [ret] = decoders.getActiveReturns(
      {
        returns: [
          {
            id: 'r',
            order_id: 'o',
            status: 'SOMETHING_NEW',
            created_at: '2026-11-01T10:00:00Z',
            line_items: [{ line_item_id: 'li', name: 'n', quantity: 1 }],
            tracking: { carrier: 'C', tracking_number: '1', tracking_url: 'javascript:x' },
          },
        ],
      },
      'r',
    );
    assert.equal(ret?.status, 'SOMETHING_NEW');
    assert.equal(ret?.tracking?.tracking_url, '');
  });

  it('read only a well-formed REVER error code', () => {
    assert.equal(
      decoders.errorCode({ error: { code: 'order_not_found', message: 'm' } }),
      'order_not_found',
    );
    assert.equal(decoders.errorCode({ error: { code: '<script>' } }), undefined);
    assert.equal(decoders.errorCode('nope'), undefined);
  });

  it('accept only http(s) URLs', () => {
    assert.equal(safeUrl('https://a.example/x'), 'https://a.example/x');
    assert.equal(safeUrl('JAVASCRIPT:alert(1)'), undefined);
    assert.equal(safeUrl('/relative'), undefined);
  });
});
