// The embedded mock of REVER, spoken to directly over HTTP: what it refuses, and what it is
// seeded with. (Its operations and rules are exercised through the client in client.test.ts.)
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startMockRever, type RunningMock } from '../../mock/node.ts';
import { SEED_ORDERS } from '../../mock/seed.ts';

describe('the embedded mock of REVER', () => {
  let mock: RunningMock;
  before(async () => (mock = await startMockRever({ port: 0, apiKey: 'test-key' })));
  after(() => mock.close());

  const post = (path: string, body: string, headers: Record<string, string> = {}) =>
    fetch(`${mock.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-rever-api-key': 'test-key', ...headers },
      body,
    });
  const intent = JSON.stringify({ email: 'ana.garcia@example.com', order_number: '1001' });

  for (const [name, headers] of [
    ['without a key', { 'x-rever-api-key': '' }],
    ['with a wrong key', { 'x-rever-api-key': 'nope' }],
  ] as const) {
    it(`refuses a request ${name}, in the contract's error shape`, async () => {
      const response = await post('/returns/intent/start', intent, headers);
      assert.equal(response.status, 401);
      assert.deepEqual(Object.keys(((await response.json()) as { error: object }).error), [
        'code',
        'message',
      ]);
    });
  }

  it('validates bodies against the contract', async () => {
    for (const body of [
      '{',
      '{}',
      JSON.stringify({ email: 'a@b.co', order_number: 1001 }),
      JSON.stringify({ email: 'a@b.co', order_number: '1', extra: true }),
    ]) {
      const response = await post('/returns/intent/start', body);
      assert.equal(response.status, 400, body);
      const { error } = (await response.json()) as { error: { code: string } };
      assert.equal(error.code, 'invalid_request');
    }
  });

  it('validates query parameters against the contract', async () => {
    const { order } = (await (await post('/returns/intent/start', intent)).json()) as {
      order: { return_id: string; customer_token: string };
    };
    const headers = {
      'x-rever-api-key': 'test-key',
      'x-rever-customer-token': order.customer_token,
    };
    const noIds = await fetch(`${mock.url}/returns`, { headers });
    assert.equal(noIds.status, 400);
    const badLang = await fetch(
      `${mock.url}/returns/${order.return_id}/return_reasons?lang=english`,
      {
        headers,
      },
    );
    assert.equal(badLang.status, 400);
    const noToken = await fetch(`${mock.url}/returns/${order.return_id}/refund_options`, {
      headers: { 'x-rever-api-key': 'test-key' },
    });
    assert.equal(noToken.status, 401);
  });

  it('answers 404 in the contract shape for what the contract does not name', async () => {
    const response = await fetch(`${mock.url}/returns/x/y/z`, {
      headers: { 'x-rever-api-key': 'test-key' },
    });
    assert.equal(response.status, 404);
    assert.equal(((await response.json()) as { error: { code: string } }).error.code, 'not_found');
  });

  it('serves product images as SVG, escaping what it writes', async () => {
    const response = await fetch(`${mock.url}/images/${encodeURIComponent('<x>&"')}.svg`);
    assert.equal(response.headers.get('content-type'), 'image/svg+xml');
    const svg = await response.text();
    assert.match(svg, /^<svg /);
    assert.doesNotMatch(svg, /<x>/);
  });
});

describe('the seed', () => {
  const returnable = (l: (typeof SEED_ORDERS)[number]['lines'][number]) =>
    l.quantity - l.quantity_in_progress - l.quantity_returned - l.quantity_not_returnable;
  const lines = SEED_ORDERS.flatMap((o) => o.lines);

  it('has six orders with distinct emails and numbers', () => {
    assert.ok(SEED_ORDERS.length >= 6);
    assert.equal(
      new Set(SEED_ORDERS.map((o) => `${o.email}|${o.number}`)).size,
      SEED_ORDERS.length,
    );
  });

  it('covers two-, zero- and three-decimal currencies', () => {
    const currencies = SEED_ORDERS.map((o) => o.currency);
    for (const c of ['EUR', 'JPY', 'KWD']) assert.ok(currencies.includes(c), c);
  });

  it('has lines partly returned, in a return already, and not returnable', () => {
    assert.ok(lines.some((l) => l.quantity_returned > 0 && returnable(l) > 0));
    assert.ok(lines.some((l) => l.quantity_in_progress > 0));
    assert.ok(lines.some((l) => l.quantity_not_returnable === l.quantity));
    assert.ok(SEED_ORDERS.some((o) => o.lines.every((l) => returnable(l) === 0)));
  });

  it('has an order of 250 lines', () => {
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
    assert.match(names, /<img src=x onerror=/);
    assert.match(names, /<script>/);
  });
});
