// The client the widget loads on first use: the same methods and answers as the client itself,
// against the embedded mock through the reference proxy, over real HTTP.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startProxy, type RunningProxy } from '../../proxy/node.ts';
import { createReverClient } from '../../src/services/client.ts';
import { ReverError } from '../../src/services/errors.ts';
import { createReverClient as createLazyClient } from '../../src/services/lazy-client.ts';
import { CLIENT_METHODS } from './support/fake-client.ts';

describe('the client loaded on first use', () => {
  let proxy: RunningProxy;
  before(async () => {
    proxy = await startProxy({ port: 0, log: () => {} });
  });
  after(() => proxy.close());

  it('has every method of the client', () => {
    const lazy = createLazyClient({ proxyUrl: proxy.url });
    // The client's methods, as the effects' fake client has them too.
    assert.deepEqual(Object.keys(lazy).sort(), CLIENT_METHODS);
  });

  it('answers as the client does, with its options, for a whole read after a start', async () => {
    const lazy = createLazyClient({ proxyUrl: proxy.url });
    const order = await lazy.startReturnIntent({
      email: 'ana.garcia@example.com',
      order_number: '1001',
    });
    assert.equal(order.id, 'ord_1001');
    // The proxy's session token came to the lazy client; the eager one is handed it, as the
    // widget's draft hands it to a client after a reload.
    const session = {
      returnId: order.return_id,
      customerToken: order.customer_token,
      sessionToken: lazy.sessionTokenFor(order.return_id),
    };
    assert.ok(session.sessionToken, 'the lazy client keeps the token once loaded');
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
