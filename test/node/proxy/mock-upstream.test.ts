// The proxy in front of the mock of REVER, end to end over real HTTP: started by startProxy
// (proxy/node.ts) with the embedded mock, and built by createReturnsProxy in front of a mock
// server: an intent opens a session the later calls use, and the mock's own errors pass through.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DEMO_ORDERS } from '../../../mock/seed.ts';
import type { ReturnsProxyOptions } from '../../../proxy/index.ts';
import { startProxy } from '../../../proxy/node.ts';
import { serveProxy, SHOP, type Served } from '../support/http.ts';
import { raw, rawText } from '../support/raw.ts';
import { sessionFor } from '../support/session.ts';

const KEY = 'sk_live_mock_upstream_key_0001';

/** Serves a proxy app with this suite's key on loopback. */
const serveApp = (options: Partial<ReturnsProxyOptions> & { upstream: string }) =>
  serveProxy({ apiKey: KEY, ...options });

describe('the proxy in front of the embedded mock', () => {
  it('serves a seeded order with the mock key, never echoing it', async () => {
    const proxy = await startProxy({ port: 0, log: () => {} });
    assert.equal(proxy.embeddedMock, true);
    const response = await fetch(`${proxy.url}/returns/intent/start`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'http://localhost:5173' },
      body: JSON.stringify({ email: 'kenji.sato@example.jp', order_number: '2002' }),
    });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('access-control-allow-origin'), 'http://localhost:5173');
    const text = await rawText(response);
    assert.match(text, /"currency":"JPY"/);
    assert.doesNotMatch(text, /mock-rever-api-key/);
    await proxy.close();
  });
});

describe('the proxy in front of the real mock', () => {
  let mock: { url: string; apiKey: string; close(): Promise<void> };
  let proxy: Served;

  before(async () => {
    const { startMockRever } = await import('../../../mock/node.ts');
    mock = await startMockRever({ port: 0 });
    proxy = await serveApp({ upstream: mock.url, apiKey: mock.apiKey });
  });
  after(async () => {
    await proxy?.close();
    await mock?.close();
  });

  it('starts an intent for a seeded order, then lists its returns with the shopper token', async () => {
    const order = DEMO_ORDERS[0]!;
    const started = await raw(
      proxy.url,
      'POST',
      '/returns/intent/start',
      { 'content-type': 'application/json', origin: SHOP },
      JSON.stringify({ email: order.email, order_number: order.orderNumber }),
    );
    assert.equal(started.status, 200, started.body);
    assert.equal(started.headers['access-control-allow-origin'], SHOP);
    assert.ok(!started.text.includes(mock.apiKey));
    const { order: found } = JSON.parse(started.body) as {
      order: { id: string; currency: string; return_id: string; customer_token: string };
    };
    assert.equal(found.currency, order.currency);
    const session = started.headers['x-rever-session'] ?? '';
    assert.match(session, /^v1\.[\w-]+\.[\w-]+$/);
    assert.match(started.headers['access-control-expose-headers'] ?? '', /x-rever-session/);
    const listed = await raw(proxy.url, 'GET', `/returns?order_ids=${found.id}`, {
      'x-rever-customer-token': found.customer_token,
      'x-rever-session': session,
    });
    assert.equal(listed.status, 200, listed.body);
    assert.ok(Array.isArray((JSON.parse(listed.body) as { returns: unknown[] }).returns));
    const refunds = await raw(proxy.url, 'GET', `/returns/${found.return_id}/refund_options`, {
      'x-rever-customer-token': found.customer_token,
      'x-rever-session': session,
    });
    assert.equal(refunds.status, 200, refunds.body);
  });

  it("passes the mock's own errors through: an unknown order, a missing token", async () => {
    const unknown = await raw(
      proxy.url,
      'POST',
      '/returns/intent/start',
      { 'content-type': 'application/json' },
      JSON.stringify({ email: 'nobody@example.com', order_number: '0000' }),
    );
    assert.equal(unknown.status, 404);
    // A valid session for the order, but no REVER customer token: REVER's own 401.
    const noToken = await raw(proxy.url, 'GET', '/returns?order_ids=ord_1001', {
      'x-rever-session': await sessionFor('ret_x', ['ord_1001']),
    });
    assert.equal(noToken.status, 401);
    assert.match(noToken.headers['content-type'] ?? '', /json/);
  });

  it('answers the mock’s 401 when the proxy holds the wrong key, never echoing either key', async () => {
    const wrong = await serveApp({ upstream: mock.url, apiKey: KEY });
    const answer = await raw(
      wrong.url,
      'POST',
      '/returns/intent/start',
      { 'content-type': 'application/json' },
      JSON.stringify({ email: 'a@b.co', order_number: '1' }),
    );
    assert.equal(answer.status, 401);
    assert.ok(!answer.text.includes(KEY) && !answer.text.includes(mock.apiKey));
    await wrong.close();
  });
});
