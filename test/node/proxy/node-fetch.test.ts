// What proxy/node-fetch.ts (the proxy's upstream transport on Node) must do besides the proxy
// suites, which proxy-node-transport.test.ts runs over it: what the runtime's fetch did for free.
import assert from 'node:assert/strict';
import type { Socket } from 'node:net';
import { after, before, beforeEach, describe, it } from 'node:test';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { createNodeFetch } from '../../../proxy/node-fetch.ts';
import { scriptedServer, serveProxy, type ScriptedServer } from '../support/http.ts';
import { sessionFor } from '../support/session.ts';

const KEY = 'sk_live_node_fetch_key_4242';
const S = { 'x-rever-session': await sessionFor('ret_1', ['o1']) };

describe('the proxy upstream transport on Node', () => {
  let upstream: ScriptedServer;
  const nodeFetch = createNodeFetch();

  before(async () => {
    upstream = await scriptedServer();
  });
  after(() => upstream.close());
  beforeEach(() => {
    upstream.requests.length = 0;
  });

  it('asks for a compressed answer and hands on the decoded body (gzip and brotli)', async () => {
    const json = JSON.stringify({ reasons: [{ id: 'r1', name: 'Too small' }] });
    for (const [encoding, bytes] of [
      ['gzip', gzipSync(json)],
      ['br', brotliCompressSync(json)],
    ] as const) {
      upstream.respond = (_req, res) =>
        res
          .writeHead(200, { 'content-type': 'application/json', 'content-encoding': encoding })
          .end(bytes);
      const answer = await nodeFetch(`${upstream.url}/x`, { method: 'GET', headers: {} });
      assert.equal(await answer.text(), json, encoding);
      // The headers describe the body handed on, not the bytes on the wire.
      assert.equal(answer.headers.get('content-encoding'), null);
    }
    assert.match(String(upstream.requests[0]!.headers['accept-encoding']), /gzip/);
  });

  it('sends the headers it is given, as a record, a Headers or a list of pairs', async () => {
    upstream.respond = (_req, res) => res.writeHead(204).end();
    for (const headers of [
      { 'x-rever-api-key': KEY },
      new Headers({ 'x-rever-api-key': KEY }),
      [['x-rever-api-key', KEY]] as [string, string][],
    ]) {
      assert.equal((await nodeFetch(`${upstream.url}/h`, { headers })).status, 204);
    }
    assert.deepEqual(
      upstream.requests.map((r) => r.headers['x-rever-api-key']),
      [KEY, KEY, KEY],
    );
  });

  it('withholds a compressed answer that echoes the key, and refuses a corrupt one', async () => {
    const proxy = await serveProxy({ upstream: upstream.url, apiKey: KEY, fetch: nodeFetch });
    try {
      // Compressed, the key is not in the bytes on the wire: the check must see decoded text.
      upstream.respond = (req, res) =>
        res
          .writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' })
          .end(gzipSync(JSON.stringify({ echo: req.headers['x-rever-api-key'] })));
      let response = await fetch(`${proxy.url}/returns/ret_1/refund_options`, { headers: S });
      assert.equal(response.status, 502);
      assert.doesNotMatch(await response.text(), new RegExp(KEY));

      upstream.respond = (_req, res) =>
        res
          .writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' })
          .end(Buffer.from('not gzip at all'));
      response = await fetch(`${proxy.url}/returns/ret_1/refund_options`, { headers: S });
      assert.equal(response.status, 502);
      assert.match(await response.text(), /upstream_unavailable/);
    } finally {
      await proxy.close();
    }
  });

  describe('a kept-alive connection the server closed meanwhile', () => {
    // Each connection answers its first request and closes on the next without answering: to
    // the client, a reused connection that fails before any answer (the stale keep-alive race).
    const served = new WeakMap<Socket, number>();
    beforeEach(() => {
      upstream.respond = (req, res) => {
        const count = (served.get(req.socket) ?? 0) + 1;
        served.set(req.socket, count);
        if (count > 1) return void req.socket.destroy();
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
      };
    });

    it('sends a read once more on a new connection', async () => {
      const fresh = createNodeFetch();
      assert.equal((await fresh(`${upstream.url}/a`, { method: 'GET' })).status, 200);
      const again = await fresh(`${upstream.url}/b`, { method: 'GET' });
      assert.equal(again.status, 200);
      assert.deepEqual(await again.json(), { ok: true });
      assert.deepEqual(
        upstream.requests.map((r) => r.url),
        ['/a', '/b', '/b'],
      );
    });

    it('never sends a POST twice: the call fails instead', async () => {
      const fresh = createNodeFetch();
      assert.equal((await fresh(`${upstream.url}/a`, { method: 'GET' })).status, 200);
      await assert.rejects(
        fresh(`${upstream.url}/c`, { method: 'POST', body: new Uint8Array([123, 125]) }),
        (error: Error) => error instanceof TypeError && error.message === 'fetch failed',
      );
      assert.deepEqual(
        upstream.requests.map((r) => `${r.method} ${r.url}`),
        ['GET /a', 'POST /c'],
      );
    });
  });
});
