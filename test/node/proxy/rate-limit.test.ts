// The in-memory rate-limit store under a flood of new keys: bounded, and never a way to reset
// the window of a key under attack.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkLimits, MemoryRateLimitStore } from '../../../proxy/rate-limit.ts';

const rule = { limit: 10, windowMs: 60_000 };

describe('MemoryRateLimitStore at its cap', () => {
  it('never forgets a live window, however many new keys flood it', async () => {
    let now = 0;
    const store = new MemoryRateLimitStore({ maxKeys: 100, now: () => now });
    // An order under attack: ten guesses, its limit reached.
    for (let i = 0; i < 10; i++) await store.hit('order:1001', rule.windowMs);
    // The attacker floods the store with made-up keys to push the order's window out.
    for (let i = 0; i < 10_000; i++) {
      now += 1;
      await store.hit(`order:flood-${i}`, rule.windowMs);
    }
    assert.equal(store.size, 100);
    assert.equal(
      await checkLimits(store, [{ key: 'order:1001', rule }], now),
      50,
      'the order is still limited, until its own window ends',
    );
    assert.equal((await store.peek('order:1001'))?.count, 11);
  });

  it('refuses a new key while every window is live, until the first one ends', async () => {
    let now = 0;
    const store = new MemoryRateLimitStore({ maxKeys: 3, now: () => now });
    for (const key of ['a', 'b', 'c']) {
      await store.hit(key, 60_000);
      now += 10_000;
    }
    const refused = await checkLimits(store, [{ key: 'new', rule }], now);
    assert.equal(refused, 30, 'retry when the first window (a, ends at 60 s) frees a slot');
    assert.equal(await store.peek('new'), undefined);
    // Keys already counted carry on.
    assert.equal((await store.hit('b', 60_000)).count, 2);
    now = 60_000;
    assert.equal(await checkLimits(store, [{ key: 'new', rule }], now), 0, 'a has ended');
    assert.deepEqual((await store.peek('new'))?.count, 1);
    assert.equal(await store.peek('a'), undefined);
  });

  it('drops expired windows first, of any length, to make room', async () => {
    let now = 0;
    const store = new MemoryRateLimitStore({ maxKeys: 3, now: () => now });
    await store.hit('long', 600_000);
    await store.hit('short', 1_000);
    await store.hit('mid', 300_000);
    now = 5_000; // only "short" has ended, behind a live "long"
    assert.equal((await store.hit('new', 60_000)).count, 1);
    assert.equal((await store.peek('long'))?.count, 1);
    assert.equal((await store.peek('mid'))?.count, 1);
    assert.equal(store.size, 3);
  });
});

describe("MemoryRateLimitStore's synchronous forms", () => {
  it('give the same windows as hit and peek, through expiry and at the cap', async () => {
    let now = 0;
    const sync = new MemoryRateLimitStore({ maxKeys: 3, now: () => now });
    const async = new MemoryRateLimitStore({ maxKeys: 3, now: () => now });
    const steps: [op: 'hit' | 'peek', key: string, windowMs: number, advance: number][] = [
      ['hit', 'a', 1_000, 0],
      ['hit', 'a', 1_000, 400],
      ['peek', 'a', 0, 0],
      ['peek', 'b', 0, 0],
      ['hit', 'b', 60_000, 100],
      ['hit', 'c', 60_000, 100],
      ['hit', 'd', 60_000, 0], // at the cap, every window live: refused
      ['hit', 'a', 1_000, 500], // a's window has ended: a new one
      ['peek', 'a', 0, 1_000],
      ['hit', 'd', 60_000, 0], // a ended again, so d takes its slot
      ['peek', 'd', 0, 0],
    ];
    const seen: unknown[] = [];
    for (const [op, key, windowMs, advance] of steps) {
      now += advance;
      const fromSync = op === 'hit' ? sync.hitNow(key, windowMs) : sync.peekNow(key);
      const fromAsync = op === 'hit' ? await async.hit(key, windowMs) : await async.peek(key);
      assert.deepEqual(fromSync, fromAsync, `${op} ${key} at ${now} ms`);
      seen.push(fromSync);
    }
    assert.deepEqual(seen, [
      { count: 1, resetAt: 1_000 },
      { count: 2, resetAt: 1_000 },
      { count: 2, resetAt: 1_000 },
      undefined,
      { count: 1, resetAt: 60_500 },
      { count: 1, resetAt: 60_600 },
      { count: Number.MAX_SAFE_INTEGER, resetAt: 1_600 },
      { count: 1, resetAt: 2_100 },
      undefined,
      { count: 1, resetAt: 62_100 },
      { count: 1, resetAt: 62_100 },
    ]);
  });

  it('hand out copies: changing an answer changes no window', () => {
    const store = new MemoryRateLimitStore();
    const first = store.hitNow('k', 60_000);
    first.count = 0;
    first.resetAt = 0;
    assert.equal(store.hitNow('k', 60_000).count, 2);
    const seen = store.peekNow('k')!;
    seen.count = 99;
    assert.equal(store.peekNow('k')!.count, 2);
  });
});
