// A bounded load check: the proxy in front of the embedded mock on loopback, many concurrent
// simulated shoppers for a fixed short time. Every request must be answered, and answered right
// (each shopper sees only its own return and order, and a peek at another's is refused), and the
// heap after GC must come back near where it started. Prints the figures; asserts no timing.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { startProxy } from '../../proxy/node.ts';
import { createReverClient } from '../../src/services/client.ts';
import { ReverError } from '../../src/services/errors.ts';

// The test runner starts this file without --expose-gc; the flag can still be set, and a new
// context then has a `gc` to call.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const SHOPPERS = 40;
const DURATION_MS = 3000;
/** Heap growth tolerated after the load, once GC has run: allocator noise, not a leak. */
const HEAP_SLACK_BYTES = 8 * 1024 * 1024;

const ORDERS = [
  { email: 'ana.garcia@example.com', number: '1001', orderId: 'ord_1001', line: 'li_1001_5' },
  { email: 'kenji.sato@example.jp', number: '2002', orderId: 'ord_2002', line: '' },
];

async function settledHeap(): Promise<number> {
  for (let i = 0; i < 4; i++) {
    gc();
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return process.memoryUsage().heapUsed;
}

describe('the proxy under load', () => {
  it(
    `answers ${SHOPPERS} concurrent shoppers right for ${DURATION_MS} ms, and gives memory back`,
    { timeout: 60_000 },
    async () => {
      const generous = { limit: 1e9, windowMs: 60_000 };
      const proxy = await startProxy({
        port: 0,
        log: () => {},
        intentLimits: { perIp: generous, perOrder: generous },
      });
      const stats = { requests: 0, right: 0, wrong: [] as string[], refusedPeeks: 0 };
      const check = (ok: boolean, what: string) => {
        stats.requests++;
        if (ok) stats.right++;
        else stats.wrong.push(what);
      };

      /** One shopper's visit: intent, reads, a line added, a peek at someone else's return. */
      async function visit(shopper: number, deadline: number, others: string[]) {
        const client = createReverClient({ proxyUrl: proxy.url, readRetries: 0 });
        while (Date.now() < deadline) {
          const seed = ORDERS[shopper % ORDERS.length]!;
          try {
            const order = await client.startReturnIntent({
              email: seed.email,
              order_number: seed.number,
            });
            check(order.id === seed.orderId, 'intent answered another order');
            const session = {
              returnId: order.return_id,
              customerToken: order.customer_token,
              sessionToken: client.sessionTokenFor(order.return_id)!,
            };
            others.push(order.return_id);
            const reasons = await client.getReturnReasons(session, 'en');
            check(reasons.length > 0, 'no reasons');
            const refunds = await client.getRefundOptions(session);
            check(refunds.length > 0, 'no refund options');
            const active = await client.getActiveReturns(session, [seed.orderId]);
            check(
              active.every((r) => r.order_id === seed.orderId),
              'active returns of another order',
            );
            if (seed.line) {
              const lines = await client.addReturnLineItem(session, {
                line_item_id: seed.line,
                quantity: 1,
                return_reason_id: 'too_big',
              });
              check(
                lines.return_id === order.return_id &&
                  lines.line_items.some((l) => l.line_item_id === seed.line),
                'line not in the return',
              );
            }
            const someoneElse = others.find((id) => id !== order.return_id);
            if (someoneElse) {
              try {
                await client.getRefundOptions({ ...session, returnId: someoneElse });
                check(false, "read another shopper's return");
              } catch (error) {
                const refused = error instanceof ReverError && error.status === 403;
                if (refused) stats.refusedPeeks++;
                check(refused, `peek answered ${String(error)}`);
              }
            }
          } catch (error) {
            check(false, `lost: ${String(error)}`);
          }
        }
      }

      const run = async (ms: number) => {
        const others: string[] = [];
        const deadline = Date.now() + ms;
        await Promise.all(Array.from({ length: SHOPPERS }, (_, i) => visit(i, deadline, others)));
      };

      // Warm up (JIT, connection pools, module state), then measure from a settled heap.
      await run(500);
      proxy.mock!.reset();
      const before = await settledHeap();
      Object.assign(stats, { requests: 0, right: 0, wrong: [], refusedPeeks: 0 });
      const started = Date.now();
      await run(DURATION_MS);
      const elapsed = Date.now() - started;
      const peak = process.memoryUsage().heapUsed;
      const opened = proxy.mock!.state.returns.size;
      proxy.mock!.reset();
      const afterLoad = await settledHeap();
      await proxy.close();

      const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;
      console.log(
        `load: ${SHOPPERS} shoppers, ${elapsed} ms, ${stats.requests} requests ` +
          `(${Math.round((stats.requests / elapsed) * 1000)}/s), ${opened} returns opened, ` +
          `${stats.refusedPeeks} peeks refused; heap ${mb(before)} before, ${mb(peak)} peak, ` +
          `${mb(afterLoad)} after GC (${mb(afterLoad - before)} growth)`,
      );
      assert.deepEqual(stats.wrong.slice(0, 5), []);
      assert.equal(stats.right, stats.requests);
      assert.ok(stats.requests > SHOPPERS * 5, `only ${stats.requests} requests were made`);
      assert.ok(stats.refusedPeeks > 0);
      assert.ok(
        afterLoad - before < HEAP_SLACK_BYTES,
        `heap grew by ${mb(afterLoad - before)} after the load`,
      );
    },
  );
});
