// The reference proxy's edges over real HTTP: what it refuses, what it never passes back (the key
// above all), how it fails, and the Node entry as a process. proxy.test.ts covers the main paths.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { request as httpRequest, type OutgoingHttpHeaders } from 'node:http';
import { after, before, beforeEach, describe, it } from 'node:test';
import { startMockRever } from '../../../mock/node.ts';
import { DEMO_ORDERS } from '../../../mock/seed.ts';
import { createReturnsProxy, splitTarget, type ReturnsProxyOptions } from '../../../proxy/index.ts';
import { configFromEnv } from '../../../proxy/env.ts';
import {
  scriptedServer,
  sendJson,
  serveProxy,
  SHOP,
  type ScriptedServer,
  type Served,
} from '../support/http.ts';
import { sessionFor, SESSION_SECRET } from '../support/session.ts';

const KEY = 'sk_live_hardening_key_0001';
const ROOT = new URL('../../..', import.meta.url).pathname;
/** A valid session for return ret_1 and orders o1, o2: what the calls below are about. */
const SESSION = await sessionFor('ret_1', ['o1', 'o2']);
const S = { 'x-rever-session': SESSION };

/** Serves a proxy app with this suite's key on loopback. */
const serveApp = (options: Partial<ReturnsProxyOptions> & { upstream: string }) =>
  serveProxy({ apiKey: KEY, ...options });

interface RawAnswer {
  status: number;
  headers: Record<string, string>;
  /** Status line, every header as sent, and the body: what to search for the key. */
  text: string;
  body: string;
}

/** One HTTP request with the target sent byte for byte as given (fetch would normalize it). */
function raw(
  base: string,
  method: string,
  path: string,
  headers: OutgoingHttpHeaders = {},
  body?: string,
): Promise<RawAnswer> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: hostname, port, method, path, headers }, (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString()));
      res.on('end', () => {
        const head = res.rawHeaders.map((v, i) => (i % 2 ? `${v}\n` : `${v}: `)).join('');
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers as Record<string, string>,
          text: `${res.statusCode} ${res.statusMessage}\n${head}\n${text}`,
          body: text,
        });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

const errorCode = (answer: RawAnswer) =>
  (JSON.parse(answer.body) as { error: { code: string } }).error.code;

describe('the proxy refuses everything but the contract', () => {
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

  const refused: [string, string][] = [
    ['GET', '/'],
    ['GET', '/returns/intent/start'],
    ['HEAD', '/returns'],
    ['PATCH', '/returns/ret_1/confirm'],
    ['GET', '/returns/../admin'],
    ['GET', '/returns/%2e%2e/x'],
    ['GET', '/returns/%2E%2E/returns'],
    ['GET', '//returns'],
    ['GET', '/returns//'],
    ['POST', '/returns/abc/confirm/'],
    ['POST', '/returns/a%2Fb/confirm'],
    ['POST', '/returns/a%00b/confirm'],
    ['GET', '/returns/ret_1/refund_options;x=1'],
    ['GET', '/RETURNS'],
    ['OPTIONS', '/admin'],
  ];
  for (const [method, path] of refused) {
    it(`404s ${method} ${path} in the contract's shape, without the key, and REVER sees nothing`, async () => {
      const answer = await raw(proxy.url, method, path, { origin: SHOP });
      assert.equal(answer.status, 404);
      if (method !== 'HEAD') {
        assert.equal(errorCode(answer), 'not_found');
        assert.match(answer.headers['content-type'] ?? '', /^application\/json/);
      }
      assert.equal(answer.headers['x-content-type-options'], 'nosniff');
      assert.ok(!answer.text.includes(KEY));
      assert.equal(upstream.requests.length, 0);
    });
  }

  it('lets no absolute-form target or Host header steer where the request goes', async () => {
    await raw(proxy.url, 'GET', 'http://evil.example/returns?order_ids=o1', {
      ...S,
      host: 'evil.example',
    });
    await raw(proxy.url, 'GET', '/returns?order_ids=o2', {
      ...S,
      host: 'evil.example',
      'x-forwarded-host': 'evil.example',
    });
    assert.deepEqual(
      upstream.requests.map((r) => [r.url, r.headers.host]),
      [
        ['/base/returns?order_ids=o1', new URL(upstream.url).host],
        ['/base/returns?order_ids=o2', new URL(upstream.url).host],
      ],
    );
  });

  it('passes a valid query string as the client wrote it', async () => {
    await raw(proxy.url, 'GET', '/returns?order_ids=o%31&order_ids=o2', S);
    assert.equal(upstream.requests[0]?.url, '/base/returns?order_ids=o%31&order_ids=o2');
  });

  it('drops every request header but the allowed four, and replaces a client key', async () => {
    await raw(
      proxy.url,
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
    const headers = upstream.requests[0]?.headers ?? {};
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
    upstream.respond = (req, res) => sendJson(res, 200, { received: req.headers });
    const echoed = await raw(proxy.url, 'GET', '/returns/ret_1/refund_options', {
      ...S,
      origin: SHOP,
    });
    assert.equal(echoed.status, 502);
    assert.equal(errorCode(echoed), 'upstream_unavailable');
    assert.ok(!echoed.text.includes(KEY));
    upstream.respond = (req, res) =>
      sendJson(res, 429, {}, { 'retry-after': String(req.headers['x-rever-api-key']) });
    // An error's Retry-After passes only as a number of seconds: the key in it is dropped.
    const inHeader = await raw(proxy.url, 'GET', '/returns/ret_1/refund_options', S);
    assert.equal(inHeader.status, 429);
    assert.equal(inHeader.headers['retry-after'], undefined);
    assert.ok(!inHeader.text.includes(KEY));
    assert.ok(lines.some((l) => l.includes('upstream_echoed_key')));
    assert.ok(lines.every((l) => !l.includes(KEY)));
  });

  it('never follows nor passes on an upstream redirect', async () => {
    upstream.respond = (_req, res) =>
      res.writeHead(302, { location: 'https://evil.example/' }).end();
    const answer = await raw(proxy.url, 'GET', '/returns?order_ids=o1', S);
    assert.equal(answer.status, 502);
    assert.equal(answer.headers.location, undefined);
    assert.equal(upstream.requests.length, 1);
  });

  it('passes an empty answer and REVER errors with their status and Retry-After', async () => {
    upstream.respond = (_req, res) => res.writeHead(204, { 'set-cookie': 'a=b' }).end();
    const empty = await raw(proxy.url, 'DELETE', '/returns/ret_1/line_items/li_1', S);
    assert.equal(empty.status, 204);
    assert.equal(empty.body, '');
    assert.equal(empty.headers['set-cookie'], undefined);
    upstream.respond = (_req, res) =>
      sendJson(
        res,
        409,
        { error: { code: 'conflict', message: 'm' } },
        { 'cache-control': 'max-age=60' },
      );
    const conflict = await raw(proxy.url, 'POST', '/returns/ret_1/confirm', S, '');
    assert.equal(conflict.status, 409);
    assert.equal(errorCode(conflict), 'conflict');
    assert.equal(conflict.headers['cache-control'], 'no-store');
  });

  it('serves requests without Origin (servers, curl) with no CORS headers', async () => {
    const answer = await raw(proxy.url, 'GET', '/returns?order_ids=o1', S);
    assert.equal(answer.status, 200);
    assert.equal(upstream.requests.length, 1);
    assert.ok(!/access-control-/i.test(answer.text));
  });

  it('answers a plain OPTIONS (no Origin) with the methods, and preflights per path', async () => {
    const plain = await raw(proxy.url, 'OPTIONS', '/returns');
    assert.equal(plain.status, 204);
    assert.equal(plain.headers.allow, 'GET');
    assert.ok(!/access-control-/i.test(plain.text));
    const preflight = await raw(proxy.url, 'OPTIONS', '/returns/ret_1/line_items', {
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
    assert.equal(upstream.requests.length, 0);
  });

  it('refuses a foreign or opaque origin on every method, before REVER', async () => {
    for (const origin of ['https://evil.example', 'null', 'https://shop.example.evil.example']) {
      const answer = await raw(proxy.url, 'GET', '/returns?order_ids=o1', { origin });
      assert.equal(answer.status, 403, origin);
      assert.ok(!/access-control-/i.test(answer.text), origin);
    }
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

describe('the proxy under faults', () => {
  it('stops the upstream call when the shopper goes away', async () => {
    const slow = await scriptedServer();
    let closed!: () => void;
    const upstreamClosed = new Promise<void>((resolve) => (closed = resolve));
    slow.respond = (_req, res) => res.on('close', () => closed());
    const proxy = await serveApp({ upstream: slow.url, timeoutMs: 10_000 });
    const abort = new AbortController();
    const pending = fetch(`${proxy.url}/returns/ret_1/refund_options`, {
      headers: S,
      signal: abort.signal,
    });
    await new Promise((r) => setTimeout(r, 100));
    abort.abort();
    await assert.rejects(pending);
    await Promise.race([
      upstreamClosed,
      new Promise((_, reject) => setTimeout(() => reject(new Error('upstream still open')), 2000)),
    ]);
    await proxy.close();
    await slow.close();
  });

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

  it('refuses at creation an upstream with a query, a fragment or credentials, and bad limits', () => {
    const make =
      (upstream: string, extra: Partial<ReturnsProxyOptions> = {}) =>
      () =>
        createReturnsProxy({
          upstream,
          apiKey: KEY,
          allowedOrigins: [],
          sessionSecret: SESSION_SECRET,
          ...extra,
        });
    assert.throws(make('https://rever.example/api?x=1'), /query/);
    assert.throws(make('https://rever.example/api#x'), /fragment/);
    assert.throws(make('https://user:pass@rever.example/api'), /credentials/);
    assert.throws(make('rever.example'), /absolute http\(s\) URL/);
    assert.throws(make('https://rever.example', { timeoutMs: 0 }), /timeoutMs/);
    assert.throws(make('https://rever.example', { maxBodyBytes: -1 }), /maxBodyBytes/);
    assert.doesNotThrow(make('https://rever.example/_mock/apis/storefront/'));
  });

  it('splits a request URL into its raw path and query', () => {
    assert.deepEqual(splitTarget('http://h/returns/%2e%2e/x?a=%20#f'), {
      pathname: '/returns/%2e%2e/x',
      search: '?a=%20',
    });
    assert.deepEqual(splitTarget('http://h//returns'), { pathname: '//returns', search: '' });
    assert.deepEqual(splitTarget('http://h?x=/y'), { pathname: '/', search: '?x=/y' });
    assert.deepEqual(splitTarget('http://h:8787'), { pathname: '/', search: '' });
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

describe('the proxy configuration, beyond the defaults', () => {
  it('refuses a REVER_API_URL that is not an absolute http(s) URL', () => {
    const config = configFromEnv({ REVER_API_URL: 'rever.example', REVER_API_KEY: KEY });
    assert.equal(config.ok, false);
    assert.match(!config.ok ? config.error : '', /REVER_API_URL/);
  });

  it('refuses ALLOWED_ORIGINS entries that are not exact origins', () => {
    for (const value of [
      '*',
      'shop.example',
      'https://shop.example/path',
      'https://*.shop.example',
    ]) {
      const config = configFromEnv({ ALLOWED_ORIGINS: value });
      assert.equal(config.ok, false, value);
      assert.match(!config.ok ? config.error : '', /ALLOWED_ORIGINS/);
    }
  });

  it('reads HOST, trims values and refuses a PORT that is not a port', () => {
    assert.deepEqual(configFromEnv({ HOST: ' 0.0.0.0 ', PORT: '0', ALLOWED_ORIGINS: ' , ' }), {
      ok: true,
      options: { port: 0, host: '0.0.0.0' },
    });
    for (const port of ['abc', '-1', '70000', '80.5']) {
      assert.equal(configFromEnv({ PORT: port }).ok, false, port);
    }
  });
});

describe('npm run proxy, as a process', () => {
  const children: ChildProcess[] = [];
  // Whatever a failed assertion leaves running is stopped here, by its own pid.
  after(() => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  });

  /** Starts the Node entry with the given environment (none of the parent's REVER_*). */
  function run(command: string, args: string[], env: Record<string, string>): ChildProcess {
    const base = Object.fromEntries(
      Object.entries(process.env).filter(
        ([k]) =>
          !/^(REVER_API_URL|REVER_API_KEY|ALLOWED_ORIGINS|SESSION_SECRET|TRUST_PROXY_HEADER)$/.test(
            k,
          ),
      ),
    );
    const child = spawn(command, args, {
      cwd: ROOT,
      env: { ...base, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    return child;
  }

  /** The exit code; 'exit' rather than 'close', which a grandchild holding the pipes would delay. */
  const exitCode = (child: ChildProcess) =>
    new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  it(
    'exits with code 1 and a message naming REVER_API_KEY when only REVER_API_URL is set',
    { timeout: 10_000 },
    async () => {
      const child = run('npx', ['tsx', 'proxy/cli.ts'], {
        REVER_API_URL: 'https://rever.example/storefront',
        PORT: '0',
      });
      let stderr = '';
      child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      assert.equal(await exitCode(child), 1);
      assert.match(stderr, /REVER_API_KEY/);
    },
  );

  /** Starts `proxy/cli.ts` and resolves with the URL its start line gives. */
  async function startEntry(env: Record<string, string>) {
    // Node itself with tsx's loader, not npx: a signal must reach the proxy, not a wrapper.
    const child = run(process.execPath, ['--import', 'tsx', 'proxy/cli.ts'], env);
    const exited = exitCode(child);
    let stdout = '';
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no start line: ${stdout}`)), 8000);
      child.stdout!.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        const found = /proxy on (http:\/\/\S+)/.exec(stdout);
        if (found?.[1]) {
          clearTimeout(timer);
          resolve(found[1].replace('localhost', '127.0.0.1'));
        }
      });
    });
    return { child, exited, url, stdout: () => stdout };
  }

  it(
    'forwards to any server that speaks the contract, with REVER_API_URL and REVER_API_KEY',
    { timeout: 10_000 },
    async () => {
      // A mock in another process's place: its own port and its own key.
      const rever = await startMockRever({ port: 0, apiKey: 'sk_other_server_1234' });
      const order = DEMO_ORDERS[2]!;
      const body = JSON.stringify({ email: order.email, order_number: order.orderNumber });
      const json = { 'content-type': 'application/json' };
      const right = await startEntry({
        PORT: '0',
        REVER_API_URL: rever.url,
        REVER_API_KEY: 'sk_other_server_1234',
        SESSION_SECRET,
      });
      assert.doesNotMatch(right.stdout(), /sk_other_server_1234/);
      const ok = await raw(right.url, 'POST', '/returns/intent/start', json, body);
      assert.equal(ok.status, 200, ok.body);
      assert.match(ok.body, /"currency":"KWD"/);
      assert.doesNotMatch(ok.body, /sk_other_server_1234/);
      right.child.kill('SIGTERM');
      assert.equal(await right.exited, 0);

      const wrong = await startEntry({
        PORT: '0',
        REVER_API_URL: rever.url,
        REVER_API_KEY: 'nope',
        SESSION_SECRET,
      });
      const refused = await raw(wrong.url, 'POST', '/returns/intent/start', json, body);
      assert.equal(refused.status, 401);
      wrong.child.kill('SIGTERM');
      await wrong.exited;
      await rever.close();
    },
  );

  it(
    'starts with the embedded mock, says so in one line, serves, and stops on SIGTERM',
    { timeout: 10_000 },
    async () => {
      const { child, exited, url, stdout: printed } = await startEntry({ PORT: '0' });
      const stdout = printed();
      assert.match(stdout, /embedded mock/);
      assert.match(stdout, /allowed origins: localhost/);
      assert.ok(!stdout.includes('mock-rever-api-key'), 'the mock key is not printed');
      const order = DEMO_ORDERS[1]!;
      const answer = await raw(
        url,
        'POST',
        '/returns/intent/start',
        { 'content-type': 'application/json', origin: 'http://localhost:5173' },
        JSON.stringify({ email: order.email, order_number: order.orderNumber }),
      );
      assert.equal(answer.status, 200, answer.body);
      assert.equal(answer.headers['access-control-allow-origin'], 'http://localhost:5173');
      child.kill('SIGTERM');
      assert.equal(await exited, 0);
    },
  );
});

describe('the proxy handler stays portable to edge runtimes', () => {
  it('imports nothing from node: and generates no code from strings, in its whole module graph', async () => {
    const { readFile } = await import('node:fs/promises');
    const seen = new Set<string>();
    const visit = async (file: URL): Promise<void> => {
      if (seen.has(file.href)) return;
      seen.add(file.href);
      const source = await readFile(file, 'utf8');
      assert.doesNotMatch(source, /from ['"]node:|import\(['"]node:/, file.pathname);
      assert.doesNotMatch(source, /new Function\(|\beval\(/, file.pathname);
      for (const [, spec] of source.matchAll(/^(?:import|export)[^'"]*from '(\.[^']+)'/gm)) {
        await visit(new URL(spec!, file));
      }
    };
    await visit(new URL('../../../proxy/index.ts', import.meta.url));
    const names = [...seen].map((f) => f.replace(/^.*\/(proxy|contract|src)\//, '$1/'));
    assert.ok(names.includes('proxy/session.ts') && names.includes('contract/index.ts'));
    assert.ok(!names.some((n) => n.startsWith('src/')), String(names));
    assert.ok(!names.some((n) => n.includes('mock/') || n.endsWith('node.ts')), String(names));
  });
});
