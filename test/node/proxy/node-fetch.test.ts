// What proxy/node-fetch.ts (the proxy's upstream transport on Node) must do besides the proxy
// suites, which proxy-node-transport.test.ts runs over it: what the runtime's fetch did for free.
import assert from 'node:assert/strict';
import type { ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { after, before, beforeEach, describe, it } from 'node:test';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { BodyTooLarge } from '../../../proxy/http.ts';
import { createNodeFetch } from '../../../proxy/node-fetch.ts';
import { UPSTREAM_CALL, type Upstream, type UpstreamRequest } from '../../../proxy/upstream.ts';
import { scriptedServer, serveProxy, type ScriptedServer } from '../support/http.ts';
import { sessionFor } from '../support/session.ts';

const KEY = 'sk_live_node_fetch_key_4242';
const S = { 'x-rever-session': await sessionFor('ret_1', ['o1']) };

/**
 * An upstream whose connections each answer their first request and close on the next without
 * answering: to the client, a reused connection that fails before any answer (the stale
 * keep-alive race).
 */
function closingAfterFirst(): ScriptedServer['respond'] {
  const served = new WeakMap<Socket, number>();
  return (req, res) => {
    const count = (served.get(req.socket) ?? 0) + 1;
    served.set(req.socket, count);
    if (count > 1) return void req.socket.destroy();
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
  };
}

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
    beforeEach(() => {
      upstream.respond = closingAfterFirst();
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
  describe('its answers read into bytes (what the proxy takes on Node)', () => {
    const bytesCall = () =>
      (createNodeFetch() as typeof fetch & { [UPSTREAM_CALL]?: Upstream })[UPSTREAM_CALL]!;
    const call = bytesCall();
    const get = (path: string, more: Partial<UpstreamRequest> = {}) =>
      call({ url: `${upstream.url}${path}`, method: 'GET', headers: {}, maxBytes: 1000, ...more });
    const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

    it('hands on the status, the headers and the decoded body (gzip, deflate, brotli)', async () => {
      const json = JSON.stringify({ reasons: [{ id: 'r1', name: 'Too small' }] });
      for (const [encoding, bytes] of [
        ['identity', Buffer.from(json)],
        ['gzip', gzipSync(json)],
        ['deflate', deflateSync(json)],
        ['br', brotliCompressSync(json)],
      ] as const) {
        upstream.respond = (_req, res) =>
          res
            .writeHead(201, {
              'content-type': 'application/json',
              'content-language': 'es',
              'content-encoding': encoding,
            })
            .end(bytes);
        const answer = await get('/x').answer;
        assert.equal(answer.status, 201, encoding);
        assert.equal(text(answer.body), json, encoding);
        assert.equal(answer.header('content-type'), 'application/json');
        assert.equal(answer.header('content-language'), 'es');
        assert.equal(answer.header('retry-after'), null);
      }
      assert.match(String(upstream.requests[0]!.headers['accept-encoding']), /gzip/);
    });

    it('sends the method, the headers and the body it is given', async () => {
      upstream.respond = (_req, res) => res.writeHead(204).end();
      const answer = await call({
        url: `${upstream.url}/p?q=1`,
        method: 'POST',
        headers: { 'x-rever-api-key': KEY, 'content-type': 'application/json' },
        body: new TextEncoder().encode('{"a":1}'),
        maxBytes: 1000,
      }).answer;
      assert.equal(answer.status, 204);
      assert.equal(answer.body.byteLength, 0);
      const [seen] = upstream.requests;
      assert.equal(`${seen!.method} ${seen!.url} ${seen!.body}`, 'POST /p?q=1 {"a":1}');
      assert.equal(seen!.headers['x-rever-api-key'], KEY);
    });

    it('refuses a body over the cap: announced, sent without a length, or decoded from less', async () => {
      const big = 'x'.repeat(1001);
      for (const respond of [
        (res: ServerResponse) => res.writeHead(200, { 'content-length': '1001' }).end(big),
        (res: ServerResponse) => {
          // Chunked: no length to go by, the bytes are counted as they come.
          res.writeHead(200);
          res.write(big.slice(0, 600));
          res.end(big.slice(600));
        },
        // 1,001 bytes once decoded from a few dozen on the wire.
        (res: ServerResponse) =>
          res.writeHead(200, { 'content-encoding': 'gzip' }).end(gzipSync(big)),
      ]) {
        upstream.respond = (_req, res) => respond(res);
        await assert.rejects(get('/big').answer, BodyTooLarge);
      }
      // At the cap exactly, the body is handed on.
      upstream.respond = (_req, res) => res.writeHead(200).end('y'.repeat(1000));
      assert.equal((await get('/just').answer).body.byteLength, 1000);
    });

    it('fails a connection cut before the answer ends, and an encoding it cannot decode', async () => {
      upstream.respond = (_req, res) => {
        res.writeHead(200, { 'content-length': '100' });
        res.write('{"partial":');
        setTimeout(() => res.socket?.destroy(), 20);
      };
      await assert.rejects(
        get('/cut').answer,
        (error: Error) => error instanceof TypeError && error.message === 'fetch failed',
      );
      for (const [encoding, bytes] of [
        ['gzip', Buffer.from('not gzip at all')],
        ['compress', Buffer.from('lzw')],
      ] as const) {
        upstream.respond = (_req, res) =>
          res.writeHead(200, { 'content-encoding': encoding }).end(bytes);
        await assert.rejects(
          get('/bad').answer,
          (error: Error) => error instanceof TypeError && error.message === 'fetch failed',
        );
      }
    });

    it('stops on cancel, before the answer and while its body comes', async () => {
      const closed: Promise<void>[] = [];
      let received!: () => void;
      for (const respond of [
        (_res: ServerResponse) => {}, // never answers
        (res: ServerResponse) => res.writeHead(200, { 'content-length': '100' }).write('{"a":'),
      ]) {
        const heard = new Promise<void>((resolve) => (received = resolve));
        upstream.respond = (_req, res) => {
          closed.push(new Promise((resolve) => res.on('close', () => resolve())));
          respond(res);
          received();
        };
        const pending = get('/slow');
        await heard;
        // Once the head is in: the body is under way.
        await new Promise((resolve) => setTimeout(resolve, 20));
        pending.cancel();
        await assert.rejects(pending.answer, (error: Error) => error.name === 'AbortError');
      }
      // The server sees both connections go.
      await Promise.all(closed);
    });

    describe('on a kept-alive connection the server closed meanwhile', () => {
      beforeEach(() => {
        upstream.respond = closingAfterFirst();
      });

      it('sends a read once more, and never a POST', async () => {
        const fresh = bytesCall();
        const call = (method: string, path: string) =>
          fresh({ url: `${upstream.url}${path}`, method, headers: {}, maxBytes: 1000 }).answer;
        assert.equal((await call('GET', '/a')).status, 200);
        assert.equal(text((await call('GET', '/b')).body), '{"ok":true}');
        await assert.rejects(
          call('POST', '/c'),
          (error: Error) => error instanceof TypeError && error.message === 'fetch failed',
        );
        assert.deepEqual(
          upstream.requests.map((r) => `${r.method} ${r.url}`),
          ['GET /a', 'GET /b', 'GET /b', 'POST /c'],
        );
      });
    });
  });
});
