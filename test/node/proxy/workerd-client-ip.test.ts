// Where the worker reads a shopper's IP for the per-IP limit, under workerd over real HTTP and
// against the worker's own choice: the operator's trusted header, Cloudflare's cf-connecting-ip
// only on Cloudflare's edge, else the connection's address, else (said loudly) one shared count.
// workerd hands every request a `cf` object of its own ({ clientIp: "addr:port" }): it is not
// Cloudflare's, and a client-sent cf-connecting-ip must not pick the counter then.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startWorkerdProxy, type RunningWorkerd } from '../../../proxy/workerd/run.ts';
import { workerFromEnv, type ProxyEnv } from '../../../proxy/worker.ts';
import { scriptedServer, sendJson, SHOP, type ScriptedServer } from '../support/http.ts';
import { SESSION_SECRET } from '../support/session.ts';

/** The default per-IP limit: 30 intents per 10 minutes. */
const PER_IP = 30;

const intentInit = (number: string, headers: Record<string, string> = {}): RequestInit => ({
  method: 'POST',
  headers: { origin: SHOP, 'content-type': 'application/json', ...headers },
  body: JSON.stringify({ email: 'a@example.com', order_number: number }),
});

describe('the client IP under workerd', () => {
  let upstream: ScriptedServer;
  let worker: RunningWorkerd;
  const logs: string[] = [];

  before(async () => {
    upstream = await scriptedServer();
    upstream.respond = (_req, res) =>
      sendJson(res, 404, { error: { code: 'order_not_found', message: 'No such order.' } });
    worker = await startWorkerdProxy({
      upstream: upstream.url,
      apiKey: 'sk_test_ip',
      sessionSecret: SESSION_SECRET,
      allowedOrigins: [SHOP],
      allowLocalUpstream: true,
      log: (line) => logs.push(line),
    });
  });
  after(async () => {
    await worker?.close();
    await upstream?.close();
  });

  it('ignores a client-sent cf-connecting-ip: a new value per request dodges nothing', async () => {
    const statuses: number[] = [];
    for (let i = 0; i <= PER_IP; i++) {
      // A different "IP" and order number each time: only the per-IP limit can stop this.
      const answer = await fetch(
        `${worker.url}/returns/intent/start`,
        intentInit(`S-${i}`, { 'cf-connecting-ip': `203.0.113.${i}` }),
      );
      statuses.push(answer.status);
      await answer.arrayBuffer();
    }
    assert.deepEqual(statuses.slice(0, PER_IP), Array<number>(PER_IP).fill(404));
    assert.equal(statuses[PER_IP], 429, 'the one connection is counted as one client');
    assert.equal(upstream.requests.length, PER_IP);
    assert.ok(
      logs.some((line) => /client IP is the connection's address/.test(line)),
      logs.join('\n'),
    );
  });
});

describe('the sample proxy/workerd/config.capnp, as it ships', () => {
  let upstream: ScriptedServer;
  let worker: RunningWorkerd;
  const logs: string[] = [];

  before(async () => {
    upstream = await scriptedServer();
    upstream.respond = (_req, res) =>
      sendJson(res, 404, { error: { code: 'order_not_found', message: 'No such order.' } });
    worker = await startWorkerdProxy({
      upstream: upstream.url,
      apiKey: 'sk_test_sample',
      sessionSecret: SESSION_SECRET,
      allowedOrigins: [SHOP],
      sample: 'config.capnp',
      log: (line) => logs.push(line),
    });
  });
  after(async () => {
    await worker?.close();
    await upstream?.close();
  });

  const attempts = async (forwardedFor: (i: number) => string, prefix: string) => {
    const statuses: number[] = [];
    for (let i = 0; i <= PER_IP; i++) {
      const answer = await fetch(
        `${worker.url}/returns/intent/start`,
        intentInit(`${prefix}-${i}`, { 'x-forwarded-for': forwardedFor(i) }),
      );
      statuses.push(answer.status);
      await answer.arrayBuffer();
    }
    return statuses;
  };

  it('counts per client by the address its front wrote last in x-forwarded-for', async () => {
    // Each request from another shopper, as the front says: nobody is limited.
    const shoppers = await attempts((i) => `10.0.0.1, 198.51.100.${i}`, 'A');
    assert.deepEqual(shoppers, Array<number>(PER_IP + 1).fill(404));
    // One shopper writing a new first entry each time: the front's last entry is what counts.
    const one = await attempts((i) => `203.0.113.${i}, 192.0.2.50`, 'B');
    assert.equal(one[PER_IP], 429);
    assert.ok(logs.some((l) => /read from the x-forwarded-for header/.test(l)));
    assert.ok(logs.some((l) => /counted in the Durable Object namespace RATE_LIMITS/.test(l)));
    assert.ok(!logs.some((l) => /shares ONE per-IP/.test(l)), 'no shared-bucket warning');
  });
});

describe('the worker’s choice of client-IP source', () => {
  const env: ProxyEnv = {
    REVER_API_URL: 'http://127.0.0.1:1/storefront',
    REVER_API_KEY: 'sk_test_ip',
    SESSION_SECRET,
    ALLOWED_ORIGINS: SHOP,
  };
  const quiet = () => {
    const lines: { level: string; line: string }[] = [];
    const at = (level: string) => (line: string) => void lines.push({ level, line });
    return { lines, log: { info: at('info'), warn: at('warn'), error: at('error') } };
  };
  const request = (cf: unknown, headers: Record<string, string> = {}, number = '1001') => {
    const r = new Request('http://proxy.test/returns/intent/start', intentInit(number, headers));
    if (cf !== undefined) Object.defineProperty(r, 'cf', { value: cf });
    return r;
  };
  /** How many of `n` intents (each for another order number) the per-IP limit lets through. */
  const passed = async (
    worker: ReturnType<typeof workerFromEnv>,
    make: (i: number) => { cf: unknown; headers?: Record<string, string> },
    n = PER_IP + 1,
  ) => {
    let ok = 0;
    for (let i = 0; i < n; i++) {
      const { cf, headers } = make(i);
      const r = request(cf, headers, `N-${i}`);
      const status = (await worker.fetch(r)).status;
      // Nothing listens upstream: an intent the limits let through fails there with 502.
      assert.ok(status === 502 || status === 429, String(status));
      if (status === 502) ok++;
    }
    return ok;
  };

  it('reads the operator’s TRUST_PROXY_HEADER, whatever cf says', async () => {
    const { log } = quiet();
    const worker = workerFromEnv({ ...env, TRUST_PROXY_HEADER: 'x-client-ip' }, log);
    assert.equal(worker.choiceFor(request({ clientIp: '127.0.0.1:1' })).ipSource, 'x-client-ip');
    // A new x-client-ip each time: the operator said it is trusted, so each is a client.
    const n = await passed(worker, (i) => ({
      cf: { clientIp: '127.0.0.1:1' },
      headers: { 'x-client-ip': `198.51.100.${i}` },
    }));
    assert.equal(n, PER_IP + 1);
  });

  it('reads cf-connecting-ip on Cloudflare’s edge (a cf object with its colo)', async () => {
    const worker = workerFromEnv(env, quiet().log);
    const edge = { colo: 'MAD', country: 'ES' };
    assert.equal(worker.choiceFor(request(edge)).ipSource, 'cf-connecting-ip');
    const n = await passed(worker, (i) => ({
      cf: edge,
      headers: { 'cf-connecting-ip': `198.51.100.${i}` },
    }));
    assert.equal(n, PER_IP + 1);
  });

  it('reads workerd’s connection address, not cf-connecting-ip, and warns once', async () => {
    const { lines, log } = quiet();
    const worker = workerFromEnv(env, log);
    const n = await passed(worker, (i) => ({
      cf: { clientIp: `192.0.2.7:${5000 + i}` },
      headers: { 'cf-connecting-ip': `198.51.100.${i}` },
    }));
    assert.equal(n, PER_IP, 'one address, one count, whatever the header says');
    // Another connection address is another client.
    const other = request({ clientIp: '[2001:db8::1]:443' });
    assert.notEqual((await worker.fetch(other)).status, 429);
    const warned = lines.filter((l) => /connection's address/.test(l.line));
    assert.equal(warned.length, 1);
    assert.equal(warned[0]!.level, 'warn');
  });

  it('counts every client as one when it has nothing to go by, and says so loudly once', async () => {
    const { lines, log } = quiet();
    const worker = workerFromEnv(env, log);
    assert.equal(worker.choiceFor(request(undefined)).ipSource, undefined);
    const n = await passed(worker, (i) => ({
      cf: undefined,
      headers: { 'cf-connecting-ip': `198.51.100.${i}` },
    }));
    assert.equal(n, PER_IP, 'all shoppers in one per-IP count');
    const loud = lines.filter((l) => /shares ONE per-IP rate limit/.test(l.line));
    assert.equal(loud.length, 1);
    assert.equal(loud[0]!.level, 'error');
  });
});
