// The return logistics operations (issue 14: return_methods, drop_off_points, pickup_slots,
// return_method) are bound to the shopper's session like every other: a session for return A
// reads and writes none of return B's, even with B's REVER token, and nothing reaches REVER.
// Over real HTTP, in front of the embedded mock with its seeded logistics.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { startMockRever, type RunningMock } from '../../../mock/node.ts';
import { serveProxy, SHOP, type Served } from '../support/http.ts';

const KEY = 'sk_logistics_session_key_51f0';

interface Shopper {
  returnId: string;
  token: string;
  session: string;
  postcode: string;
  country: string;
}

describe('logistics operations are bound to the session', () => {
  let mock: RunningMock;
  let proxy: Served;
  const upstream: string[] = [];

  before(async () => {
    mock = await startMockRever({ port: 0, apiKey: KEY });
    proxy = await serveProxy({
      upstream: mock.url,
      apiKey: KEY,
      fetch: (input, init) => {
        upstream.push(
          `${init?.method ?? 'GET'} ${(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url).slice(mock.url.length)}`,
        );
        return fetch(input, init);
      },
    });
  });
  after(async () => {
    await proxy.close();
    await mock.close();
  });
  beforeEach(() => (upstream.length = 0));

  const call = (who: Shopper, method: string, path: string, body?: unknown, token = who.token) =>
    fetch(`${proxy.url}${path}`, {
      method,
      headers: {
        origin: SHOP,
        'x-rever-session': who.session,
        'x-rever-customer-token': token,
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });

  async function shopper(email: string, orderNumber: string): Promise<Shopper> {
    const response = await fetch(`${proxy.url}/returns/intent/start`, {
      method: 'POST',
      headers: { origin: SHOP, 'content-type': 'application/json' },
      body: JSON.stringify({ email, order_number: orderNumber }),
    });
    assert.equal(response.status, 200);
    const { order } = (await response.json()) as {
      order: {
        return_id: string;
        customer_token: string;
        shipping_address: { postal_code: string; country: string };
      };
    };
    return {
      returnId: order.return_id,
      token: order.customer_token,
      session: response.headers.get('x-rever-session') ?? '',
      postcode: order.shipping_address.postal_code,
      country: order.shipping_address.country,
    };
  }

  async function methods(who: Shopper) {
    const response = await call(who, 'GET', `/returns/${who.returnId}/return_methods`);
    assert.equal(response.status, 200);
    const { return_methods } = (await response.json()) as {
      return_methods: { id: string; requires: string[] }[];
    };
    return return_methods;
  }

  it("refuses to read or write another shopper's return method, point or slot, before REVER", async () => {
    const ana = await shopper('ana.garcia@example.com', '1001');
    const kenji = await shopper('kenji.sato@example.jp', '2002');
    const layla = await shopper('layla.alsabah@example.com', '3003');
    // What Kenji's and Layla's returns offer, read with their own sessions.
    const dropOff = (await methods(kenji)).find((m) => m.requires.includes('DROP_OFF_POINT'))!;
    const pickup = (await methods(layla)).find((m) => m.requires.includes('PICKUP_SLOT'))!;
    const points = `/returns/${kenji.returnId}/drop_off_points?return_method_id=${dropOff.id}&postal_code=${encodeURIComponent(kenji.postcode)}&country=${kenji.country}`;
    const own = await call(kenji, 'GET', points);
    assert.equal(own.status, 200);
    const { drop_off_points } = (await own.json()) as { drop_off_points: { id: string }[] };
    assert.ok(drop_off_points.length > 0);
    const slots = `/returns/${layla.returnId}/pickup_slots?return_method_id=${pickup.id}`;
    assert.equal((await call(layla, 'GET', slots)).status, 200);

    upstream.length = 0;
    const attempts: [Shopper, string, string, unknown?][] = [
      [kenji, 'GET', `/returns/${kenji.returnId}/return_methods`],
      [kenji, 'GET', points],
      [layla, 'GET', slots],
      [
        kenji,
        'POST',
        `/returns/${kenji.returnId}/return_method`,
        { return_method_id: dropOff.id, drop_off_point_id: drop_off_points[0]!.id },
      ],
      [layla, 'POST', `/returns/${layla.returnId}/return_method`, { return_method_id: pickup.id }],
    ];
    for (const [victim, method, path, body] of attempts) {
      // With Ana's session, and with Ana's session and the victim's REVER token (leaked, say).
      for (const token of [ana.token, victim.token]) {
        const response = await call(ana, method, path, body, token);
        assert.equal(response.status, 403, `${method} ${path}`);
        const { error } = (await response.json()) as { error: { code: string } };
        assert.equal(error.code, 'forbidden');
      }
    }
    assert.deepEqual(upstream, [], 'nothing reached REVER');

    // Kenji's own call passes the proxy to REVER (which answers it as it will: the mock wants
    // his refund chosen first).
    const chosen = await call(kenji, 'POST', `/returns/${kenji.returnId}/return_method`, {
      return_method_id: dropOff.id,
      drop_off_point_id: drop_off_points[0]!.id,
    });
    assert.notEqual(chosen.status, 403);
    assert.deepEqual(upstream, [`POST /returns/${kenji.returnId}/return_method`]);
  });

  it("passes a shopper's own logistics calls", async () => {
    const ana = await shopper('ana.garcia@example.com', '1001');
    const list = await methods(ana);
    const dropOff = list.find((m) => m.requires.includes('DROP_OFF_POINT'))!;
    const points = await call(
      ana,
      'GET',
      `/returns/${ana.returnId}/drop_off_points?return_method_id=${dropOff.id}&postal_code=${encodeURIComponent(ana.postcode)}&country=${ana.country}`,
    );
    assert.equal(points.status, 200);
    const pickup = list.find((m) => m.requires.includes('PICKUP_SLOT'))!;
    const slots = await call(
      ana,
      'GET',
      `/returns/${ana.returnId}/pickup_slots?return_method_id=${pickup.id}`,
    );
    assert.equal(slots.status, 200);
    assert.deepEqual(
      upstream.map((line) => line.split('?')[0]),
      [
        `POST /returns/intent/start`,
        `GET /returns/${ana.returnId}/return_methods`,
        `GET /returns/${ana.returnId}/drop_off_points`,
        `GET /returns/${ana.returnId}/pickup_slots`,
      ],
    );
  });
});
