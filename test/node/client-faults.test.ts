// The client against a scripted server over real HTTP: every error kind, malformed and oversized
// bodies, retries, abort and timeout. (The client against the mock is in client.test.ts.)
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { createReverClient } from '../../src/services/client.ts';
import { ReverError, type ReverErrorCode } from '../../src/services/errors.ts';
import { rejection } from './support/rejection.ts';
import { scriptedServer, sendJson, type ScriptedServer } from './support/http.ts';

const session = { returnId: 'ret_1', customerToken: 'tok_1' };
const intent = { email: 'a@b.co', order_number: '1' };

describe('REVER client, faults over HTTP', () => {
  let server: ScriptedServer;
  const client = (opts: { timeoutMs?: number; readRetries?: number } = {}) =>
    createReverClient({ proxyUrl: `${server.url}/apps/rever`, ...opts });

  before(async () => (server = await scriptedServer()));
  after(() => server.close());
  beforeEach(() => (server.requests.length = 0));

  const statuses: [number, ReverErrorCode][] = [
    [400, 'invalid'],
    [401, 'unauthorized'],
    [403, 'unauthorized'],
    [404, 'not-found'],
    [409, 'conflict'],
    [413, 'invalid'],
    [422, 'not-returnable'],
    [500, 'server'],
    [502, 'server'],
    [504, 'timeout'],
  ];
  for (const [status, code] of statuses) {
    it(`maps HTTP ${status} to ${code}, keeping REVER's code but not its message`, async () => {
      server.respond = (_req, res) =>
        sendJson(res, status, { error: { code: 'some_code', message: 'secret detail' } });
      const error = await rejection(client().startReturnIntent(intent));
      assert.ok(error instanceof ReverError);
      assert.equal(error.code, code);
      assert.equal(error.status, status);
      assert.equal(error.upstreamCode, 'some_code');
      assert.doesNotMatch(error.message, /secret detail/);
      assert.equal(server.requests.length, 1, 'a write is never retried');
    });
  }

  it('maps 429 to rate-limited with Retry-After, and does not retry a write', async () => {
    server.respond = (_req, res) =>
      sendJson(res, 429, { error: { code: 'rate_limited', message: 'x' } }, { 'retry-after': '7' });
    const error = await rejection(client().startReturnIntent(intent));
    assert.ok(error instanceof ReverError);
    assert.equal(error.code, 'rate-limited');
    assert.equal(error.retryAfter, 7);
    assert.equal(server.requests.length, 1);
  });

  it('retries a read after a 503 and after a 429 with Retry-After', async () => {
    let n = 0;
    server.respond = (_req, res) => {
      n++;
      if (n === 1) sendJson(res, 503, { error: { code: 'down', message: 'x' } });
      else if (n === 2) sendJson(res, 429, {}, { 'retry-after': '0' });
      else
        sendJson(res, 200, { refund_options: [{ method: 'STORE_CREDIT', bonus_percentage: 10 }] });
    };
    const options = await client().getRefundOptions(session);
    assert.deepEqual(options, [{ method: 'STORE_CREDIT', bonus_percentage: 10 }]);
    assert.equal(server.requests.length, 3);
  });

  it('gives up on a read after its retries', async () => {
    server.respond = (_req, res) => sendJson(res, 500, {});
    const error = await rejection(client({ readRetries: 1 }).getRefundOptions(session));
    assert.ok(error instanceof ReverError && error.code === 'server');
    assert.equal(server.requests.length, 2);
  });

  it('sends the path under the proxy prefix, the token, and repeated order_ids', async () => {
    server.respond = (_req, res) => sendJson(res, 200, { returns: [] });
    await client().getActiveReturns(session, ['o1', 'o2']);
    const [request] = server.requests;
    assert.equal(request?.url, '/apps/rever/returns?order_ids=o1&order_ids=o2');
    assert.equal(request?.headers['x-rever-customer-token'], 'tok_1');
    assert.equal(request?.headers['x-rever-api-key'], undefined);
  });

  it('calls malformed JSON a bad response', async () => {
    server.respond = (_req, res) =>
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"order": {');
    const error = await rejection(client().startReturnIntent(intent));
    assert.ok(error instanceof ReverError && error.code === 'bad-response');
  });

  it('calls a body of the wrong shape a bad response', async () => {
    server.respond = (_req, res) => sendJson(res, 200, { order: { id: 1, line_items: 'x' } });
    const error = await rejection(client().startReturnIntent(intent));
    assert.ok(error instanceof ReverError && error.code === 'bad-response');
  });

  it('calls an id no path can carry a bad response, and sends nothing', async () => {
    const odd = { returnId: 'ret/../../admin', customerToken: 'tok_1' };
    const error = await rejection(client().getRefundOptions(odd));
    assert.ok(error instanceof ReverError && error.code === 'bad-response');
    const line = await rejection(client().removeReturnLineItem(session, 'a b?c'));
    assert.ok(line instanceof ReverError && line.code === 'bad-response');
    assert.equal(server.requests.length, 0);
  });

  it('refuses a 3 MB body as a bad response', async () => {
    server.respond = (_req, res) =>
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ refund_options: [{ method: 'x'.repeat(3_000_000) }] }));
    const error = await rejection(client().getRefundOptions(session));
    assert.ok(error instanceof ReverError && error.code === 'bad-response');
  });

  it('maps an HTML error page to the status, not to a parse failure', async () => {
    server.respond = (_req, res) =>
      res.writeHead(502, { 'content-type': 'text/html' }).end('<h1>Bad gateway</h1>');
    const error = await rejection(client().confirmReturn(session));
    assert.ok(error instanceof ReverError);
    assert.equal(error.code, 'server');
    assert.equal(error.upstreamCode, undefined);
  });

  it('times out an attempt that never answers', async () => {
    server.respond = () => {}; // never answers
    const started = Date.now();
    const error = await rejection(client({ timeoutMs: 150 }).startReturnIntent(intent));
    assert.ok(error instanceof ReverError && error.code === 'timeout');
    assert.ok(Date.now() - started < 2000);
  });

  it('passes an abort through as an AbortError, not a ReverError', async () => {
    server.respond = () => {};
    const controller = new AbortController();
    const pending = client().startReturnIntent(intent, { signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    const error = await rejection(pending);
    assert.ok(!(error instanceof ReverError));
    assert.equal((error as Error).name, 'AbortError');
  });

  it('calls an unreachable proxy a network error', async () => {
    const closed = await scriptedServer();
    await closed.close();
    const error = await rejection(
      createReverClient({ proxyUrl: closed.url }).startReturnIntent(intent),
    );
    assert.ok(error instanceof ReverError && error.code === 'network');
  });
});
