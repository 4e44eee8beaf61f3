// The reference proxy over real HTTP: in front of a scripted upstream (to see exactly what
// reaches REVER) and in front of the embedded mock.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, before, beforeEach, describe, it } from 'node:test';
import { createReturnsProxy, type ReturnsProxyOptions } from '../../../proxy/index.ts';
import { configFromEnv } from '../../../proxy/env.ts';
import { isLocalOrigin, startProxy } from '../../../proxy/node.ts';
import {
  scriptedServer,
  sendJson,
  serveProxy,
  SHOP,
  type ScriptedServer,
} from '../support/http.ts';
import { sessionFor, SESSION_SECRET } from '../support/session.ts';

const KEY = 'sk_live_very_secret_key_4242';
const S = { 'x-rever-session': await sessionFor('ret_1', ['o1', 'o2']) };

/** Serves a proxy app with this suite's key on loopback; returns its URL and a closer. */
const serveApp = (options: Partial<ReturnsProxyOptions> & { upstream: string }) =>
  serveProxy({ apiKey: KEY, ...options });

/** Raw text of a whole answer, headers and body, to search for the key. */
async function rawText(response: Response): Promise<string> {
  return [...response.headers].map(([k, v]) => `${k}: ${v}`).join('\n') + (await response.text());
}

describe('the proxy, in front of a scripted upstream', () => {
  let upstream: ScriptedServer;
  let proxy: { url: string; close(): Promise<void> };
  const seen: string[] = [];

  before(async () => {
    upstream = await scriptedServer();
    proxy = await serveApp({
      upstream: `${upstream.url}/storefront/`,
      logger: (l) => seen.push(l),
    });
  });
  after(async () => {
    await proxy.close();
    await upstream.close();
  });
  beforeEach(() => {
    upstream.requests.length = 0;
    upstream.respond = (_req, res) =>
      sendJson(
        res,
        200,
        { ok: true },
        { 'set-cookie': 'session=abc; HttpOnly', 'x-internal': '1' },
      );
  });

  it('forwards a POST under the upstream prefix with the key and the allowed headers only', async () => {
    const response = await fetch(`${proxy.url}/returns/ret_1/line_items`, {
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
    const [request] = upstream.requests;
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
    await fetch(`${proxy.url}/returns?order_ids=o1&order_ids=o2`, { headers: S });
    await fetch(`${proxy.url}/returns/ret_1/line_items/li_2`, { method: 'DELETE', headers: S });
    assert.deepEqual(
      upstream.requests.map((r) => `${r.method} ${r.url}`),
      [
        'GET /storefront/returns?order_ids=o1&order_ids=o2',
        'DELETE /storefront/returns/ret_1/line_items/li_2',
      ],
    );
  });

  it('passes status and content-type, never set-cookie or other upstream headers, and adds security headers', async () => {
    upstream.respond = (_req, res) =>
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
    const response = await fetch(`${proxy.url}/returns/ret_1/refund_options`, { headers: S });
    assert.equal(response.status, 429);
    assert.equal(response.headers.get('retry-after'), '12');
    assert.equal(response.headers.get('set-cookie'), null);
    assert.equal(response.headers.get('server'), null);
    assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(response.headers.get('cache-control'), 'no-store');
    assert.equal(response.headers.get('referrer-policy'), 'no-referrer');
  });

  const refused: [string, string][] = [
    ['GET', '/'],
    ['GET', '/returns/intent/start'],
    ['PUT', '/returns/ret_1/confirm'],
    ['POST', '/returns/%2e%2e/confirm'],
    ['POST', '//returns/intent/start'],
    ['POST', '/returns/ret_1/confirm/'],
    ['POST', '/returns/a%2Fb/confirm'],
    ['GET', '/returns/ret_1/refund_options/../../admin'],
    ['GET', '/admin/keys'],
  ];
  for (const [method, path] of refused) {
    it(`answers 404 to ${method} ${path}, and nothing reaches REVER`, async () => {
      // Raw HTTP, so the path is sent exactly as written (fetch would normalize dot segments).
      const { status, body } = await rawRequest(proxy.url, method, path);
      assert.equal(status, 404);
      assert.equal((JSON.parse(body) as { error: { code: string } }).error.code, 'not_found');
      assert.equal(upstream.requests.length, 0);
      assert.doesNotMatch(body, new RegExp(KEY));
    });
  }

  it('answers CORS for an allowed origin and refuses a foreign one before REVER sees it', async () => {
    const ok = await fetch(`${proxy.url}/returns/ret_1/refund_options`, {
      headers: { ...S, origin: SHOP },
    });
    assert.equal(ok.headers.get('access-control-allow-origin'), SHOP);
    assert.match(ok.headers.get('vary') ?? '', /origin/i);
    assert.equal(ok.headers.get('access-control-expose-headers'), 'retry-after, x-rever-session');
    const foreign = await fetch(`${proxy.url}/returns/intent/start`, {
      method: 'POST',
      headers: { origin: 'https://evil.example', 'content-type': 'text/plain' },
      body: '{"email":"a@b.co","order_number":"1"}',
    });
    assert.equal(foreign.status, 403);
    assert.equal(foreign.headers.get('access-control-allow-origin'), null);
    assert.equal(upstream.requests.length, 1, 'only the allowed request reached REVER');
  });

  it('answers preflights for allowed origins with the path’s methods', async () => {
    const ok = await fetch(`${proxy.url}/returns/ret_1/line_items/li_1`, {
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
    const foreign = await fetch(`${proxy.url}/returns/ret_1/line_items/li_1`, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'DELETE' },
    });
    assert.equal(foreign.status, 403);
    assert.equal(foreign.headers.get('access-control-allow-origin'), null);
    assert.equal(upstream.requests.length, 0);
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

  it('never writes the key to its log', () => {
    assert.ok(seen.length > 0);
    assert.ok(seen.every((line) => !line.includes(KEY)));
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
    { timeout: 10_000 },
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

  it('refuses to start without an absolute upstream URL or a key', () => {
    assert.throws(() =>
      createReturnsProxy({
        upstream: '/x',
        apiKey: KEY,
        allowedOrigins: [],
        sessionSecret: SESSION_SECRET,
      }),
    );
    assert.throws(() =>
      createReturnsProxy({
        upstream: 'ftp://x',
        apiKey: KEY,
        allowedOrigins: [],
        sessionSecret: SESSION_SECRET,
      }),
    );
    assert.throws(() =>
      createReturnsProxy({
        upstream: 'https://x',
        apiKey: '',
        allowedOrigins: [],
        sessionSecret: SESSION_SECRET,
      }),
    );
  });
});

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

describe('the proxy configuration', () => {
  it('defaults to port 8787, the embedded mock and localhost origins', () => {
    assert.deepEqual(configFromEnv({}), { ok: true, options: { port: 8787 } });
    assert.equal(isLocalOrigin('http://localhost:5173'), true);
    assert.equal(isLocalOrigin('http://127.0.0.1:8080'), true);
    assert.equal(isLocalOrigin('http://localhost.evil.example'), false);
    assert.equal(isLocalOrigin('https://shop.example'), false);
  });

  it('reads REVER_API_URL, REVER_API_KEY, SESSION_SECRET, ALLOWED_ORIGINS, TRUST_PROXY_HEADER', () => {
    assert.deepEqual(
      configFromEnv({
        PORT: '9000',
        REVER_API_URL: 'https://rever.example/api',
        REVER_API_KEY: KEY,
        SESSION_SECRET: ` ${SESSION_SECRET} `,
        ALLOWED_ORIGINS: 'https://shop.example/, https://www.shop.example',
        TRUST_PROXY_HEADER: 'CF-Connecting-IP',
      }),
      {
        ok: true,
        options: {
          port: 9000,
          upstream: 'https://rever.example/api',
          apiKey: KEY,
          sessionSecret: SESSION_SECRET,
          allowedOrigins: ['https://shop.example', 'https://www.shop.example'],
          trustProxyHeader: 'cf-connecting-ip',
        },
      },
    );
  });

  it('asks for REVER_API_KEY when REVER_API_URL is set without it', () => {
    const config = configFromEnv({ REVER_API_URL: 'https://rever.example' });
    assert.equal(config.ok, false);
    assert.match(!config.ok ? config.error : '', /REVER_API_KEY/);
  });

  it('asks for a SESSION_SECRET of 32+ characters in front of REVER, and a header name to trust', () => {
    const base = { REVER_API_URL: 'https://rever.example', REVER_API_KEY: KEY };
    const missing = configFromEnv(base);
    assert.match(!missing.ok ? missing.error : '', /SESSION_SECRET is not set/);
    const short = configFromEnv({ ...base, SESSION_SECRET: 'short' });
    assert.match(!short.ok ? short.error : '', /at least 32/);
    const header = configFromEnv({ TRUST_PROXY_HEADER: 'x-forwarded-for: 1.2.3.4' });
    assert.match(!header.ok ? header.error : '', /TRUST_PROXY_HEADER/);
    // With the embedded mock a secret is optional, and used when given.
    assert.deepEqual(configFromEnv({ SESSION_SECRET }), {
      ok: true,
      options: { port: 8787, sessionSecret: SESSION_SECRET },
    });
  });

  it('exits with code 1 and says why when started that way', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'proxy/cli.ts'], {
      env: { ...process.env, REVER_API_URL: 'https://rever.example', REVER_API_KEY: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    assert.equal(code, 1);
    assert.match(stderr, /REVER_API_KEY is not set/);
  });
});

/** One HTTP request with the path sent byte for byte as given. */
async function rawRequest(base: string, method: string, path: string) {
  const { request } = await import('node:http');
  const url = new URL(base);
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, method, path }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}
