// The intent limits skip the email's hash and the read of its window for an order that has no
// failure window in the in-memory store (OrdersWithFailures). These tests hold that the skip never
// lets an order-and-email window that is live go unread: windows of one order begun at different
// times, the index's overflow, its sweep. The limits' verdicts themselves are in attack.test.ts.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Hono } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { ProxyEnv } from '../../../proxy/middleware/env.ts';
import { intentLimits, OrdersWithFailures } from '../../../proxy/middleware/intent-limits.ts';
import { MemoryRateLimitStore } from '../../../proxy/rate-limit.ts';

const OWNER = 'ana.garcia@example.com';
const payload = new TextEncoder().encode('{}');

/**
 * The intent limits over `store` (3 failures per order and email in 60 s), between a layer that
 * hands on the intent's body and REVER, which knows the owner's email for order 1001 (200) and
 * refuses anything else (404, a failure).
 */
function limitedApp(store: MemoryRateLimitStore) {
  let body: { email: string; order_number: string } | undefined;
  const app = new Hono<ProxyEnv>();
  app.all(
    '*',
    createMiddleware<ProxyEnv>(async (c, next) => {
      c.set('operation', { id: 'startReturnIntent', params: {} });
      c.set('bodyValue', body);
      await next();
    }),
    intentLimits({
      store,
      perIp: { limit: 1000, windowMs: 60_000 },
      perOrder: { limit: 3, windowMs: 60_000 },
      trustProxyHeader: 'x-forwarded-for',
    }),
    createMiddleware<ProxyEnv>((c) => {
      c.set('upstreamPayload', payload);
      return Promise.resolve(
        c.body(null, body?.email === OWNER && body.order_number === '1001' ? 200 : 404),
      );
    }),
  );
  return async (email: string, order = '1001') => {
    body = { email, order_number: order };
    const answer = await app.request('/returns/intent/start', {
      method: 'POST',
      headers: { 'x-forwarded-for': '203.0.113.9' },
    });
    return answer.status;
  };
}

describe('intents for an order without failures (OrdersWithFailures)', () => {
  it('keeps an order and email limited while its window is live, whenever each began', async () => {
    let now = 1_000_000;
    const intent = limitedApp(new MemoryRateLimitStore({ now: () => now }));
    const tries = async (email: string, n: number) => {
      const statuses = [];
      for (let i = 0; i < n; i++) statuses.push(await intent(email));
      return statuses;
    };
    // A stranger's first email fails three times at 0 s (its window ends at 60 s)...
    assert.deepEqual(await tries('first@example.com', 4), [404, 404, 404, 429]);
    // ...a second one at 50 s (its window ends at 110 s).
    now += 50_000;
    assert.deepEqual(await tries('second@example.com', 4), [404, 404, 404, 429]);
    // At 70 s the first window has ended and the second has not: an index that kept only the
    // order's first window would read neither and let the second email through.
    now += 20_000;
    assert.deepEqual(await tries('second@example.com', 1), [429]);
    assert.deepEqual(await tries('first@example.com', 1), [404]);
    assert.deepEqual(await tries(OWNER, 1), [200], 'the owner, never limited by them');
    // At 110 s the second window has ended too.
    now += 40_000;
    assert.deepEqual(await tries('second@example.com', 1), [404]);
  });

  it('reads no order-and-email window for an order REVER never refused, and reads it after', async () => {
    const read: string[] = [];
    const store = new (class extends MemoryRateLimitStore {
      override peekNow(key: string) {
        read.push(key);
        return super.peekNow(key);
      }
    })();
    const intent = limitedApp(store);
    assert.equal(await intent(OWNER, '1001'), 200);
    assert.equal(await intent(OWNER, '2002'), 404);
    assert.deepEqual(read, [], 'no window read, so no email hashed, for orders without failures');
    assert.equal(await intent(OWNER, '2002'), 404);
    assert.equal(read.length, 1);
    assert.match(read[0]!, /^order:2002:[0-9a-f]{32}$/);
    assert.equal(await intent(OWNER, '1001'), 200);
    assert.equal(read.length, 1, 'another order still reads nothing');
  });

  it('answers "maybe" for every order while it is over its cap, until the windows it missed end', () => {
    let now = 0;
    const index = new OrdersWithFailures(new MemoryRateLimitStore({ maxKeys: 2, now: () => now }));
    index.noted('a', 100);
    index.noted('b', 100);
    index.noted('c', 150);
    assert.equal(index.mayHave('c'), true, 'c is not kept, and not forgotten either');
    assert.equal(index.mayHave('never-seen'), true);
    now = 150;
    assert.equal(index.mayHave('c'), false);
    assert.equal(index.mayHave('a'), false);
    assert.equal(index.mayHave('never-seen'), false);
  });

  it('keeps the latest end of an order, and makes room by dropping ended entries only', () => {
    let now = 0;
    const index = new OrdersWithFailures(new MemoryRateLimitStore({ maxKeys: 2, now: () => now }));
    index.noted('a', 100);
    index.noted('a', 50);
    index.noted('b', 300);
    now = 99;
    assert.equal(index.mayHave('a'), true, 'the later end is kept');
    now = 100;
    // Full, with a ended: it is swept to make room for c.
    index.noted('c', 200);
    assert.equal(index.mayHave('c'), true);
    assert.equal(index.mayHave('b'), true);
    assert.equal(index.mayHave('never-seen'), false, 'room was made, so it is still sure');
  });
});
