// The Durable Object rate-limit store's logic, against a fake namespace under Node: windows per
// key, atomic counts, expiry, eviction, sharding and the failure modes; and the worker choosing
// it from its bindings. Two workers sharing a real namespace under workerd are in
// workerd-shared.test.ts.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createDurableObjectStore, RateLimitCounter } from '../../../proxy/durable-object-store.ts';
import { RateLimitStoreUnavailable, resilientStore } from '../../../proxy/rate-limit.ts';
import { workerFromEnv } from '../../../proxy/worker.ts';
import { fakeNamespace, FakeStorage } from '../support/durable-objects.ts';
import { SESSION_SECRET } from '../support/session.ts';

describe('the Durable Object rate-limit store', () => {
  it('counts hits per key in a window, and starts a new window when it ends', async () => {
    let now = 1_000_000;
    const namespace = fakeNamespace(() => now);
    const store = createDurableObjectStore({ namespace });
    assert.deepEqual(await store.hit('ip:a', 60_000), { count: 1, resetAt: 1_060_000 });
    now += 59_999;
    assert.deepEqual(await store.hit('ip:a', 60_000), { count: 2, resetAt: 1_060_000 });
    assert.deepEqual(await store.hit('ip:b', 60_000), { count: 1, resetAt: now + 60_000 });
    now = 1_060_000;
    assert.deepEqual(await store.hit('ip:a', 60_000), { count: 1, resetAt: 1_120_000 });
    // One object per key by default.
    assert.deepEqual([...namespace.storages.keys()].sort(), ['ip:a', 'ip:b']);
  });

  it('never gives two concurrent hits the same count', async () => {
    const store = createDurableObjectStore({ namespace: fakeNamespace() });
    const counts = await Promise.all(
      Array.from({ length: 50 }, () => store.hit('order:1001', 60_000)),
    );
    assert.deepEqual(
      counts.map((c) => c.count).sort((a, b) => a - b),
      Array.from({ length: 50 }, (_, i) => i + 1),
    );
  });

  it('keeps a live window when its object is evicted while idle', async () => {
    const namespace = fakeNamespace();
    const store = createDurableObjectStore({ namespace });
    for (let i = 0; i < 3; i++) await store.hit('order:1001', 60_000);
    namespace.evictAll();
    assert.equal((await store.hit('order:1001', 60_000)).count, 4);
  });

  it('sets an alarm at the window’s end that deletes ended windows and wakes for the next', async () => {
    let now = 0;
    const storage = new FakeStorage();
    const object = new RateLimitCounter({ storage }, {}, () => now);
    await object.hit('a', 1000);
    now = 500;
    await object.hit('b', 1000);
    await object.hit('b', 1000);
    assert.equal(storage.alarm, 1000, 'the earliest end');
    now = 1000;
    await object.alarm();
    assert.deepEqual([...storage.data.keys()], ['b']);
    assert.equal(storage.alarm, 1500);
    now = 1500;
    await object.alarm();
    assert.equal(storage.data.size, 0);
  });

  it('spreads keys over a fixed number of objects with shards, still counting each key apart', async () => {
    const namespace = fakeNamespace();
    const store = createDurableObjectStore({ namespace, shards: 4 });
    for (let i = 0; i < 40; i++) await store.hit(`ip:10.0.0.${i}`, 60_000);
    assert.ok(namespace.storages.size <= 4 && namespace.storages.size > 1);
    assert.equal((await store.hit('ip:10.0.0.7', 60_000)).count, 2);
    assert.throws(() => createDurableObjectStore({ namespace, shards: 0 }), /shards/);
  });

  it('reads a key’s live window without counting (peek), and nothing once it has ended', async () => {
    let now = 0;
    const namespace = fakeNamespace(() => now);
    const store = createDurableObjectStore({ namespace });
    assert.equal(await store.peek('order:1001'), undefined);
    await store.hit('order:1001', 1000);
    await store.hit('order:1001', 1000);
    assert.deepEqual(await store.peek('order:1001'), { count: 2, resetAt: 1000 });
    assert.deepEqual(await store.peek('order:1001'), { count: 2, resetAt: 1000 }, 'not counted');
    now = 1000;
    assert.equal(await store.peek('order:1001'), undefined);
    namespace.mode = 'throw';
    await assert.rejects(store.peek('order:1001'), /unreachable/);
  });

  it('refuses what is not a hit', async () => {
    const object = new RateLimitCounter({ storage: new FakeStorage() });
    const post = (body: string, path = '/hit') =>
      object.fetch(new Request(`https://x${path}`, { method: 'POST', body }));
    assert.equal((await post('{"key":"a","windowMs":1000}')).status, 200);
    assert.equal((await post('{"key":"a","windowMs":1000}', '/other')).status, 404);
    assert.equal((await post('not json')).status, 400);
    assert.equal((await post('{"key":"","windowMs":1000}')).status, 400);
    assert.equal((await post(`{"key":"${'k'.repeat(600)}","windowMs":1000}`)).status, 400);
    assert.equal((await post('{"key":"a","windowMs":-1}')).status, 400);
    assert.equal((await post('{"key":"a","windowMs":"1000"}')).status, 400);
    assert.equal((await post('{"key":"a"}', '/peek')).status, 200);
    assert.equal((await post('{"key":""}', '/peek')).status, 400);
  });

  it('throws when the object fails, answers wrongly or does not answer in time', async () => {
    const namespace = fakeNamespace();
    const store = createDurableObjectStore({ namespace, timeoutMs: 20 });
    namespace.mode = 'throw';
    await assert.rejects(store.hit('a', 1000), /unreachable/);
    namespace.mode = 'hang';
    await assert.rejects(store.hit('a', 1000), /in time/);
    const wrong = createDurableObjectStore({
      namespace: {
        idFromName: () => ({}),
        get: () => ({ fetch: () => Promise.resolve(Response.json({ count: 'many' })) }),
      },
    });
    await assert.rejects(wrong.hit('a', 1000), /answered 200/);
  });

  it('fails open (counting locally, one warning) or closed (refusing), as chosen', async () => {
    const namespace = fakeNamespace();
    const warnings: string[] = [];
    const open = resilientStore(createDurableObjectStore({ namespace }), {
      onFailure: 'open',
      warn: (line) => warnings.push(line),
    });
    await open.hit('a', 60_000);
    namespace.mode = 'throw';
    assert.equal((await open.hit('a', 60_000)).count, 1, 'counted in memory meanwhile');
    assert.equal((await open.hit('a', 60_000)).count, 2);
    assert.equal(warnings.length, 1);
    namespace.mode = 'ok';
    assert.equal((await open.hit('a', 60_000)).count, 2, 'the shared count again');
    assert.equal(warnings.length, 2);
    namespace.mode = 'throw';
    const closed = resilientStore(createDurableObjectStore({ namespace }), {
      onFailure: 'closed',
      warn: () => {},
    });
    await assert.rejects(closed.hit('a', 60_000), RateLimitStoreUnavailable);
  });
});

describe('the worker’s rate-limit store, from its bindings', () => {
  const env = {
    // Nothing listens there: an intent that passes the limits fails upstream with 502.
    REVER_API_URL: 'http://127.0.0.1:1/storefront',
    REVER_API_KEY: 'sk_test_do',
    SESSION_SECRET,
    TRUST_PROXY_HEADER: 'x-client-ip',
  };
  const quiet = () => {
    const lines: string[] = [];
    const push = (line: string) => void lines.push(line);
    return { lines, log: { info: push, warn: push, error: push } };
  };
  const intent = (number: string) =>
    new Request('http://proxy.test/returns/intent/start', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-client-ip': '192.0.2.1' },
      body: JSON.stringify({ email: 'a@example.com', order_number: number }),
    });
  const send = async (worker: ReturnType<typeof workerFromEnv>, request: Request) =>
    worker.fetch(request);

  it('counts in the RATE_LIMITS namespace when bound, and says so at the first request', async () => {
    const namespace = fakeNamespace();
    const { lines, log } = quiet();
    const worker = workerFromEnv({ ...env, RATE_LIMITS: namespace }, log);
    assert.equal(lines.length, 0, 'nothing said before a request');
    await send(worker, intent('1001'));
    await send(worker, intent('1001'));
    assert.equal(lines.filter((l) => /Durable Object namespace RATE_LIMITS/.test(l)).length, 1);
    const keys = [...namespace.storages.keys()].sort();
    assert.equal(keys[0], 'ip:192.0.2.1');
    // The order and a hash of the email, never the email: read (peeked), and counted only when
    // REVER refuses them, which it never did here (nothing listens: 502).
    assert.match(keys[1]!, /^order:1001:[0-9a-f]{32}$/);
    assert.equal(keys.length, 2);
    assert.equal(namespace.storages.get(keys[1]!)!.data.size, 0, 'no failure counted');
    // A second worker (another isolate) on the same namespace counts on where the first left:
    // 2 + 28 = the 30 allowed per IP, then 429.
    const other = workerFromEnv({ ...env, RATE_LIMITS: namespace }, quiet().log);
    for (let i = 0; i < 28; i++) assert.equal((await send(other, intent('1001'))).status, 502);
    assert.equal((await send(other, intent('1001'))).status, 429);
  });

  it('counts in memory without the binding, and says so', async () => {
    const { lines, log } = quiet();
    const worker = workerFromEnv(env, log);
    assert.equal((await send(worker, intent('1001'))).status, 502);
    assert.match(lines.join('\n'), /isolate's memory \(no RATE_LIMITS binding\)/);
  });

  it('refuses intents with 503 and Retry-After while the namespace fails, when closed', async () => {
    const namespace = fakeNamespace();
    namespace.mode = 'throw';
    const { lines, log } = quiet();
    const closed = workerFromEnv(
      { ...env, RATE_LIMITS: namespace, RATE_LIMIT_STORE_FAILURE: 'closed' },
      log,
    );
    const answer = await send(closed, intent('1001'));
    assert.equal(answer.status, 503);
    assert.equal(answer.headers.get('retry-after'), '5');
    assert.equal(lines.filter((l) => /fail-closed/.test(l)).length, 1);
    const open = workerFromEnv({ ...env, RATE_LIMITS: namespace }, quiet().log);
    assert.equal((await send(open, intent('1001'))).status, 502, 'served, counted locally');
    assert.throws(
      () => workerFromEnv({ ...env, RATE_LIMIT_STORE_FAILURE: 'maybe' }, quiet().log),
      /"open" or "closed"/,
    );
  });
});
