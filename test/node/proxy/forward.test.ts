// The call to REVER and its answer (proxy/middleware/forward.ts): under the configured base with
// the key and the allowed headers only, REVER's answer back with its status and the allowed
// headers only, the key never passed back, redirects never followed, and REVER's failures turned
// into the contract's 502 and 504 without REVER's own text.
import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import type { ReturnsProxyOptions } from '../../../proxy/index.ts';
import {
  proxyOverOk,
  proxyOverScripted,
  scriptedServer,
  sendJson,
  serveProxy,
  SHOP,
} from '../support/http.ts';
import { errorCode, raw, rawText } from '../support/raw.ts';
import { sessionFor } from '../support/session.ts';

const KEY = 'sk_live_very_secret_key_4242';
/** A valid session for return ret_1 and orders o1, o2: what the calls below are about. */
const S = { 'x-rever-session': await sessionFor('ret_1', ['o1', 'o2']) };

/** Serves a proxy app with this suite's key on loopback. */
const serveApp = (options: Partial<ReturnsProxyOptions> & { upstream: string }) =>
  serveProxy({ apiKey: KEY, ...options });

describe('the proxy forwards to a scripted upstream', () => {
  const seen: string[] = [];
  const over = proxyOverScripted((url) => ({
    apiKey: KEY,
    upstream: `${url}/storefront/`,
    logger: (l) => seen.push(l),
  }));
  beforeEach(() => {
    over.upstream.requests.length = 0;
    over.upstream.respond = (_req, res) =>
      sendJson(
        res,
        200,
        { ok: true },
        { 'set-cookie': 'session=abc; HttpOnly', 'x-internal': '1' },
      );
  });

  it('forwards a POST under the upstream prefix with the key and the allowed headers only', async () => {
    const response = await fetch(`${over.proxy.url}/returns/ret_1/line_items`, {
      method: 'POST',
      headers: {
        ...S,
        'content-type': 'application/json',
        'x-rever-customer-token': 'tok_1',
        'x-rever-api-key': 'client-forged-key',
        cookie: 'shop_session=1',
        authorization: 'Bearer x',
        'x-forwarded-host': 'evil.example',
      },
      body: JSON.stringify({ line_item_id: 'li_1', quantity: 1, return_reason_id: 'r' }),
    });
    assert.equal(response.status, 200);
    const [request] = over.upstream.requests;
    assert.equal(request?.method, 'POST');
    assert.equal(request?.url, '/storefront/returns/ret_1/line_items');
    assert.equal(request?.headers['x-rever-api-key'], KEY, 'the configured key, not the client');
    assert.equal(request?.headers['x-rever-customer-token'], 'tok_1');
    assert.equal(request?.headers['content-type'], 'application/json');
    for (const name of ['cookie', 'authorization', 'x-forwarded-host']) {
      assert.equal(request?.headers[name], undefined, name);
    }
    assert.deepEqual(JSON.parse(request.body), {
      line_item_id: 'li_1',
      quantity: 1,
      return_reason_id: 'r',
    });
  });

  it('forwards a GET with its query string and a DELETE', async () => {
    await fetch(`${over.proxy.url}/returns?order_ids=o1&order_ids=o2`, { headers: S });
    await fetch(`${over.proxy.url}/returns/ret_1/line_items/li_2`, {
      method: 'DELETE',
      headers: S,
    });
    assert.deepEqual(
      over.upstream.requests.map((r) => `${r.method} ${r.url}`),
      [
        'GET /storefront/returns?order_ids=o1&order_ids=o2',
        'DELETE /storefront/returns/ret_1/line_items/li_2',
      ],
    );
  });

  it('passes status and content-type, never set-cookie or other upstream headers, and adds security headers', async () => {
    over.upstream.respond = (_req, res) =>
      sendJson(
        res,
        429,
        { error: { code: 'rate_limited', message: 'x' } },
        {
          'retry-after': '12',
          'set-cookie': 'a=b',
          server: 'upstream/1.0',
        },
      );
    const response = await fetch(`${over.proxy.url}/returns/ret_1/refund_options`, { headers: S });
    assert.equal(response.status, 429);
    assert.equal(response.headers.get('retry-after'), '12');
    assert.equal(response.headers.get('set-cookie'), null);
    assert.equal(response.headers.get('server'), null);
    assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(response.headers.get('cache-control'), 'no-store');
    assert.equal(response.headers.get('referrer-policy'), 'no-referrer');
  });

  it('never writes the key to its log', () => {
    assert.ok(seen.length > 0);
    assert.ok(seen.every((line) => !line.includes(KEY)));
  });
});

describe('the proxy sends REVER only what it checked, and passes back only the answer', () => {
  const over = proxyOverOk(KEY);
  const { lines } = over;

  it('lets no absolute-form target or Host header steer where the request goes', async () => {
    await raw(over.proxy.url, 'GET', 'http://evil.example/returns?order_ids=o1', {
      ...S,
      host: 'evil.example',
    });
    await raw(over.proxy.url, 'GET', '/returns?order_ids=o2', {
      ...S,
      host: 'evil.example',
      'x-forwarded-host': 'evil.example',
    });
    assert.deepEqual(
      over.upstream.requests.map((r) => [r.url, r.headers.host]),
      [
        ['/base/returns?order_ids=o1', new URL(over.upstream.url).host],
        ['/base/returns?order_ids=o2', new URL(over.upstream.url).host],
      ],
    );
  });

  it('passes a valid query string as the client wrote it', async () => {
    await raw(over.proxy.url, 'GET', '/returns?order_ids=o%31&order_ids=o2', S);
    assert.equal(over.upstream.requests[0]?.url, '/base/returns?order_ids=o%31&order_ids=o2');
  });

  it('drops every request header but the allowed four, and replaces a client key', async () => {
    await raw(
      over.proxy.url,
      'POST',
      '/returns/intent/start',
      {
        ...S,
        'content-type': 'application/json',
        accept: 'application/json',
        'accept-language': 'es',
        'x-rever-customer-token': 'tok',
        'x-rever-api-key': 'forged',
        cookie: 'a=b',
        authorization: 'Basic eDp5',
        'x-forwarded-for': '1.2.3.4',
        'x-forwarded-host': 'evil.example',
        'user-agent': 'shopper-browser',
        'x-anything': '1',
      },
      '{"email":"a@b.co","order_number":"1"}',
    );
    const headers = over.upstream.requests[0]?.headers ?? {};
    assert.equal(headers['x-rever-api-key'], KEY);
    assert.equal(headers['x-rever-customer-token'], 'tok');
    assert.equal(headers['accept-language'], 'es');
    for (const name of [
      'x-rever-session',
      'cookie',
      'authorization',
      'x-forwarded-for',
      'x-forwarded-host',
      'x-anything',
    ]) {
      assert.equal(headers[name], undefined, name);
    }
    assert.notEqual(headers['user-agent'], 'shopper-browser');
  });

  it('withholds an upstream answer that echoes the key (body or header), and logs why', async () => {
    over.upstream.respond = (req, res) => sendJson(res, 200, { received: req.headers });
    const echoed = await raw(over.proxy.url, 'GET', '/returns/ret_1/refund_options', {
      ...S,
      origin: SHOP,
    });
    assert.equal(echoed.status, 502);
    assert.equal(errorCode(echoed), 'upstream_unavailable');
    assert.ok(!echoed.text.includes(KEY));
    over.upstream.respond = (req, res) =>
      sendJson(res, 429, {}, { 'retry-after': String(req.headers['x-rever-api-key']) });
    // An error's Retry-After passes only as a number of seconds: the key in it is dropped.
    const inHeader = await raw(over.proxy.url, 'GET', '/returns/ret_1/refund_options', S);
    assert.equal(inHeader.status, 429);
    assert.equal(inHeader.headers['retry-after'], undefined);
    assert.ok(!inHeader.text.includes(KEY));
    assert.ok(lines.some((l) => l.includes('upstream_echoed_key')));
    assert.ok(lines.every((l) => !l.includes(KEY)));
  });

  it('never follows nor passes on an upstream redirect', async () => {
    over.upstream.respond = (_req, res) =>
      res.writeHead(302, { location: 'https://evil.example/' }).end();
    const answer = await raw(over.proxy.url, 'GET', '/returns?order_ids=o1', S);
    assert.equal(answer.status, 502);
    assert.equal(answer.headers.location, undefined);
    assert.equal(over.upstream.requests.length, 1);
  });

  it('passes an empty answer and REVER errors with their status and Retry-After', async () => {
    over.upstream.respond = (_req, res) => res.writeHead(204, { 'set-cookie': 'a=b' }).end();
    const empty = await raw(over.proxy.url, 'DELETE', '/returns/ret_1/line_items/li_1', S);
    assert.equal(empty.status, 204);
    assert.equal(empty.body, '');
    assert.equal(empty.headers['set-cookie'], undefined);
    over.upstream.respond = (_req, res) =>
      sendJson(
        res,
        409,
        { error: { code: 'conflict', message: 'm' } },
        { 'cache-control': 'max-age=60' },
      );
    const conflict = await raw(over.proxy.url, 'POST', '/returns/ret_1/confirm', S, '');
    assert.equal(conflict.status, 409);
    assert.equal(errorCode(conflict), 'conflict');
    assert.equal(conflict.headers['cache-control'], 'no-store');
  });
});

describe('the proxy when REVER fails', () => {
  it('answers 504 in the contract shape when REVER does not answer in time', async () => {
    const slow = await scriptedServer();
    slow.respond = () => {};
    const proxy = await serveApp({ upstream: slow.url, timeoutMs: 150 });
    const response = await fetch(`${proxy.url}/returns/ret_1/refund_options`, { headers: S });
    assert.equal(response.status, 504);
    assert.equal(
      ((await response.json()) as { error: { code: string } }).error.code,
      'upstream_timeout',
    );
    await proxy.close();
    await slow.close();
  });

  it('answers 502 without the upstream error when REVER is down', async () => {
    const gone = await scriptedServer();
    await gone.close();
    const proxy = await serveApp({ upstream: gone.url });
    const response = await fetch(`${proxy.url}/returns/ret_1/refund_options`, { headers: S });
    assert.equal(response.status, 502);
    const text = await rawText(response);
    assert.match(text, /upstream_unavailable/);
    assert.doesNotMatch(text, /ECONNREFUSED|127\.0\.0\.1/);
    await proxy.close();
  });

  it(
    'answers 502, never a part, when REVER cuts its answer short',
    { timeout: 60_000 },
    async () => {
      const cut = await scriptedServer();
      cut.respond = (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
        res.write('{"partial":');
        setTimeout(() => res.socket?.destroy(), 20);
      };
      // A transport that waited for the rest would end in a 504 instead.
      const proxy = await serveApp({ upstream: cut.url, timeoutMs: 2000 });
      const response = await fetch(`${proxy.url}/returns/ret_1/refund_options`, { headers: S });
      assert.equal(response.status, 502);
      const text = await rawText(response);
      assert.match(text, /upstream_unavailable/);
      assert.doesNotMatch(text, /partial/);
      await proxy.close();
      await cut.close();
    },
  );

  it('stops the upstream call when the shopper goes away', async () => {
    const slow = await scriptedServer();
    let closed!: () => void;
    const upstreamClosed = new Promise<void>((resolve) => (closed = resolve));
    let received!: () => void;
    const upstreamReceived = new Promise<void>((resolve) => (received = resolve));
    slow.respond = (_req, res) => {
      received();
      res.on('close', () => closed());
    };
    const proxy = await serveApp({ upstream: slow.url, timeoutMs: 10_000 });
    const abort = new AbortController();
    const pending = fetch(`${proxy.url}/returns/ret_1/refund_options`, {
      headers: S,
      signal: abort.signal,
    });
    // Once REVER has the call (a fixed wait raced a loaded machine's proxy to it).
    await upstreamReceived;
    abort.abort();
    await assert.rejects(pending);
    await Promise.race([
      upstreamClosed,
      new Promise((_, reject) => setTimeout(() => reject(new Error('upstream still open')), 2000)),
    ]);
    await proxy.close();
    await slow.close();
  });
});
