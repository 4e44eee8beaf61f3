// The client the widget loads on first use: the same methods and answers as the client itself,
// against the embedded mock through the reference proxy, over real HTTP.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startProxy, type RunningProxy } from '../../proxy/node.ts';
import { createReverClient } from '../../src/services/client.ts';
import { ReverError } from '../../src/services/errors.ts';
import { createReverClient as createLazyClient } from '../../src/services/lazy-client.ts';

describe('the client loaded on first use', () => {
  let proxy: RunningProxy;
  before(async () => {
    proxy = await startProxy({ port: 0, log: () => {} });
  });
  after(() => proxy.close());

  it('has every method of the client', () => {
    const eager = createReverClient({ proxyUrl: proxy.url });
    const lazy = createLazyClient({ proxyUrl: proxy.url });
    assert.deepEqual(Object.keys(lazy).sort(), Object.keys(eager).sort());
  });

  it('answers as the client does, with its options, for a whole read after a start', async () => {
    const lazy = createLazyClient({ proxyUrl: proxy.url });
    const order = await lazy.startReturnIntent({
      email: 'ana.garcia@example.com',
      order_number: '1001',
    });
    assert.equal(order.id, 'ord_1001');
    // The proxy binds the return to the session token it gave the lazy client's intent: the
    // eager client, another instance, is handed it as a restored draft would be.
    const sessionToken = lazy.sessionTokenFor(order.return_id);
    assert.ok(sessionToken);
    const session = {
      returnId: order.return_id,
      customerToken: order.customer_token,
      sessionToken,
    };
    const eager = createReverClient({ proxyUrl: proxy.url });
    assert.deepEqual(await lazy.getRefundOptions(session), await eager.getRefundOptions(session));
  });

  it('throws the same typed errors', async () => {
    const lazy = createLazyClient({ proxyUrl: proxy.url });
    const error = await lazy
      .startReturnIntent({ email: 'nobody@example.com', order_number: '1' })
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    assert.ok(error instanceof ReverError);
    assert.equal(error.code, 'not-found');
  });
});
