// Which browser origins may call the proxy (proxy/middleware/origin-guard.ts, preflight.ts and
// the CORS headers of headers.ts): an allowed origin gets CORS, a foreign or opaque one a 403
// before REVER sees anything, and a request without Origin (a server, curl) is served plainly.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ReturnsProxyOptions } from '../../../proxy/index.ts';
import { proxyOverOk, scriptedServer, sendJson, serveProxy, SHOP } from '../support/http.ts';
import { raw } from '../support/raw.ts';
import { sessionFor } from '../support/session.ts';

const KEY = 'sk_live_origin_guard_key_0001';
/** A valid session for return ret_1 and orders o1, o2: what the calls below are about. */
const S = { 'x-rever-session': await sessionFor('ret_1', ['o1', 'o2']) };

/** Serves a proxy app with this suite's key on loopback. */
const serveApp = (options: Partial<ReturnsProxyOptions> & { upstream: string }) =>
  serveProxy({ apiKey: KEY, ...options });

describe('the origin guard', () => {
  const over = proxyOverOk(KEY);

  it('answers CORS for an allowed origin and refuses a foreign one before REVER sees it', async () => {
    const ok = await fetch(`${over.proxy.url}/returns/ret_1/refund_options`, {
      headers: { ...S, origin: SHOP },
    });
    assert.equal(ok.headers.get('access-control-allow-origin'), SHOP);
    assert.match(ok.headers.get('vary') ?? '', /origin/i);
    assert.equal(ok.headers.get('access-control-expose-headers'), 'retry-after, x-rever-session');
    const foreign = await fetch(`${over.proxy.url}/returns/intent/start`, {
      method: 'POST',
      headers: { origin: 'https://evil.example', 'content-type': 'text/plain' },
      body: '{"email":"a@b.co","order_number":"1"}',
    });
    assert.equal(foreign.status, 403);
    assert.equal(foreign.headers.get('access-control-allow-origin'), null);
    assert.equal(over.upstream.requests.length, 1, 'only the allowed request reached REVER');
  });

  it('puts the security and CORS headers on every answer: REVER’s, its error, the proxy’s own', async () => {
    const expected = {
      'x-content-type-options': 'nosniff',
      'cache-control': 'no-store',
      'referrer-policy': 'no-referrer',
      'x-frame-options': 'DENY',
      'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
      vary: 'origin',
    };
    const answers = [];
    // REVER's answer passed on, then REVER's error (rewritten by the proxy).
    answers.push(
      await fetch(`${over.proxy.url}/returns/ret_1/refund_options`, {
        headers: { ...S, origin: SHOP },
      }),
    );
    over.upstream.respond = (_req, res) =>
      sendJson(res, 409, { error: { code: 'conflict' } }, { 'retry-after': '5' });
    answers.push(
      await fetch(`${over.proxy.url}/returns/ret_1/refund_options`, {
        headers: { ...S, origin: SHOP },
      }),
    );
    // The proxy's own refusal: no session.
    answers.push(
      await fetch(`${over.proxy.url}/returns/ret_1/refund_options`, { headers: { origin: SHOP } }),
    );
    assert.deepEqual(
      answers.map((a) => a.status),
      [200, 409, 401],
    );
    for (const answer of answers) {
      for (const [name, value] of Object.entries(expected)) {
        assert.equal(answer.headers.get(name), value, `${answer.status} ${name}`);
      }
      assert.equal(answer.headers.get('access-control-allow-origin'), SHOP);
      assert.equal(
        answer.headers.get('access-control-expose-headers'),
        'retry-after, x-rever-session',
      );
    }
    assert.equal(answers[1]!.headers.get('retry-after'), '5');
    // Without an Origin: the same security headers, no CORS.
    const plain = await fetch(`${over.proxy.url}/returns/ret_1/refund_options`, { headers: S });
    assert.equal(plain.headers.get('x-frame-options'), 'DENY');
    assert.equal(plain.headers.get('vary'), 'origin');
    assert.equal(plain.headers.get('access-control-allow-origin'), null);
  });

  it('answers preflights for allowed origins with the path’s methods', async () => {
    const ok = await fetch(`${over.proxy.url}/returns/ret_1/line_items/li_1`, {
      method: 'OPTIONS',
      headers: {
        origin: SHOP,
        'access-control-request-method': 'DELETE',
        'access-control-request-headers': 'x-rever-customer-token',
      },
    });
    assert.equal(ok.status, 204);
    assert.equal(ok.headers.get('access-control-allow-origin'), SHOP);
    assert.equal(ok.headers.get('access-control-allow-methods'), 'DELETE');
    assert.match(ok.headers.get('access-control-allow-headers') ?? '', /x-rever-customer-token/);
    const foreign = await fetch(`${over.proxy.url}/returns/ret_1/line_items/li_1`, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'DELETE' },
    });
    assert.equal(foreign.status, 403);
    assert.equal(foreign.headers.get('access-control-allow-origin'), null);
    assert.equal(over.upstream.requests.length, 0);
  });

  it('serves requests without Origin (servers, curl) with no CORS headers', async () => {
    const answer = await raw(over.proxy.url, 'GET', '/returns?order_ids=o1', S);
    assert.equal(answer.status, 200);
    assert.equal(over.upstream.requests.length, 1);
    assert.ok(!/access-control-/i.test(answer.text));
  });

  it('answers a plain OPTIONS (no Origin) with the methods, and preflights per path', async () => {
    const plain = await raw(over.proxy.url, 'OPTIONS', '/returns');
    assert.equal(plain.status, 204);
    assert.equal(plain.headers.allow, 'GET');
    assert.ok(!/access-control-/i.test(plain.text));
    const preflight = await raw(over.proxy.url, 'OPTIONS', '/returns/ret_1/line_items', {
      origin: SHOP,
      'access-control-request-method': 'POST',
    });
    assert.equal(preflight.status, 204);
    assert.equal(preflight.headers['access-control-allow-methods'], 'POST');
    assert.equal(preflight.headers['access-control-max-age'], '600');
    assert.equal(
      preflight.headers['access-control-allow-headers'],
      'content-type, x-rever-customer-token, x-rever-session',
    );
    assert.match(preflight.headers.vary ?? '', /origin/i);
    assert.equal(over.upstream.requests.length, 0);
  });

  it('refuses a foreign or opaque origin on every method, before REVER', async () => {
    for (const origin of ['https://evil.example', 'null', 'https://shop.example.evil.example']) {
      const answer = await raw(over.proxy.url, 'GET', '/returns?order_ids=o1', { origin });
      assert.equal(answer.status, 403, origin);
      assert.ok(!/access-control-/i.test(answer.text), origin);
    }
    assert.equal(over.upstream.requests.length, 0);
  });
});

describe('the origin guard under faults', () => {
  it('refuses an origin whose predicate throws, and survives a logger that throws', async () => {
    const upstream = await scriptedServer();
    upstream.respond = (_req, res) => sendJson(res, 200, { ok: true });
    const proxy = await serveApp({
      upstream: upstream.url,
      allowedOrigins: () => {
        throw new Error('policy bug');
      },
      logger: () => {
        throw new Error('log sink down');
      },
    });
    const foreign = await raw(proxy.url, 'GET', '/returns?order_ids=o1', { origin: SHOP });
    assert.equal(foreign.status, 403);
    const plain = await raw(proxy.url, 'GET', '/returns?order_ids=o1', S);
    assert.equal(plain.status, 200);
    await proxy.close();
    await upstream.close();
  });
});
