// An attack suite against the reference proxy, over real HTTP, in front of the real mock: path
// tricks, another shopper's return or order with a valid session, forged and expired tokens,
// oversized and smuggled bodies, header injection, foreign origins, intent floods. Every answer
// and every log line is searched for the REVER key at the end.
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { request as httpRequest, type OutgoingHttpHeaders } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { startMockRever, type RunningMock } from '../../../mock/node.ts';
import {
  createReturnsProxy,
  createSessionSigner,
  MemoryRateLimitStore,
  type RateLimitStore,
  type ReturnsProxyOptions,
} from '../../../proxy/index.ts';
import { scriptedServer, sendJson, serveFetch } from '../support/http.ts';
import { sessionFor } from '../support/session.ts';
import { SESSION_SECRET } from '../support/session.ts';

const SHOP = 'https://shop.example';
const KEY = 'sk_attack_suite_key_7c1e0d';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** Everything any request of this file was answered, headers and bodies, to search for the key. */
const transcript: string[] = [];
const logLines: string[] = [];

/** One HTTP request with the target sent byte for byte as given. */
function raw(
  base: string,
  method: string,
  path: string,
  headers: OutgoingHttpHeaders = {},
  body?: string | Buffer,
): Promise<Answer> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: hostname, port, method, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString();
        transcript.push(res.rawHeaders.join('\n'), text);
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Bytes straight onto a socket, for requests no HTTP client would send. */
function socketRequest(base: string, bytes: string): Promise<string> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.end(bytes));
    let text = '';
    socket.on('data', (chunk: Buffer) => (text += chunk.toString()));
    socket.on('close', () => {
      transcript.push(text);
      resolve(text);
    });
    socket.on('error', reject);
  });
}

/**
 * The in-memory store, which the limits count through synchronously (hitNow, peekNow), and the
 * same store seen only through its promises, as a shared store (Redis, the Durable Object) is:
 * the limits must give the same verdicts either way.
 */
const STORE_KINDS: [string, () => RateLimitStore][] = [
  ['counted synchronously (the in-memory store)', () => new MemoryRateLimitStore()],
  [
    'counted through promises (as a shared store)',
    () => {
      const memory = new MemoryRateLimitStore();
      return { hit: (key, windowMs) => memory.hit(key, windowMs), peek: (key) => memory.peek(key) };
    },
  ],
];

const code = (answer: Answer) =>
  (JSON.parse(answer.body) as { error: { code: string } }).error.code;

describe('attacks on the proxy', () => {
  let mock: RunningMock;
  let proxy: { url: string; close(): Promise<void> };
  let upstreamCalls: string[];
  let store: MemoryRateLimitStore;

  async function serveProxy(extra: Partial<ReturnsProxyOptions> = {}) {
    const app = createReturnsProxy({
      upstream: mock.url,
      apiKey: KEY,
      allowedOrigins: [SHOP],
      sessionSecret: SESSION_SECRET,
      logger: (line) => logLines.push(line),
      fetch: (input, init) => {
        const target = typeof input === 'string' ? input.slice(mock.url.length) : 'not a string';
        upstreamCalls.push(`${init?.method} ${target}${init?.body ? ' +body' : ''}`);
        return fetch(input, init);
      },
      ...extra,
    });
    return serveFetch(app.fetch);
  }

  /** Starts a return for a seeded order through the proxy: its ids and tokens. */
  async function shopper(email: string, number: string, headers: OutgoingHttpHeaders = {}) {
    const answer = await raw(
      proxy.url,
      'POST',
      '/returns/intent/start',
      { 'content-type': 'application/json', origin: SHOP, ...headers },
      JSON.stringify({ email, order_number: number }),
    );
    assert.equal(answer.status, 200, answer.body);
    const { order } = JSON.parse(answer.body) as {
      order: { id: string; return_id: string; customer_token: string };
    };
    return {
      orderId: order.id,
      returnId: order.return_id,
      token: order.customer_token,
      session: String(answer.headers['x-rever-session']),
    };
  }

  before(async () => {
    mock = await startMockRever({ port: 0, apiKey: KEY });
    upstreamCalls = [];
    store = new MemoryRateLimitStore();
    proxy = await serveProxy({
      rateLimitStore: store,
      intentLimits: {
        perIp: { limit: 1000, windowMs: 60_000 },
        perOrder: { limit: 1000, windowMs: 60_000 },
      },
    });
  });
  after(async () => {
    await proxy.close();
    await mock.close();
  });

  describe('path tricks', () => {
    const paths = [
      '/returns/intent/start/..',
      '/returns/intent/../intent/start',
      '/returns/./intent/start',
      '/returns/intent%2fstart',
      '/returns/intent%2Fstart',
      '/returns%2fintent%2fstart',
      '/returns/intent/start%00',
      '/returns/intent/start%20',
      '/returns/intent/start?',
      '//returns/intent/start',
      '/returns//intent/start',
      '/returns/intent/start/',
      '/returns\\intent\\start',
      '/returns/%2e%2e/returns/intent/start',
      '/returns/%252e%252e/intent/start',
      '/returns/intent/start;jsessionid=1',
      'http://evil.example/returns/intent/start',
      'https://127.0.0.1:1/returns/intent/start',
      '//evil.example/returns/intent/start',
      '/@evil.example/returns/intent/start',
      '/returns/intent/st%61rt',
      '/retur%6Es/intent/start',
      '/returns/intent/start#frag',
      '/returns/ıntent/start',
      '*',
    ];
    for (const path of paths) {
      it(`never forwards POST ${JSON.stringify(path)} anywhere but the contract's own path`, async () => {
        upstreamCalls.length = 0;
        const answer = await raw(
          proxy.url,
          'POST',
          path,
          { 'content-type': 'application/json', origin: SHOP },
          JSON.stringify({ email: 'ana.garcia@example.com', order_number: '1001' }),
        ).catch(() => undefined);
        // Either refused, or (for a target the HTTP parser already reduced) the exact operation.
        if (answer && answer.status !== 404 && answer.status !== 400) {
          assert.deepEqual(upstreamCalls, ['POST /returns/intent/start +body'], path);
        } else {
          assert.deepEqual(upstreamCalls, [], path);
        }
      });
    }
  });

  describe('session binding', () => {
    it("refuses another shopper's return and order with a valid session, before REVER", async () => {
      const ana = await shopper('ana.garcia@example.com', '1001');
      const kenji = await shopper('kenji.sato@example.jp', '2002');
      upstreamCalls.length = 0;
      const as = (who: typeof ana, theirToken = who.token) => ({
        'x-rever-session': who.session,
        'x-rever-customer-token': theirToken,
        origin: SHOP,
      });
      const attempts: [string, string, string?][] = [
        ['GET', `/returns/${kenji.returnId}/refund_options`],
        ['GET', `/returns/${kenji.returnId}/return_reasons?lang=en`],
        ['POST', `/returns/${kenji.returnId}/confirm`],
        ['DELETE', `/returns/${kenji.returnId}/line_items/li_2002_1`],
        [
          'POST',
          `/returns/${kenji.returnId}/line_items`,
          JSON.stringify({ line_item_id: 'li_2002_1', quantity: 1, return_reason_id: 'too_big' }),
        ],
        ['GET', `/returns?order_ids=${kenji.orderId}`],
        ['GET', `/returns?order_ids=${ana.orderId}&order_ids=${kenji.orderId}`],
      ];
      for (const [method, path, body] of attempts) {
        // With Ana's session and even Kenji's REVER token (leaked, say): refused.
        for (const headers of [as(ana), as(ana, kenji.token)]) {
          const answer = await raw(proxy.url, method, path, headers, body);
          assert.equal(answer.status, 403, `${method} ${path}`);
          assert.equal(code(answer), 'forbidden');
        }
      }
      assert.deepEqual(upstreamCalls, []);
      // Her own return and order pass.
      const own = await raw(proxy.url, 'GET', `/returns?order_ids=${ana.orderId}`, as(ana));
      assert.equal(own.status, 200, own.body);
      const refunds = await raw(
        proxy.url,
        'GET',
        `/returns/${ana.returnId}/refund_options`,
        as(ana),
      );
      assert.equal(refunds.status, 200, refunds.body);
    });

    it('refuses a call without a session, or with a forged, re-signed, spliced or expired one', async () => {
      const ana = await shopper('ana.garcia@example.com', '1001');
      const kenji = await shopper('kenji.sato@example.jp', '2002');
      const [version, payload, signature] = ana.session.split('.') as [string, string, string];
      const kenjiPayload = kenji.session.split('.')[1]!;
      const otherSecret = createSessionSigner(['another-secret-of-at-least-32-chars!!'], 3600);
      const expired = await createSessionSigner([SESSION_SECRET], 60).sign(
        { returnId: ana.returnId, orderIds: [ana.orderId] },
        Date.now() - 3_600_000,
      );
      const forgedPayload = Buffer.from(
        JSON.stringify({ r: kenji.returnId, o: [kenji.orderId], e: 9_999_999_999 }),
      ).toString('base64url');
      const tokens: [string | undefined, string][] = [
        [undefined, 'session_required'],
        ['', 'session_required'],
        ['garbage', 'session_required'],
        [`${version}.${kenjiPayload}.${signature}`, 'session_required'],
        [`${version}.${forgedPayload}.${signature}`, 'session_required'],
        [`${version}.${payload}.`, 'session_required'],
        [`v2.${payload}.${signature}`, 'session_required'],
        [`${version}.${payload}.${signature}x`, 'session_required'],
        [`${ana.session}.${signature}`, 'session_required'],
        ['v1.' + 'A'.repeat(5000) + '.' + signature, 'session_required'],
        [
          await otherSecret.sign({ returnId: kenji.returnId, orderIds: [kenji.orderId] }),
          'session_required',
        ],
        [expired, 'session_expired'],
      ];
      upstreamCalls.length = 0;
      for (const [token, expected] of tokens) {
        const headers: OutgoingHttpHeaders = { 'x-rever-customer-token': kenji.token };
        if (token !== undefined) headers['x-rever-session'] = token;
        const answer = await raw(
          proxy.url,
          'GET',
          `/returns/${kenji.returnId}/refund_options`,
          headers,
        );
        assert.equal(answer.status, 401, String(token));
        assert.equal(code(answer), expected, String(token));
      }
      assert.deepEqual(upstreamCalls, []);
    });

    it('verifies on another instance sharing the secret, and across a secret rotation', async () => {
      const ana = await shopper('ana.garcia@example.com', '1001');
      const rotated = await serveProxy({
        sessionSecret: ['the-new-secret-of-at-least-32-characters', SESSION_SECRET],
      });
      const answer = await raw(rotated.url, 'GET', `/returns/${ana.returnId}/refund_options`, {
        'x-rever-session': ana.session,
        'x-rever-customer-token': ana.token,
      });
      assert.equal(answer.status, 200, answer.body);
      await rotated.close();
    });
  });

  describe('bodies, queries and headers', () => {
    it('answers 413 to oversized bodies, declared or not, on every method', async () => {
      upstreamCalls.length = 0;
      const big = JSON.stringify({ email: 'x'.repeat(40_000), order_number: '1' });
      const declared = await raw(
        proxy.url,
        'POST',
        '/returns/intent/start',
        { 'content-type': 'application/json' },
        big,
      );
      assert.equal(declared.status, 413);
      assert.equal(code(declared), 'payload_too_large');
      const lying = await raw(
        proxy.url,
        'POST',
        '/returns/intent/start',
        { 'content-length': '10', 'content-type': 'application/json' },
        big.slice(0, 10),
      );
      assert.equal(lying.status, 400, 'a body cut at its declared length is not JSON');
      assert.deepEqual(upstreamCalls, []);
    });

    it('refuses bodies and queries the contract does not allow, and bodies smuggled on reads', async () => {
      const ana = await shopper('ana.garcia@example.com', '1001');
      upstreamCalls.length = 0;
      const h = { 'x-rever-session': ana.session, 'x-rever-customer-token': ana.token };
      const r = ana.returnId;
      const cases: [string, string, string?][] = [
        ['POST', '/returns/intent/start', '{"email":"a@b.co"}'],
        ['POST', '/returns/intent/start', '{"email":"a@b.co","order_number":"1","admin":true}'],
        ['POST', '/returns/intent/start', '{"email":["a@b.co"],"order_number":"1"}'],
        ['POST', '/returns/intent/start', 'email=a@b.co&order_number=1'],
        ['POST', '/returns/intent/start', '{"email":"a@b.co","order_number":"1"'],
        ['POST', '/returns/intent/start?debug=1', '{"email":"a@b.co","order_number":"1"}'],
        [
          'POST',
          `/returns/${r}/line_items`,
          '{"line_item_id":"li_1001_5","quantity":-1,"return_reason_id":"too_big"}',
        ],
        [
          'POST',
          `/returns/${r}/line_items`,
          '{"line_item_id":"li_1001_5","quantity":1e308,"return_reason_id":"too_big"}',
        ],
        [
          'POST',
          `/returns/${r}/line_items`,
          '{"line_item_id":"../x","quantity":1,"return_reason_id":"too_big"}',
        ],
        ['POST', `/returns/${r}/save_client_preferences`, '{"method":"STORE_CREDIT"}'],
        [
          'POST',
          `/returns/${r}/save_client_preferences?line_item_id=li_1001_5`,
          '{"method":"<script>"}',
        ],
        ['POST', `/returns/${r}/confirm`, '{"force":true}'],
        ['GET', `/returns/${r}/refund_options`, '{"x":1}'],
        ['DELETE', `/returns/${r}/line_items/li_1001_5`, '{}'],
        ['GET', `/returns/${r}/refund_options?x=1`],
        ['GET', `/returns/${r}/return_reasons?lang=en&lang=es`],
        ['GET', `/returns/${r}/return_reasons?lang=en%0d%0aSet-Cookie:%20a=b`],
        ['GET', `/returns/${r}/exchange_options`],
        ['GET', `/returns/${r}/exchange_options?line_item_id=a%2f..%2fb`],
        ['GET', '/returns'],
        [
          'GET',
          `/returns?${Array.from({ length: 51 }, () => `order_ids=${ana.orderId}`).join('&')}`,
        ],
      ];
      for (const [method, path, body] of cases) {
        const answer = await raw(
          proxy.url,
          method,
          path,
          body ? { ...h, 'content-type': 'application/json' } : h,
          body,
        );
        assert.equal(answer.status, 400, `${method} ${path} ${body ?? ''}`);
        // On Node the adapter drops the body of a GET or DELETE (and answers a bare 400 after):
        // it never reaches the handler, nor REVER. Elsewhere the proxy's own check answers.
        if (method === 'POST' || !body) assert.equal(code(answer), 'invalid_request');
        assert.equal(answer.headers['set-cookie'], undefined);
        // The reason is the proxy's own words, never the request's.
        assert.doesNotMatch(answer.body, /script|Set-Cookie|debug|admin|force/);
      }
      assert.deepEqual(
        upstreamCalls.filter((call) => call.startsWith('POST') || call.endsWith('+body')),
        [],
      );
    });

    it('reads the body of a DELETE framed by chunks alone, and refuses it; forwards one without', async () => {
      const ana = await shopper('ana.garcia@example.com', '1001');
      upstreamCalls.length = 0;
      const head =
        `DELETE /returns/${ana.returnId}/line_items/li_1001_5 HTTP/1.1\r\nHost: x\r\n` +
        `X-Rever-Session: ${ana.session}\r\nX-Rever-Customer-Token: ${ana.token}\r\n` +
        'Connection: close\r\n';
      // Not half-closed (as socketRequest does): the proxy reads a body after its headers.
      const send = (bytes: string) =>
        new Promise<string>((resolve, reject) => {
          const { hostname, port } = new URL(proxy.url);
          const socket = connect(Number(port), hostname, () => socket.write(bytes));
          let text = '';
          socket.on('data', (chunk: Buffer) => (text += chunk.toString()));
          socket.on('close', () => resolve(text));
          socket.on('error', reject);
        });
      // No content-length: only the transfer-encoding says a body follows.
      const chunked = await send(
        `${head}Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n`,
      );
      assert.match(chunked, /^HTTP\/1\.1 400/);
      assert.match(chunked, /invalid_request/);
      assert.deepEqual(upstreamCalls, []);
      // Neither header: HTTP/1.1 says there is no body, and the call goes through without one.
      const bare = await send(`${head}\r\n`);
      // REVER's own answer (whatever the line item's state), not the proxy's refusal.
      assert.match(bare, /^HTTP\/1\.1 \d{3} /);
      assert.doesNotMatch(bare, /invalid_request/);
      assert.deepEqual(upstreamCalls, [`DELETE /returns/${ana.returnId}/line_items/li_1001_5`]);
    });

    it('lets no header be injected, into REVER or back to the browser', async () => {
      upstreamCalls.length = 0;
      const body = '{"email":"ana.garcia@example.com","order_number":"1001"}';
      const injected = await socketRequest(
        proxy.url,
        'POST /returns/intent/start HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n' +
          `X-Rever-Customer-Token: a\rX-Rever-Api-Key: forged\r\nContent-Length: ${body.length}` +
          `\r\nConnection: close\r\n\r\n${body}`,
      );
      assert.match(injected, /^HTTP\/1\.1 400/);
      const folded = await socketRequest(
        proxy.url,
        'POST /returns/intent/start HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n' +
          `X-Rever-Customer-Token: a\r\n X-Rever-Api-Key: forged\r\nContent-Length: ${body.length}` +
          `\r\nConnection: close\r\n\r\n${body}`,
      );
      assert.match(folded, /^HTTP\/1\.1 400/);
      // Two Content-Lengths, or one with Transfer-Encoding: the request smuggling classics.
      const smuggled = await socketRequest(
        proxy.url,
        'POST /returns/intent/start HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n' +
          `Content-Length: ${body.length}\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n` +
          `0\r\n\r\n${body}`,
      );
      assert.match(smuggled, /^HTTP\/1\.1 400/);
      assert.deepEqual(upstreamCalls, []);
    });

    it('refuses foreign origins, and preflights only for the configured ones', async () => {
      upstreamCalls.length = 0;
      for (const origin of [
        'https://evil.example',
        'null',
        'https://shop.example:444',
        'http://shop.example',
      ]) {
        const simple = await raw(
          proxy.url,
          'POST',
          '/returns/intent/start',
          { origin, 'content-type': 'text/plain' },
          '{"email":"ana.garcia@example.com","order_number":"1001"}',
        );
        assert.equal(simple.status, 403, origin);
        assert.equal(simple.headers['access-control-allow-origin'], undefined);
        const preflight = await raw(proxy.url, 'OPTIONS', '/returns/intent/start', {
          origin,
          'access-control-request-method': 'POST',
        });
        assert.equal(preflight.status, 403, origin);
        assert.equal(preflight.headers['access-control-allow-origin'], undefined);
      }
      assert.deepEqual(upstreamCalls, []);
      const allowed = await raw(proxy.url, 'OPTIONS', '/returns/ret_1/confirm', {
        origin: SHOP,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type,x-rever-session,x-rever-customer-token',
      });
      assert.equal(allowed.status, 204);
      assert.equal(allowed.headers['access-control-allow-origin'], SHOP);
      assert.equal(allowed.headers['access-control-allow-credentials'], undefined);
      assert.match(String(allowed.headers['access-control-allow-headers']), /x-rever-session/);
    });
  });

  describe('intent rate limits', () => {
    /** An intent start at `url` from the client `forwardedFor` names (trusted X-Forwarded-For). */
    const intentFrom = (
      url: string,
      forwardedFor: string,
      body: { email: string; order_number: string },
    ) =>
      raw(
        url,
        'POST',
        '/returns/intent/start',
        { 'content-type': 'application/json', 'x-forwarded-for': forwardedFor },
        JSON.stringify(body),
      );

    for (const [kind, makeStore] of STORE_KINDS) {
      it(`answers 429 with Retry-After per IP, then per order and email across IPs, ${kind}`, async () => {
        const limited = await serveProxy({
          rateLimitStore: makeStore(),
          trustProxyHeader: 'x-forwarded-for',
          intentLimits: {
            perIp: { limit: 3, windowMs: 60_000 },
            perOrder: { limit: 5, windowMs: 60_000 },
          },
        });
        const intent = (ip: string, number = '1001', email = 'ana.garcia@example.com') =>
          intentFrom(limited.url, `6.6.6.6, ${ip}`, { email, order_number: number });
        const statuses = [];
        for (let i = 0; i < 4; i++) statuses.push((await intent('10.0.0.1', `10${i}`)).status);
        assert.deepEqual(statuses, [404, 404, 404, 429]);
        const refused = await intent('10.0.0.1', '999');
        assert.equal(refused.status, 429);
        assert.equal(code(refused), 'rate_limited');
        const wait = Number(refused.headers['retry-after']);
        assert.ok(wait >= 1 && wait <= 60, String(wait));
        // Another IP goes on; one wrong email for an order, from many IPs, is stopped at the
        // order-and-email limit (failures only: the owner's successes never count).
        const perOrder = [];
        for (let i = 0; i < 6; i++) {
          perOrder.push((await intent(`10.0.1.${i}`, '1001', 'wrong@example.com')).status);
        }
        assert.deepEqual(perOrder, [404, 404, 404, 404, 404, 429]);
        const owner = [];
        for (let i = 0; i < 6; i++) owner.push((await intent(`10.0.2.${i}`, '1001')).status);
        assert.deepEqual(owner, [200, 200, 200, 200, 200, 200]);
        await limited.close();
      });

      it(`never lets a stranger lock the owner out: a flood of wrong emails for the order, from another address, ${kind}`, async (t) => {
        const limited = await serveProxy({
          rateLimitStore: makeStore(),
          trustProxyHeader: 'x-forwarded-for',
          intentLimits: {
            perIp: { limit: 20, windowMs: 60_000 },
            perOrder: { limit: 3, windowMs: 60_000 },
          },
        });
        t.after(() => limited.close());
        const intent = (ip: string, email: string) =>
          intentFrom(limited.url, ip, { email, order_number: '1001' });
        // The stranger: the owner's order number, made-up emails, until their own address is
        // refused; then on and on (refused requests count nowhere else).
        const stranger = [];
        for (let i = 0; i < 40; i++) {
          stranger.push((await intent('203.0.113.66', `guess${i % 5}@example.com`)).status);
        }
        assert.ok(stranger.includes(429), 'the stranger is limited');
        assert.equal(stranger.filter((s) => s === 200).length, 0);
        // The owner, from their own address, with the right email: through, every time.
        for (let i = 0; i < 4; i++) {
          const owner = await intent('198.51.100.7', 'ana.garcia@example.com');
          assert.equal(owner.status, 200, owner.body);
        }
        // Typos by the owner are theirs to spend (3 failures), and still do not touch the stranger's.
        const typos = [];
        for (let i = 0; i < 4; i++)
          typos.push((await intent('198.51.100.7', 'ana.garcia@exampel.com')).status);
        assert.deepEqual(typos, [404, 404, 404, 429]);
        assert.equal((await intent('198.51.100.7', ' Ana.Garcia@Example.com ')).status, 200);
      });
    }

    // A store that cannot read without counting (no peek): every attempt counts per order and
    // email, still never per order alone; counted synchronously or through promises alike.
    for (const [kind, makeStore] of [
      [
        'counted synchronously',
        () => {
          const memory = new MemoryRateLimitStore();
          return {
            hit: (key: string, windowMs: number) => memory.hit(key, windowMs),
            hitNow: (key: string, windowMs: number) => memory.hitNow(key, windowMs),
          };
        },
      ],
      [
        'counted through promises',
        () => {
          const memory = new MemoryRateLimitStore();
          return { hit: (key: string, windowMs: number) => memory.hit(key, windowMs) };
        },
      ],
    ] as [string, () => RateLimitStore][]) {
      it(`counts every attempt per order and email with a store that has no peek, ${kind}`, async (t) => {
        const limited = await serveProxy({
          rateLimitStore: makeStore(),
          trustProxyHeader: 'x-forwarded-for',
          intentLimits: {
            perIp: { limit: 5, windowMs: 60_000 },
            perOrder: { limit: 2, windowMs: 60_000 },
          },
        });
        t.after(() => limited.close());
        const intent = (ip: string, email: string) =>
          intentFrom(limited.url, ip, { email, order_number: '1001' });
        const owner = [];
        for (let i = 0; i < 3; i++) {
          owner.push((await intent(`10.0.3.${i}`, 'ana.garcia@example.com')).status);
        }
        assert.deepEqual(owner, [200, 200, 429]);
        // Another email for the order has its own count; the address its own limit.
        const other = [];
        for (let i = 0; i < 4; i++)
          other.push((await intent('10.0.4.1', `x${i}@example.com`)).status);
        assert.deepEqual(other, [404, 404, 404, 404]);
        const fromOne = [];
        for (let i = 0; i < 2; i++)
          fromOne.push((await intent('10.0.4.1', `y${i}@example.com`)).status);
        assert.deepEqual(fromOne, [404, 429]);
      });
    }

    it('does not trust X-Forwarded-For unless told to: the connection is the client', async () => {
      const limited = await serveProxy({
        rateLimitStore: new MemoryRateLimitStore(),
        intentLimits: { perIp: { limit: 2, windowMs: 60_000 } },
      });
      const statuses = [];
      for (let i = 0; i < 3; i++) {
        const answer = await raw(
          limited.url,
          'POST',
          '/returns/intent/start',
          { 'content-type': 'application/json', 'x-forwarded-for': `10.9.9.${i}` },
          JSON.stringify({ email: 'nobody@example.com', order_number: `x${i}` }),
        );
        statuses.push(answer.status);
      }
      assert.deepEqual(statuses, [404, 404, 429]);
      await limited.close();
    });

    it('counts IPv6 clients per /64: a new address in the same block is the same client', async (t) => {
      const limited = await serveProxy({
        rateLimitStore: new MemoryRateLimitStore(),
        trustProxyHeader: 'x-forwarded-for',
        intentLimits: { perIp: { limit: 3, windowMs: 60_000 } },
      });
      t.after(() => limited.close());
      const intent = (ip: string, i: number) =>
        intentFrom(limited.url, ip, { email: 'nobody@example.com', order_number: `v6-${i}` });
      const statuses = [];
      for (let i = 0; i < 5; i++) statuses.push((await intent(`2001:db8:7:7::${i + 1}`, i)).status);
      assert.deepEqual(statuses, [404, 404, 404, 429, 429]);
      // The neighbouring /64 is another subscriber.
      assert.equal((await intent('2001:db8:7:8::1', 9)).status, 404);
    });

    it('cannot be reset by flooding the store with new keys: the attacked order stays limited', async (t) => {
      const limited = await serveProxy({
        rateLimitStore: new MemoryRateLimitStore({ maxKeys: 40 }),
        trustProxyHeader: 'x-forwarded-for',
        intentLimits: {
          perIp: { limit: 1000, windowMs: 60_000 },
          perOrder: { limit: 3, windowMs: 60_000 },
        },
      });
      t.after(() => limited.close());
      const intent = (ip: string, number: string) =>
        intentFrom(limited.url, ip, { email: 'guess@example.com', order_number: number });
      const guesses = [];
      for (let i = 0; i < 4; i++) guesses.push((await intent('10.7.0.1', '1001')).status);
      assert.deepEqual(guesses, [404, 404, 404, 429]);
      // Made-up order numbers from many addresses, to push the order's window out of the store.
      for (let i = 0; i < 60; i++) await intent(`10.7.1.${i}`, `flood-${i}`);
      assert.equal((await intent('10.7.0.1', '1001')).status, 429);
    });

    it('keeps the in-memory store bounded under a flood of distinct keys', async () => {
      let now = 0;
      const bounded = new MemoryRateLimitStore({ maxKeys: 100, now: () => now });
      for (let i = 0; i < 10_000; i++) await bounded.hit(`ip:${i}`, 60_000);
      assert.equal(bounded.size, 100);
      now = 120_000;
      await bounded.hit('ip:late', 60_000);
      assert.equal(bounded.size, 1, 'expired windows are swept');
    });
  });

  describe("echoes of the key, and REVER's own error text", () => {
    // A key with the characters JSON may escape: `/` (as `\/`) and any (as `\uXXXX`).
    const SLASH_KEY = 'sk_live/echo+key/0123456789';
    const escapes: [string, string][] = [
      ['raw', JSON.stringify({ echo: SLASH_KEY })],
      ['\\/-escaped', `{"echo":"${SLASH_KEY.replaceAll('/', '\\/')}"}`],
      [
        '\\u-escaped',
        `{"echo":"${[...SLASH_KEY].map((ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`).join('')}"}`,
      ],
      [
        'split over two fields',
        JSON.stringify({ a: SLASH_KEY.slice(0, 9), b: SLASH_KEY.slice(9) }),
      ],
      [
        'split over a key and its value',
        `{"${SLASH_KEY.slice(0, 12)}":"${SLASH_KEY.slice(12).replaceAll('/', '\\/')}"}`,
      ],
      ['in an array, escaped', `{"list":["x","${SLASH_KEY.replace('k', '\\u006b')}"]}`],
    ];

    it('withholds a successful answer holding the key in any JSON spelling', async (t) => {
      const upstream = await scriptedServer();
      const echo = await serveProxy({ upstream: upstream.url, apiKey: SLASH_KEY });
      t.after(async () => {
        await echo.close();
        await upstream.close();
      });
      const session = await sessionFor('ret_1', ['o1']);
      for (const [name, body] of escapes) {
        upstream.respond = (_req, res) =>
          res.writeHead(200, { 'content-type': 'application/json' }).end(body);
        assert.equal(JSON.parse(body) !== undefined, true, name);
        const answer = await raw(echo.url, 'GET', '/returns/ret_1/refund_options', {
          'x-rever-session': session,
        });
        assert.equal(answer.status, 502, name);
        assert.equal(code(answer), 'upstream_unavailable', name);
        const decoded = JSON.stringify(JSON.parse(answer.body));
        assert.ok(!decoded.includes(SLASH_KEY) && !answer.body.includes('echo'), name);
      }
      // An answer without the key passes untouched.
      upstream.respond = (_req, res) => sendJson(res, 200, { refund_options: [] });
      const clean = await raw(echo.url, 'GET', '/returns/ret_1/refund_options', {
        'x-rever-session': session,
      });
      assert.equal(clean.status, 200);
    });

    it("never passes REVER's error text: its code with the proxy's own message", async (t) => {
      const upstream = await scriptedServer();
      const echo = await serveProxy({ upstream: upstream.url, apiKey: SLASH_KEY });
      t.after(async () => {
        await echo.close();
        await upstream.close();
      });
      const session = await sessionFor('ret_1', ['o1']);
      const cases: [number, string, string, string][] = [
        [
          400,
          `{"error":{"code":"invalid_request","message":"bad header x-rever-api-key: ${SLASH_KEY.replaceAll('/', '\\/')}"}}`,
          'invalid_request',
          'The request was not accepted.',
        ],
        [
          409,
          '{"error":{"code":"conflict","message":"internal: row 42 locked by db-7"}}',
          'conflict',
          'The return can no longer change that way.',
        ],
        [
          500,
          'Traceback (most recent call last): db-7.internal',
          'upstream_error',
          'REVER could not handle the request.',
        ],
        [
          422,
          `{"error":{"code":"${'\\u0073'}ql <b>","message":"x"}}`,
          'upstream_refused',
          'REVER refused the request.',
        ],
        [
          404,
          '{"error":{"code":"order_not_found","message":"No order 1001 for ana@example.com"}}',
          'order_not_found',
          'No order matches that email and number.',
        ],
      ];
      for (const [status, body, expected, message] of cases) {
        upstream.respond = (_req, res) =>
          res
            .writeHead(status, { 'content-type': 'application/json', 'content-language': 'xx' })
            .end(body);
        const answer = await raw(echo.url, 'GET', '/returns/ret_1/refund_options', {
          'x-rever-session': session,
        });
        assert.equal(answer.status, status, body);
        assert.deepEqual(JSON.parse(answer.body), { error: { code: expected, message } }, body);
        assert.equal(answer.headers['content-language'], undefined);
      }
    });
  });

  describe('a budget per session', () => {
    for (const [kind, makeStore] of STORE_KINDS) {
      it(`answers 429 with Retry-After past a class budget, per return, other classes going on, ${kind}`, async (t) => {
        const budgeted = await serveProxy({
          rateLimitStore: makeStore(),
          sessionBudget: { read: 3, write: 2 },
        });
        t.after(() => budgeted.close());
        const ana = await shopper('ana.garcia@example.com', '1001');
        const kenji = await shopper('kenji.sato@example.jp', '2002');
        const as = (who: typeof ana) => ({
          'x-rever-session': who.session,
          'x-rever-customer-token': who.token,
        });
        const read = (who: typeof ana) =>
          raw(budgeted.url, 'GET', `/returns/${who.returnId}/refund_options`, as(who));
        const reads = [];
        for (let i = 0; i < 5; i++) reads.push((await read(ana)).status);
        assert.deepEqual(reads, [200, 200, 200, 429, 429]);
        const over = await read(ana);
        assert.equal(code(over), 'rate_limited');
        assert.ok(Number(over.headers['retry-after']) > 3000, String(over.headers['retry-after']));
        // Another class of the same session, and another shopper's session, go on.
        const write = await raw(
          budgeted.url,
          'DELETE',
          `/returns/${ana.returnId}/line_items/li_1001_1`,
          as(ana),
        );
        assert.notEqual(write.status, 429);
        assert.equal((await read(kenji)).status, 200);
      });
    }

    // Sessions already open are served while the store fails, whether it throws at once (a
    // synchronous store) or rejects (a shared one); intents are what the store's mode decides.
    for (const [kind, failing] of [
      [
        'throwing synchronously',
        {
          hit: () => Promise.reject(new Error('store down')),
          hitNow: () => {
            throw new Error('store down');
          },
        },
      ],
      ['rejecting', { hit: () => Promise.reject(new Error('store down')) }],
    ] as [string, RateLimitStore][]) {
      it(`serves an open session while the store fails, ${kind}`, async (t) => {
        const budgeted = await serveProxy({ sessionBudget: { read: 1 } });
        t.after(() => budgeted.close());
        const ana = await shopper('ana.garcia@example.com', '1001');
        const failed = await serveProxy({ rateLimitStore: failing, sessionBudget: { read: 1 } });
        t.after(() => failed.close());
        const headers = { 'x-rever-session': ana.session, 'x-rever-customer-token': ana.token };
        const path = `/returns/${ana.returnId}/refund_options`;
        // Over the budget of 1 on a working store, and never refused on the failing one.
        const counted = [];
        for (let i = 0; i < 2; i++)
          counted.push((await raw(budgeted.url, 'GET', path, headers)).status);
        assert.deepEqual(counted, [200, 429]);
        const served = [];
        for (let i = 0; i < 3; i++)
          served.push((await raw(failed.url, 'GET', path, headers)).status);
        assert.deepEqual(served, [200, 200, 200]);
      });
    }

    it('lets a 250-line return through on the default budget', async (t) => {
      const upstream = await scriptedServer();
      upstream.respond = (_req, res) => sendJson(res, 200, {});
      const served = await serveProxy({
        upstream: upstream.url,
        rateLimitStore: new MemoryRateLimitStore(),
      });
      t.after(async () => {
        await served.close();
        await upstream.close();
      });
      const h = {
        'x-rever-session': await sessionFor('ret_big', ['o_big']),
        'content-type': 'application/json',
      };
      const calls: [string, string, string?][] = [];
      calls.push(['GET', '/returns/ret_big/return_reasons?lang=en']);
      for (let i = 0; i < 250; i++) {
        const line = `li_${i}`;
        calls.push([
          'POST',
          '/returns/ret_big/line_items',
          JSON.stringify({ line_item_id: line, quantity: 1, return_reason_id: 'too_big' }),
        ]);
        calls.push(['GET', `/returns/ret_big/exchange_options?line_item_id=${line}`]);
        calls.push([
          'POST',
          `/returns/ret_big/save_client_preferences?line_item_id=${line}`,
          JSON.stringify({ method: 'STORE_CREDIT' }),
        ]);
        // Second thoughts on one line in five: removed and added again.
        if (i % 5 === 0) {
          calls.push(['DELETE', `/returns/ret_big/line_items/${line}`]);
          calls.push([
            'POST',
            '/returns/ret_big/line_items',
            JSON.stringify({ line_item_id: line, quantity: 1, return_reason_id: 'too_big' }),
          ]);
        }
        if (i % 10 === 0) calls.push(['GET', '/returns/ret_big/refund_options']);
      }
      calls.push(['POST', '/returns/ret_big/confirm', '']);
      calls.push(['GET', '/returns?order_ids=o_big']);
      const limited = [];
      for (const [method, path, body] of calls) {
        const answer = await raw(served.url, method, path, h, body);
        if (answer.status === 429) limited.push(`${method} ${path}`);
      }
      assert.deepEqual(limited, []);
      assert.ok(calls.length > 850, String(calls.length));
    });
  });

  it('never once answered or logged the REVER key', () => {
    assert.ok(transcript.length > 50);
    assert.ok(logLines.length > 50);
    for (const text of [...transcript, ...logLines]) assert.ok(!text.includes(KEY));
  });
});
