// The same proxy handler under workerd, the open-source Workers runtime, over real HTTP: every
// operation of the contract against the embedded mock, the key added and never returned, and
// the proxy's refusals. (The Node entry is tested in cli.test.ts and mock-upstream.test.ts.)
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startMockRever } from '../../../mock/node.ts';
import { startWorkerdProxy, type RunningWorkerd } from '../../../proxy/workerd/run.ts';
import { createReverClient } from '../../../src/services/client.ts';
import { ReverError } from '../../../src/services/errors.ts';
import { startProxy } from '../../../proxy/node.ts';
import { proxyFromEnv } from '../../../proxy/worker.ts';
import { SESSION_HEADER } from '../../../contract/index.ts';
import { scriptedServer, sendJson, type ScriptedServer } from '../support/http.ts';
import { SESSION_SECRET, sessionFor } from '../support/session.ts';

const SHOP = 'https://shop.example';

async function rawText(response: Response): Promise<string> {
  return [...response.headers].map(([k, v]) => `${k}: ${v}`).join('\n') + (await response.text());
}

describe('the proxy under workerd, in front of the embedded mock', () => {
  let mock: Awaited<ReturnType<typeof startMockRever>>;
  let worker: RunningWorkerd;
  const logs: string[] = [];

  before(async () => {
    mock = await startMockRever({ port: 0 });
    worker = await startWorkerdProxy({
      upstream: mock.url,
      apiKey: mock.apiKey,
      sessionSecret: SESSION_SECRET,
      allowedOrigins: [SHOP],
      allowLocalUpstream: true,
      log: (line) => logs.push(line),
    });
  });
  after(async () => {
    await worker?.close();
    await mock?.close();
  });

  it('serves a whole return through every operation of the contract', async () => {
    const client = createReverClient({ proxyUrl: worker.url });
    const order = await client.startReturnIntent({
      email: 'ana.garcia@example.com',
      order_number: '1001',
    });
    assert.equal(order.id, 'ord_1001');
    const session = { returnId: order.return_id, customerToken: order.customer_token };
    const reasons = await client.getReturnReasons(session, 'en');
    const line = order.line_items[0]!;
    const reason = reasons.find((r) => line.available_return_reasons.some((a) => a.id === r.id));
    assert.ok(reason);
    const add = () =>
      client.addReturnLineItem(session, {
        line_item_id: line.id,
        quantity: 1,
        return_reason_id: reason.id,
        ...(reason.comment_required ? { comment: 'too big' } : {}),
      });
    assert.deepEqual(
      (await add()).line_items.map((l) => l.line_item_id),
      [line.id],
    );
    assert.deepEqual((await client.removeReturnLineItem(session, line.id)).line_items, []);
    await add();
    const refunds = await client.getRefundOptions(session);
    assert.ok(refunds.some((r) => r.method === 'STORE_CREDIT'));
    const exchanges = await client.getExchangeOptions(session, line.id);
    assert.ok(Array.isArray(exchanges));
    const saved = await client.saveClientPreferences(session, line.id, { method: 'STORE_CREDIT' });
    assert.ok(saved.pending_credit_to_use > 0);
    const confirmed = await client.confirmReturn(session);
    assert.equal(confirmed.return_id, order.return_id);
    const active = await client.getActiveReturns(session, [order.id]);
    assert.ok(active.some((r) => r.id === order.return_id));
    // A confirmed return narrows the session: REVER's confirmation (replayed) comes with a
    // read-only token, which reads and never writes.
    const replay = await fetch(`${worker.url}/returns/${order.return_id}/confirm`, {
      method: 'POST',
      headers: {
        [SESSION_HEADER]: client.sessionTokenFor(order.return_id)!,
        'x-rever-customer-token': order.customer_token,
      },
    });
    assert.equal(replay.status, 200);
    const narrowed = replay.headers.get(SESSION_HEADER)!;
    assert.ok(narrowed && narrowed !== client.sessionTokenFor(order.return_id));
    const as = { [SESSION_HEADER]: narrowed, 'x-rever-customer-token': order.customer_token };
    const read = await fetch(`${worker.url}/returns?order_ids=${order.id}`, { headers: as });
    assert.equal(read.status, 200);
    const write = await fetch(`${worker.url}/returns/${order.return_id}/line_items/${line.id}`, {
      method: 'DELETE',
      headers: as,
    });
    assert.equal(write.status, 403);
    assert.equal(((await write.json()) as { error: { code: string } }).error.code, 'forbidden');
  });

  it('passes REVER’s own errors through in the contract’s shape', async () => {
    const client = createReverClient({ proxyUrl: worker.url });
    await assert.rejects(
      client.startReturnIntent({ email: 'nobody@example.com', order_number: '1001' }),
      (error) => error instanceof ReverError && error.upstreamCode === 'order_not_found',
    );
  });

  it('answers 404 to anything but the contract, 403 to a foreign origin, 413 to a big body', async () => {
    for (const [method, path] of [
      ['GET', '/admin'],
      ['GET', '/returns/intent/start'],
      ['POST', '/returns/%2e%2e/admin'],
      ['DELETE', '/returns/r1/line_items'],
    ]) {
      const response = await fetch(`${worker.url}${path}`, { method });
      assert.equal(response.status, 404, `${method} ${path}`);
      assert.equal(
        ((await response.json()) as { error: { code: string } }).error.code,
        'not_found',
      );
    }
    const foreign = await fetch(`${worker.url}/returns/intent/start`, {
      method: 'POST',
      headers: { origin: 'https://evil.example', 'content-type': 'application/json' },
      body: '{}',
    });
    assert.equal(foreign.status, 403);
    assert.equal(foreign.headers.get('access-control-allow-origin'), null);
    const big = await fetch(`${worker.url}/returns/intent/start`, {
      method: 'POST',
      headers: { origin: SHOP, 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'x'.repeat(100_000), order_number: '1' }),
    });
    assert.equal(big.status, 413);
  });

  it('answers preflights for the allowed origin', async () => {
    const response = await fetch(`${worker.url}/returns/intent/start`, {
      method: 'OPTIONS',
      headers: {
        origin: SHOP,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    });
    assert.ok(response.status === 204 || response.status === 200);
    assert.equal(response.headers.get('access-control-allow-origin'), SHOP);
    assert.match(response.headers.get('access-control-allow-methods') ?? '', /POST/);
  });

  it('binds every call to the session its intent issued, across runtimes', async () => {
    const intent = (email: string, number: string) =>
      fetch(`${worker.url}/returns/intent/start`, {
        method: 'POST',
        headers: { origin: SHOP, 'content-type': 'application/json' },
        body: JSON.stringify({ email, order_number: number }),
      });
    const mine = await intent('ana.garcia@example.com', '1001');
    const token = mine.headers.get(SESSION_HEADER);
    assert.ok(token, 'the intent answers a session token');
    const { order } = (await mine.json()) as {
      order: { return_id: string; id: string; customer_token: string };
    };
    const other = (await (await intent('kenji.sato@example.jp', '2002')).json()) as {
      order: { return_id: string; id: string };
    };
    const get = (base: string, path: string, session?: string) =>
      fetch(`${base}${path}`, {
        headers: {
          origin: SHOP,
          'x-rever-customer-token': order.customer_token,
          ...(session ? { [SESSION_HEADER]: session } : {}),
        },
      });
    assert.equal((await get(worker.url, `/returns/${order.return_id}/refund_options`)).status, 401);
    const ok = await get(worker.url, `/returns/${order.return_id}/refund_options`, token);
    assert.equal(ok.status, 200, await ok.clone().text());
    const theirs = await get(worker.url, `/returns/${other.order.return_id}/refund_options`, token);
    assert.equal(theirs.status, 403, 'another shopper’s return with my session');
    assert.equal(
      (await get(worker.url, `/returns?order_ids=${other.order.id}`, token)).status,
      403,
      'another shopper’s order with my session',
    );
    // Stateless: a Node instance with the same secret accepts what workerd issued.
    const node = await startProxy({
      port: 0,
      upstream: mock.url,
      apiKey: mock.apiKey,
      sessionSecret: SESSION_SECRET,
      allowedOrigins: [SHOP],
      log: () => {},
    });
    try {
      const there = await get(node.url, `/returns/${order.return_id}/refund_options`, token);
      assert.equal(there.status, 200);
    } finally {
      await node.close();
    }
  });

  it('never returns the key, whatever is asked, and never logs it', async () => {
    const answers = await Promise.all(
      [
        [
          'POST',
          '/returns/intent/start',
          '{"email":"ana.garcia@example.com","order_number":"1001"}',
        ],
        ['GET', '/returns/ret_x/refund_options', undefined],
        ['GET', '/nothing', undefined],
      ].map(([method, path, body]) =>
        fetch(`${worker.url}${path}`, {
          method,
          headers: { origin: SHOP, 'content-type': 'application/json', 'x-rever-api-key': 'mine' },
          ...(body ? { body } : {}),
        }).then(rawText),
      ),
    );
    for (const text of answers) assert.ok(!text.includes(mock.apiKey));
    assert.ok(logs.every((line) => !line.includes(mock.apiKey)));
  });
});

describe('the proxy under workerd, in front of a scripted upstream', () => {
  let upstream: ScriptedServer;
  let worker: RunningWorkerd;
  const KEY = 'sk_live_workerd_secret_77';

  before(async () => {
    upstream = await scriptedServer();
    worker = await startWorkerdProxy({
      upstream: `${upstream.url}/storefront`,
      apiKey: KEY,
      sessionSecret: SESSION_SECRET,
      allowedOrigins: [SHOP],
      allowLocalUpstream: true,
    });
  });
  after(async () => {
    await worker?.close();
    await upstream?.close();
  });

  it('adds the key from its secret binding, drops the client’s, and keeps upstream cookies out', async () => {
    upstream.respond = (_req, res) =>
      sendJson(res, 200, { refund_options: [] }, { 'set-cookie': 'sid=1', 'x-internal': 'yes' });
    const response = await fetch(`${worker.url}/returns/ret_1/refund_options`, {
      headers: {
        origin: SHOP,
        'x-rever-api-key': 'client-sent',
        'x-rever-customer-token': 'tok',
        [SESSION_HEADER]: await sessionFor('ret_1'),
      },
    });
    assert.equal(response.status, 200);
    const [seen] = upstream.requests;
    assert.equal(seen?.url, '/storefront/returns/ret_1/refund_options');
    assert.equal(seen?.headers['x-rever-api-key'], KEY);
    assert.equal(seen?.headers['x-rever-customer-token'], 'tok');
    assert.equal(response.headers.get('set-cookie'), null);
    assert.equal(response.headers.get('x-internal'), null);
    assert.ok(!(await rawText(response)).includes(KEY));
  });
});

describe('the worker’s configuration from bindings', () => {
  const env = {
    REVER_API_URL: 'https://rever.example/storefront',
    REVER_API_KEY: 'sk_test',
    SESSION_SECRET: SESSION_SECRET,
  };

  it('names the missing bindings, and refuses an allowed origin that is not an origin', () => {
    assert.throws(
      () => proxyFromEnv({ REVER_API_URL: env.REVER_API_URL }),
      /REVER_API_KEY and SESSION_SECRET/,
    );
    assert.throws(
      () => proxyFromEnv({ ...env, ALLOWED_ORIGINS: 'https://shop.example/returns' }),
      /not an origin/,
    );
    assert.ok(
      proxyFromEnv({ ...env, ALLOWED_ORIGINS: 'https://shop.example/, https://b.example' }),
    );
  });
});
