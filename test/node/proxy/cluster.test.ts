// Several Node proxy instances (separate processes) sharing one Redis and one session secret, in
// front of the embedded mock, over real HTTP: sessions and limits hold across instances, and
// Redis going away mid-run follows the configured choice without an instance failing. Needs
// redis-server (Debian: apt-get install redis-server; .ci/run installs it).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startCluster, type RunningCluster } from '../../../proxy/cluster/start.ts';
import { SESSION_HEADER } from '../../../contract/index.ts';

const SHOPPERS: [string, string][] = [
  ['ana.garcia@example.com', '1001'],
  ['kenji.sato@example.jp', '2002'],
  ['bulk.buyer@example.com', '4004'],
  ['edge.cases@example.co.uk', '5005'],
];

interface Started {
  status: number;
  token: string | null;
  order?: { id: string; return_id: string; customer_token: string };
}

async function intent(base: string, ip: string, email: string, number: string): Promise<Started> {
  const response = await fetch(`${base}/returns/intent/start`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': ip },
    body: JSON.stringify({ email, order_number: number }),
  });
  const body = (await response.json()) as { order?: Started['order'] };
  return {
    status: response.status,
    token: response.headers.get(SESSION_HEADER),
    ...(body.order ? { order: body.order } : {}),
  };
}

function read(base: string, path: string, started: Started): Promise<Response> {
  return fetch(`${base}${path}`, {
    headers: {
      'x-rever-customer-token': started.order?.customer_token ?? '',
      ...(started.token ? { [SESSION_HEADER]: started.token } : {}),
    },
  });
}

const alive = (cluster: RunningCluster) =>
  cluster.instances.every((i) => i.process.exitCode === null && i.process.signalCode === null);

async function until(check: () => boolean | Promise<boolean>, what: string, ms = 10_000) {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('proxy instances sharing Redis (fail-open)', () => {
  let cluster: RunningCluster;
  let ip = 0;
  const nextIp = () => `10.0.${Math.floor(++ip / 250)}.${ip % 250}`;

  before(async () => {
    cluster = await startCluster({
      instances: 2,
      basePort: 0,
      trustProxyHeader: 'x-forwarded-for',
    });
  });
  after(() => cluster?.stop());

  it('accepts on one instance the session another issued, and refuses other returns there', async () => {
    const [a, b] = cluster.instances;
    const mine = await intent(a!.url, nextIp(), 'ana.garcia@example.com', '1001');
    const theirs = await intent(a!.url, nextIp(), 'kenji.sato@example.jp', '2002');
    assert.equal(mine.status, 200);
    assert.ok(mine.token);
    const there = await read(b!.url, `/returns/${mine.order!.return_id}/refund_options`, mine);
    assert.equal(there.status, 200);
    const other = await read(b!.url, `/returns/${theirs.order!.return_id}/refund_options`, mine);
    assert.equal(other.status, 403);
  });

  it('counts failed guesses at one order and email against one limit, whichever instance they reach', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) {
      const instance = cluster.instances[i % 2]!;
      // A new IP each time, so only the order-and-email limit (10 failures) can stop them.
      statuses.push((await intent(instance.url, nextIp(), 'guess@example.com', '3003')).status);
    }
    assert.deepEqual(statuses.slice(0, 10), Array(10).fill(404), 'a wrong email, counted');
    assert.deepEqual(statuses.slice(10), [429, 429], 'the 11th and 12th, on either instance');
  });

  it('serves many shoppers across the instances with nothing lost or misanswered', async () => {
    const shoppers = await Promise.all(
      Array.from({ length: 20 }, (_, i) => {
        const [email, number] = SHOPPERS[i % SHOPPERS.length]!;
        return intent(cluster.instances[i % 2]!.url, nextIp(), email, number);
      }),
    );
    assert.ok(shoppers.every((s) => s.status === 200 && s.token));
    const served = cluster.instances.map(() => 0);
    let wrong = 0;
    let lost = 0;
    let turn = 0;
    const seconds = 3;
    const end = Date.now() + seconds * 1000;
    await Promise.all(
      shoppers.map(async (shopper) => {
        while (Date.now() < end) {
          const index = turn++ % cluster.instances.length;
          const reasons = turn % 2 === 0;
          const path = reasons
            ? `/returns/${shopper.order!.return_id}/return_reasons?lang=en`
            : `/returns/${shopper.order!.return_id}/refund_options`;
          try {
            const response = await read(cluster.instances[index]!.url, path, shopper);
            const body = (await response.json()) as Record<string, unknown[]>;
            const list = body[reasons ? 'return_reasons' : 'refund_options'];
            if (response.status === 200 && Array.isArray(list) && list.length > 0) served[index]!++;
            else wrong++;
          } catch {
            lost++;
          }
        }
      }),
    );
    const total = served.reduce((a, b) => a + b, 0);
    console.log(
      `load across ${served.length} instances, ${shoppers.length} shoppers, ${seconds} s: ` +
        served.map((n, i) => `instance ${i} ${Math.round(n / seconds)} req/s`).join(', ') +
        `; total ${Math.round(total / seconds)} req/s`,
    );
    assert.equal(lost, 0, 'no request lost');
    assert.equal(wrong, 0, 'no request answered wrongly');
    assert.ok(
      served.every((n) => n > 0),
      'every instance served',
    );
  });

  it('keeps serving when Redis dies mid-run, says so once, and shares again once it is back', async () => {
    const redis = cluster.redis!;
    await redis.stop();
    const during = await Promise.all(
      cluster.instances.map((i) => intent(i.url, nextIp(), 'nothing.left@example.com', '6006')),
    );
    assert.deepEqual(
      during.map((s) => s.status),
      [200, 200],
    );
    assert.ok(alive(cluster));
    for (const instance of cluster.instances) {
      const failing = instance.output.filter((l) => l.includes('rate-limit store is failing'));
      assert.equal(failing.length, 1, 'one warning per outage');
      assert.match(failing[0]!, /fail-open/);
    }
    await redis.restart();
    await until(async () => {
      await Promise.all(
        cluster.instances.map((i) => intent(i.url, nextIp(), 'nothing.left@example.com', '6006')),
      );
      return cluster.instances.every((i) => i.output.some((l) => l.includes('store is back')));
    }, 'both instances to share again');
    assert.ok(alive(cluster));
  });
});

describe('a proxy instance sharing Redis (fail-closed)', () => {
  let cluster: RunningCluster;
  before(async () => {
    cluster = await startCluster({ instances: 1, basePort: 0, onStoreFailure: 'closed' });
  });
  after(() => cluster?.stop());

  it('refuses new return intents with 503 while Redis is down, and serves open sessions', async () => {
    const [instance] = cluster.instances;
    // Fail-closed refuses intents until the first connection to Redis is made, which under load
    // can come after the instance listens: wait for it rather than race it.
    let open = await intent(instance!.url, '10.9.0.1', 'ana.garcia@example.com', '1001');
    await until(async () => {
      if (open.status !== 200)
        open = await intent(instance!.url, '10.9.0.1', 'ana.garcia@example.com', '1001');
      return open.status === 200;
    }, 'the instance to reach Redis');
    assert.equal(open.status, 200);
    await cluster.redis!.stop();
    const refused = await fetch(`${instance!.url}/returns/intent/start`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'kenji.sato@example.jp', order_number: '2002' }),
    });
    assert.equal(refused.status, 503);
    assert.equal(refused.headers.get('retry-after'), '5');
    assert.equal(((await refused.json()) as { error: { code: string } }).error.code, 'unavailable');
    const session = await read(
      instance!.url,
      `/returns/${open.order!.return_id}/refund_options`,
      open,
    );
    assert.equal(session.status, 200);
    assert.ok(alive(cluster));
    assert.ok(instance!.output.some((l) => /fail-closed/.test(l)));
  });
});
