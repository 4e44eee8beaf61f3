// Fault injection: the embedded mock, told per test to be slow, fail, rate-limit, answer garbage,
// drop the connection or dribble its body, with the real proxy in front and the real client in
// node. What must hold: reads retry and recover, writes are never retried blindly, a confirm
// whose answer was lost and is sent again makes one return, and every failure is a ReverError.
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import type { MockRever } from '../../mock/app.ts';
import { startProxy, type RunningProxy } from '../../proxy/node.ts';
import { createReverClient, type ReturnSession } from '../../src/services/client.ts';
import { reverRejection } from './support/rejection.ts';

describe('faults injected in the mock, through the proxy, seen by the client', () => {
  let proxy: RunningProxy;
  let mock: MockRever;
  const client = (opts: { timeoutMs?: number } = {}) =>
    createReverClient({ proxyUrl: proxy.url, ...opts });

  before(async () => {
    const generous = { limit: 10_000, windowMs: 60_000 };
    proxy = await startProxy({
      port: 0,
      log: () => {},
      intentLimits: { perIp: generous, perOrder: generous },
    });
    mock = proxy.mock!;
  });
  afterEach(() => mock.setFaults([]));
  after(() => proxy.close());

  async function start(c = client()) {
    const order = await c.startReturnIntent({
      email: 'ana.garcia@example.com',
      order_number: '1001',
    });
    const session: ReturnSession = {
      returnId: order.return_id,
      customerToken: order.customer_token,
      // As the widget keeps it in the draft: another client (a reload) can go on with it.
      sessionToken: c.sessionTokenFor(order.return_id)!,
    };
    return { order, session, client: c };
  }

  it('a read recovers from two 503s by retrying; a write facing one is not retried', async () => {
    const { session, client: c } = await start();
    mock.setFaults([{ operation: 'getRefundOptions', kind: 'status', status: 503, times: 2 }]);
    const options = await c.getRefundOptions(session);
    assert.ok(options.length > 0);
    assert.deepEqual(mock.faultHits(), [2]);

    mock.setFaults([{ operation: 'addReturnLineItem', kind: 'status', status: 503 }]);
    const error = await reverRejection(
      c.addReturnLineItem(session, {
        line_item_id: 'li_1001_5',
        quantity: 1,
        return_reason_id: 'too_big',
      }),
    );
    assert.equal(error.code, 'server');
    assert.deepEqual(mock.faultHits(), [1], 'the write was sent once');
  });

  it('a read waits out a 429 with Retry-After, and gives up on one longer than its bound', async () => {
    const { session, client: c } = await start();
    mock.setFaults([
      { operation: 'getRefundOptions', kind: 'rate-limit', retryAfter: 1, times: 1 },
    ]);
    const started = Date.now();
    await c.getRefundOptions(session);
    assert.ok(Date.now() - started >= 900, 'waited for Retry-After');
    assert.deepEqual(mock.faultHits(), [1]);

    mock.setFaults([{ operation: 'getRefundOptions', kind: 'rate-limit', retryAfter: 3600 }]);
    const error = await reverRejection(c.getRefundOptions(session));
    assert.equal(error.code, 'rate-limited');
    assert.equal(error.retryAfter, 3600);
    assert.deepEqual(mock.faultHits(), [1], 'an hour is not waited for');
  });

  it('a write facing a 429 is not retried and says how long to wait', async () => {
    mock.setFaults([{ operation: 'startReturnIntent', kind: 'rate-limit', retryAfter: 5 }]);
    const error = await reverRejection(start());
    assert.equal(error.code, 'rate-limited');
    assert.equal(error.retryAfter, 5);
    assert.deepEqual(mock.faultHits(), [1]);
  });

  it('malformed JSON is a bad response, and gets no session token', async () => {
    mock.setFaults([{ operation: 'startReturnIntent', kind: 'malformed', times: 1 }]);
    const c = client();
    const error = await reverRejection(start(c));
    assert.equal(error.code, 'bad-response');
    // The next attempt works, and is the one whose session the client keeps.
    const { session } = await start(c);
    assert.ok(c.sessionTokenFor(session.returnId));
  });

  it('a dropped connection is a 502 from the proxy: a server error, retried for reads', async () => {
    const { session, client: c } = await start();
    mock.setFaults([{ operation: 'getReturnReasons', kind: 'reset', times: 1 }]);
    const reasons = await c.getReturnReasons(session, 'en');
    assert.ok(reasons.length > 0);
    assert.deepEqual(mock.faultHits(), [1]);
    mock.setFaults([{ operation: 'confirmReturn', kind: 'reset' }]);
    const error = await reverRejection(c.confirmReturn(session));
    assert.equal(error.code, 'server');
    assert.equal(error.status, 502);
    assert.deepEqual(mock.faultHits(), [1]);
  });

  it('a slow body still arrives whole; latency past the client timeout is a timeout', async () => {
    const { session, client: c } = await start();
    mock.setFaults([{ operation: 'getRefundOptions', kind: 'slow-body', delayMs: 80 }]);
    const options = await c.getRefundOptions(session);
    assert.ok(options.some((o) => o.method === 'STORE_CREDIT'));
    mock.setFaults([{ kind: 'latency', delayMs: 600 }]);
    const impatient = createReverClient({ proxyUrl: proxy.url, timeoutMs: 200, readRetries: 0 });
    const error = await reverRejection(impatient.getRefundOptions(session));
    assert.equal(error.code, 'timeout');
  });

  it('a confirm whose answer is lost, sent again, makes one return', async () => {
    const { session, client: c } = await start();
    await c.addReturnLineItem(session, {
      line_item_id: 'li_1001_5',
      quantity: 1,
      return_reason_id: 'too_big',
    });
    await c.saveClientPreferences(session, 'li_1001_5', { method: 'STORE_CREDIT' });
    // The mock confirms after 400 ms; the client gave up at 150 ms and was never told.
    mock.setFaults([{ operation: 'confirmReturn', kind: 'latency', delayMs: 400, times: 1 }]);
    const impatient = createReverClient({ proxyUrl: proxy.url, timeoutMs: 150 });
    const lost = await reverRejection(impatient.confirmReturn(session));
    assert.equal(lost.code, 'timeout');
    await new Promise((resolve) => setTimeout(resolve, 500));
    const retried = await c.confirmReturn(session);
    const again = await c.confirmReturn(session);
    assert.deepEqual(again, retried);
    const confirmed = [...mock.state.returns.values()].filter(
      (r) => r.id === session.returnId && r.confirmation,
    );
    assert.equal(confirmed.length, 1);
    const active = await c.getActiveReturns(session, ['ord_1001']);
    assert.equal(active.filter((r) => r.id === session.returnId).length, 1);
  });
});
