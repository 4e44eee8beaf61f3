// Two proxies under workerd sharing one Durable Object namespace of rate limits: the sample
// proxy/workerd/shared.capnp as it ships (what `npm run proxy:workerd -- --shared` starts), the
// local stand-in for a Workers deployment whose requests land on many isolates. Each worker is an
// isolate with its own memory, so only the shared namespace can limit a client spread over both.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startMockRever } from '../../../mock/node.ts';
import { startWorkerdProxy, type RunningWorkerd } from '../../../proxy/workerd/run.ts';
import { SESSION_HEADER } from '../../../contract/index.ts';
import { SHOP } from '../support/http.ts';
import { SESSION_SECRET } from '../support/session.ts';
import { callsUnderOneSession } from '../support/workerd-shared.ts';

/** The proxy's default intent limits: 30 per IP and 10 per order number, per 10 minutes. */
const PER_IP = 30;
const PER_ORDER = 10;

describe('two workerd proxies sharing one RATE_LIMITS namespace', () => {
  let mock: Awaited<ReturnType<typeof startMockRever>>;
  let workers: RunningWorkerd;
  const logs: string[] = [];

  before(async () => {
    mock = await startMockRever({ port: 0 });
    workers = await startWorkerdProxy({
      upstream: mock.url,
      apiKey: mock.apiKey,
      sessionSecret: SESSION_SECRET,
      allowedOrigins: [SHOP],
      shared: true,
      // So that each test can be one client or many, as it needs.
      bindings: { TRUST_PROXY_HEADER: 'x-client-ip' },
      log: (line) => logs.push(line),
    });
  });
  after(async () => {
    await workers?.close();
    await mock?.close();
  });

  const intent = (url: string, ip: string, email: string, number: string) =>
    fetch(`${url}/returns/intent/start`, {
      method: 'POST',
      headers: { origin: SHOP, 'content-type': 'application/json', 'x-client-ip': ip },
      body: JSON.stringify({ email, order_number: number }),
    });

  it('serves on two ports, each worker counting in the shared namespace', async () => {
    assert.equal(workers.urls.length, 2);
    assert.notEqual(workers.urls[0], workers.urls[1]);
    for (const url of workers.urls) {
      const answer = await intent(url, '192.0.2.200', 'ana.garcia@example.com', '1001');
      assert.equal(answer.status, 200, await answer.clone().text());
      await answer.arrayBuffer();
    }
    // Each isolate says where it counts, once: two workers, two lines.
    const said = logs.filter((l) => /counted in the Durable Object namespace RATE_LIMITS/.test(l));
    assert.equal(said.length, 2, logs.join('\n'));
  });

  it('limits one client’s intents spread over both workers as one (per IP)', async () => {
    const statuses: number[] = [];
    for (let i = 0; i <= PER_IP; i++) {
      // Alternating workers, a new order number each time: only the per-IP count can stop it,
      // and neither worker alone ever sees more than half of the attempts.
      const answer = await intent(workers.urls[i % 2]!, '192.0.2.1', 'x@example.com', `IP-${i}`);
      statuses.push(answer.status);
      await answer.arrayBuffer();
    }
    assert.deepEqual(statuses.slice(0, PER_IP), Array<number>(PER_IP).fill(404));
    assert.equal(statuses[PER_IP], 429);
  });

  it('limits guesses at one order number spread over both workers and addresses as one', async () => {
    const statuses: number[] = [];
    for (let i = 0; i <= PER_ORDER; i++) {
      const answer = await intent(
        workers.urls[i % 2]!,
        `198.51.100.${i}`,
        'stranger@example.com',
        '7777',
      );
      statuses.push(answer.status);
      await answer.arrayBuffer();
    }
    assert.deepEqual(statuses.slice(0, PER_ORDER), Array<number>(PER_ORDER).fill(404));
    assert.equal(statuses[PER_ORDER], 429);
  });

  it('accepts on one worker the session the other issued, and only for its own return', async () => {
    const [a, b] = workers.urls as [string, string];
    const mine = await intent(a, '203.0.113.9', 'ana.garcia@example.com', '1001');
    assert.equal(mine.status, 200);
    const token = mine.headers.get(SESSION_HEADER);
    assert.ok(token);
    const { order } = (await mine.json()) as {
      order: { return_id: string; customer_token: string };
    };
    const other = (await (
      await intent(b, '203.0.113.10', 'kenji.sato@example.jp', '2002')
    ).json()) as { order: { return_id: string } };
    const read = (returnId: string) =>
      fetch(`${b}/returns/${returnId}/refund_options`, {
        headers: {
          origin: SHOP,
          'x-rever-customer-token': order.customer_token,
          [SESSION_HEADER]: token,
        },
      });
    const there = await read(order.return_id);
    assert.equal(there.status, 200, await there.clone().text());
    assert.equal((await read(other.order.return_id)).status, 403);
    // And the calls under it go on on both workers alike (the helper alternates them).
    const statuses = await callsUnderOneSession(workers.urls, {
      path: `/returns/${order.return_id}/refund_options`,
      headers: {
        origin: SHOP,
        'x-rever-customer-token': order.customer_token,
        [SESSION_HEADER]: token,
      },
      calls: 6,
    });
    assert.deepEqual(statuses, Array<number>(6).fill(200));
  });
});

describe('two workerd proxies sharing one per-session budget (SESSION_BUDGET=read=6)', () => {
  const READS = 6;
  let mock: Awaited<ReturnType<typeof startMockRever>>;
  let workers: RunningWorkerd;

  before(async () => {
    mock = await startMockRever({ port: 0 });
    workers = await startWorkerdProxy({
      upstream: mock.url,
      apiKey: mock.apiKey,
      sessionSecret: SESSION_SECRET,
      allowedOrigins: [SHOP],
      shared: true,
      bindings: { SESSION_BUDGET: `read=${READS}` },
    });
  });
  after(async () => {
    await workers?.close();
    await mock?.close();
  });

  it('runs out after six reads spread over both workers, not after six on each', async () => {
    const [a, b] = workers.urls as [string, string];
    const start = await fetch(`${a}/returns/intent/start`, {
      method: 'POST',
      headers: { origin: SHOP, 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'ana.garcia@example.com', order_number: '1001' }),
    });
    assert.equal(start.status, 200, await start.clone().text());
    const token = start.headers.get(SESSION_HEADER);
    assert.ok(token);
    const { order } = (await start.json()) as {
      order: { return_id: string; customer_token: string };
    };
    const path = `/returns/${order.return_id}/refund_options`;
    const headers = {
      origin: SHOP,
      'x-rever-customer-token': order.customer_token,
      [SESSION_HEADER]: token,
    };
    // Alternating a, b, a, b…: each worker alone sees three reads, and with a count per isolate
    // (no shared namespace) all twelve would pass.
    const statuses = await callsUnderOneSession(workers.urls, {
      path,
      headers,
      calls: READS + 1,
    });
    assert.deepEqual(statuses, [...Array<number>(READS).fill(200), 429]);
    // The seventh went to a; b, which served only three, refuses too, and says when to retry.
    const refused = await fetch(`${b}${path}`, { headers });
    assert.equal(refused.status, 429);
    assert.match(refused.headers.get('retry-after') ?? '', /^[1-9]\d*$/);
    await refused.arrayBuffer();
  });
});
