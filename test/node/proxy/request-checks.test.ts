// The request checks before anything reaches REVER (proxy/middleware/request-checks.ts): a body
// over the limit is a 413 whether it declares its length, streams, or comes chunked. What the
// query and body must be is checked by the attack and fuzz suites.
import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { ReturnsProxyOptions } from '../../../proxy/index.ts';
import {
  scriptedServer,
  sendJson,
  serveProxy,
  type ScriptedServer,
  type Served,
} from '../support/http.ts';

const KEY = 'sk_live_request_checks_key_0001';

/** Serves a proxy app with this suite's key on loopback. */
const serveApp = (options: Partial<ReturnsProxyOptions> & { upstream: string }) =>
  serveProxy({ apiKey: KEY, ...options });

describe('the request checks', () => {
  let upstream: ScriptedServer;
  let proxy: Served;
  const lines: string[] = [];

  before(async () => {
    upstream = await scriptedServer();
    proxy = await serveApp({ upstream: `${upstream.url}/base`, logger: (l) => lines.push(l) });
  });
  after(async () => {
    await proxy.close();
    await upstream.close();
  });
  beforeEach(() => {
    upstream.requests.length = 0;
    upstream.respond = (_req, res) => sendJson(res, 200, { ok: true });
  });

  it('answers 413 to a body over the limit, declared or streamed', async () => {
    const big = JSON.stringify({ email: 'a'.repeat(20_000), order_number: '1' });
    const declared = await fetch(`${proxy.url}/returns/intent/start`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: big,
    });
    assert.equal(declared.status, 413);
    const streamed = await fetch(`${proxy.url}/returns/intent/start`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: new ReadableStream({
        start(controller) {
          controller.enqueue(new TextEncoder().encode(big));
          controller.close();
        },
      }),
      duplex: 'half',
    } as RequestInit);
    assert.equal(streamed.status, 413);
    assert.equal(upstream.requests.length, 0);
  });

  it('answers 413 to a chunked body over the limit that declares no length', async () => {
    const { hostname, port } = new URL(proxy.url);
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(
        { host: hostname, port, method: 'POST', path: '/returns/intent/start' },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      for (let i = 0; i < 20; i++) req.write('x'.repeat(1024));
      req.end();
    });
    assert.equal(status, 413);
    assert.equal(upstream.requests.length, 0);
  });
});
