// The session signer's memory of verified tokens: a remembered token skips the HMAC, but it is
// still refused once expired, a changed token is verified afresh (and refused), a refused token
// is never remembered, and the memory stays within its bound. And rotation: the previous secret
// verifies, never signs, on Node and on Workers.
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { after, afterEach, before, beforeEach, describe, it, mock } from 'node:test';
import { startMockRever, type RunningMock } from '../../../mock/node.ts';
import { configFromEnv } from '../../../proxy/env.ts';
import { startProxy } from '../../../proxy/node.ts';
import { createSessionSigner, VERIFIED_CACHE_SIZE } from '../../../proxy/session.ts';
import { proxyFromEnv } from '../../../proxy/worker.ts';
import { scriptedServer, sendJson, serveProxy, type ScriptedServer } from '../support/http.ts';
import { SESSION_SECRET, sessionFor } from '../support/session.ts';

const T0 = Date.UTC(2030, 0, 1);
const TTL = 3600;

/** Counts the HMAC verifications the signer asks Web Crypto for. */
let hmacs: { mock: { callCount(): number } };
beforeEach(() => {
  hmacs = mock.method(crypto.subtle, 'verify');
});
afterEach(() => mock.restoreAll());

describe('the session signer remembers verified tokens', () => {
  it('verifies a remembered token without another HMAC, with the same claims', async () => {
    const signer = createSessionSigner([SESSION_SECRET], TTL);
    const token = await signer.sign({ returnId: 'ret_1', orderIds: ['o1'] }, T0);
    const first = await signer.verify(token, T0 + 1000);
    const again = await signer.verify(token, T0 + 2000);
    assert.deepEqual(first, {
      ok: true,
      claims: { returnId: 'ret_1', orderIds: ['o1'], expires: T0 / 1000 + TTL },
    });
    assert.deepEqual(again, first);
    assert.equal(hmacs.mock.callCount(), 1);
    // Shared between calls, so nobody can change them for the next one.
    assert.ok(again.ok && Object.isFrozen(again.claims) && Object.isFrozen(again.claims.orderIds));
  });

  it('refuses a remembered token once it has expired, and keeps refusing it', async () => {
    const signer = createSessionSigner([SESSION_SECRET], TTL);
    const token = await signer.sign({ returnId: 'ret_1', orderIds: ['o1'] }, T0);
    assert.equal((await signer.verify(token, T0)).ok, true);
    assert.equal((await signer.verify(token, T0 + TTL * 1000 - 1)).ok, true);
    assert.deepEqual(await signer.verify(token, T0 + TTL * 1000), { ok: false, why: 'expired' });
    assert.deepEqual(await signer.verify(token, T0 + TTL * 1000 + 5), {
      ok: false,
      why: 'expired',
    });
  });

  it('refuses a tampered token after its original was remembered', async () => {
    const signer = createSessionSigner([SESSION_SECRET], TTL);
    const other = createSessionSigner(['another-secret-of-at-least-32-chars!!'], TTL);
    const token = await signer.sign({ returnId: 'ret_1', orderIds: ['o1'] }, T0);
    const kenji = await signer.sign({ returnId: 'ret_2', orderIds: ['o2'] }, T0);
    assert.equal((await signer.verify(token, T0)).ok, true);
    assert.equal((await signer.verify(kenji, T0)).ok, true);
    const [version, payload, signature] = token.split('.') as [string, string, string];
    const flip = (text: string, at: number) =>
      text.slice(0, at) + (text[at] === 'A' ? 'B' : 'A') + text.slice(at + 1);
    const forged = Buffer.from(
      JSON.stringify({ r: 'ret_2', o: ['o2'], e: T0 / 1000 + TTL }),
    ).toString('base64url');
    const tampered = [
      `${version}.${flip(payload, 3)}.${signature}`,
      `${version}.${payload}.${flip(signature, 0)}`,
      `${version}.${payload}.${signature}x`,
      `${version}.${kenji.split('.')[1]}.${signature}`,
      `${version}.${forged}.${signature}`,
      `${version}.${payload}.${kenji.split('.')[2]}`,
      `${version}.${payload}`,
      `${token}.${signature}`,
      `v2.${payload}.${signature}`,
      ` ${token}`,
      `${token} `,
      await other.sign({ returnId: 'ret_1', orderIds: ['o1'] }, T0),
    ];
    for (const bad of tampered) {
      const checked = await signer.verify(bad, T0);
      assert.equal(checked.ok, false, bad);
      // Twice: a refusal is not remembered as anything either.
      assert.deepEqual(await signer.verify(bad, T0), checked, bad);
    }
    // The originals still verify, each as itself.
    const still = await signer.verify(token, T0);
    assert.ok(still.ok && still.claims.returnId === 'ret_1');
  });

  it('never remembers a refused token: each try is verified afresh', async () => {
    const signer = createSessionSigner([SESSION_SECRET], TTL);
    const token = await signer.sign({ returnId: 'ret_1', orderIds: ['o1'] }, T0);
    const bad = `${token.slice(0, -2)}${token.endsWith('AA') ? 'BB' : 'AA'}`;
    for (let i = 0; i < 3; i++) assert.equal((await signer.verify(bad, T0)).ok, false);
    assert.equal(hmacs.mock.callCount(), 3);
    // Nor one that verified but had already expired.
    const late = T0 + TTL * 1000;
    for (let i = 0; i < 2; i++) {
      assert.deepEqual(await signer.verify(token, late), { ok: false, why: 'expired' });
    }
    assert.equal(hmacs.mock.callCount(), 5);
  });

  it('remembers at most its bound, forgetting the oldest first', async () => {
    const signer = createSessionSigner([SESSION_SECRET], TTL, { cacheSize: 3 });
    const tokens = await Promise.all(
      [0, 1, 2, 3, 4].map((i) => signer.sign({ returnId: `ret_${i}`, orderIds: ['o'] }, T0)),
    );
    for (const token of tokens) assert.equal((await signer.verify(token, T0)).ok, true);
    assert.equal(hmacs.mock.callCount(), 5);
    // The three newest are remembered…
    for (const token of tokens.slice(2)) assert.equal((await signer.verify(token, T0)).ok, true);
    assert.equal(hmacs.mock.callCount(), 5);
    // …the two oldest were forgotten: verified afresh (and still valid).
    for (const token of tokens.slice(0, 2)) assert.equal((await signer.verify(token, T0)).ok, true);
    assert.equal(hmacs.mock.callCount(), 7);
    // Remembering those two forgot the two oldest of the others (2 and 3), not 4.
    assert.equal((await signer.verify(tokens[4], T0)).ok, true);
    assert.equal(hmacs.mock.callCount(), 7);
    assert.equal((await signer.verify(tokens[2], T0)).ok, true);
    assert.equal(hmacs.mock.callCount(), 8);
  });

  it(`remembers ${VERIFIED_CACHE_SIZE} tokens by default, and no more`, async () => {
    const signer = createSessionSigner([SESSION_SECRET], TTL);
    const count = VERIFIED_CACHE_SIZE + 1;
    const tokens: string[] = [];
    for (let i = 0; i < count; i++) {
      tokens.push(await signer.sign({ returnId: `ret_${i}`, orderIds: ['o'] }, T0));
    }
    for (const token of tokens) assert.equal((await signer.verify(token, T0)).ok, true);
    assert.equal(hmacs.mock.callCount(), count);
    // The newest and the second oldest are remembered; the oldest was forgotten.
    assert.equal((await signer.verify(tokens[count - 1], T0)).ok, true);
    assert.equal((await signer.verify(tokens[1], T0)).ok, true);
    assert.equal(hmacs.mock.callCount(), count);
    assert.equal((await signer.verify(tokens[0], T0)).ok, true);
    assert.equal(hmacs.mock.callCount(), count + 1);
  });
});

describe('rotating SESSION_SECRET with SESSION_SECRET_PREVIOUS', () => {
  const OLD = 'the-old-session-secret-0123456789-abcdef';
  const NEW = 'the-new-session-secret-0123456789-abcdef';
  const oldSigner = createSessionSigner([OLD], TTL);
  const newSigner = createSessionSigner([NEW], TTL);
  let rever: RunningMock;
  before(async () => {
    rever = await startMockRever({ port: 0 });
  });
  after(() => rever.close());

  const env = (extra: Record<string, string> = {}) => ({
    REVER_API_URL: rever.url,
    REVER_API_KEY: rever.apiKey,
    SESSION_SECRET: NEW,
    ...extra,
  });

  /** An intent for a seeded order: its ids, shopper token and session, via `fetch`. */
  async function intent(handle: (request: Request) => Response | Promise<Response>) {
    const answer = await handle(
      new Request('http://proxy.test/returns/intent/start', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'ana.garcia@example.com', order_number: '1001' }),
      }),
    );
    assert.equal(answer.status, 200, await answer.clone().text());
    const { order } = (await answer.json()) as {
      order: { id: string; return_id: string; customer_token: string };
    };
    return { order, session: answer.headers.get('x-rever-session')! };
  }

  const refunds = (
    handle: (request: Request) => Response | Promise<Response>,
    returnId: string,
    session: string,
    token: string,
  ) =>
    handle(
      new Request(`http://proxy.test/returns/${returnId}/refund_options`, {
        headers: { 'x-rever-session': session, 'x-rever-customer-token': token },
      }),
    );

  it('on Node: accepts a token of the previous secret, and signs new ones with the current one only', async () => {
    const config = configFromEnv(env({ SESSION_SECRET_PREVIOUS: OLD }));
    assert.ok(config.ok);
    assert.equal(config.options.sessionSecretPrevious, OLD);
    const proxy = await startProxy({ ...config.options, port: 0, log: () => {} });
    try {
      const handle = (request: Request) => {
        const url = new URL(request.url);
        return fetch(`${proxy.url}${url.pathname}${url.search}`, request);
      };
      const { order, session } = await intent(handle);
      assert.equal((await newSigner.verify(session)).ok, true, 'signed with SESSION_SECRET');
      assert.equal((await oldSigner.verify(session)).ok, false, 'never with the previous one');
      const before = await oldSigner.sign({ returnId: order.return_id, orderIds: [order.id] });
      const answer = await refunds(handle, order.return_id, before, order.customer_token);
      assert.equal(answer.status, 200, 'a shopper mid-return is not logged out');
    } finally {
      await proxy.close();
    }
    // Without it (the rotation over), the previous secret's tokens are refused.
    const after = configFromEnv(env());
    assert.ok(after.ok);
    assert.equal(after.options.sessionSecretPrevious, undefined);
  });

  it('on Workers: the binding of the same name, verify-only too', async () => {
    const app = proxyFromEnv(env({ SESSION_SECRET_PREVIOUS: OLD }));
    const handle = (request: Request) => app.fetch(request);
    const { order, session } = await intent(handle);
    assert.equal((await newSigner.verify(session)).ok, true);
    assert.equal((await oldSigner.verify(session)).ok, false);
    const before = await oldSigner.sign({ returnId: order.return_id, orderIds: [order.id] });
    assert.equal(
      (await refunds(handle, order.return_id, before, order.customer_token)).status,
      200,
    );
    const rotated = proxyFromEnv(env());
    const refused = await refunds(
      (r) => rotated.fetch(r),
      order.return_id,
      before,
      order.customer_token,
    );
    assert.equal(refused.status, 401);
  });

  it('refuses a short previous secret, or one without a current secret', () => {
    const short = configFromEnv(env({ SESSION_SECRET_PREVIOUS: 'short' }));
    assert.equal(short.ok, false);
    assert.match(String(!short.ok && short.error), /SESSION_SECRET_PREVIOUS/);
    const alone = configFromEnv({ SESSION_SECRET_PREVIOUS: OLD });
    assert.equal(alone.ok, false);
    assert.throws(
      () => proxyFromEnv(env({ SESSION_SECRET_PREVIOUS: 'short' })),
      /SESSION_SECRET_PREVIOUS/,
    );
  });
});

describe('a confirmed return narrows the session', () => {
  const KEY = 'sk_narrow_suite_key_0001';
  let upstream: ScriptedServer;
  let proxy: { url: string; close(): Promise<void> };
  const signer = createSessionSigner([SESSION_SECRET], TTL);

  before(async () => {
    upstream = await scriptedServer();
    upstream.respond = (req, res) => {
      if (req.url === '/returns/intent/start') {
        return sendJson(res, 200, { order: { id: 'ord_1', return_id: 'ret_1' } });
      }
      if (req.url === '/returns/ret_bad/confirm') {
        return sendJson(res, 422, { error: { code: 'empty_return', message: 'no items' } });
      }
      sendJson(res, 200, {});
    };
    proxy = await serveProxy({ upstream: upstream.url, apiKey: KEY });
  });
  after(async () => {
    await proxy.close();
    await upstream.close();
  });

  const call = (method: string, path: string, session: string, body?: string) =>
    fetch(`${proxy.url}${path}`, {
      method,
      headers: {
        'x-rever-session': session,
        'x-rever-customer-token': 'tok_1',
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      ...(body ? { body } : {}),
    });

  it('answers a confirmation with a read-only, shorter-lived token that reads and never writes', async () => {
    const started = await fetch(`${proxy.url}/returns/intent/start`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'ana@example.com', order_number: '1001' }),
    });
    const full = started.headers.get('x-rever-session')!;
    const fullClaims = await signer.verify(full);
    assert.ok(fullClaims.ok && !fullClaims.claims.readOnly);

    const confirmed = await call('POST', '/returns/ret_1/confirm', full);
    assert.equal(confirmed.status, 200);
    const narrowed = confirmed.headers.get('x-rever-session');
    assert.ok(narrowed && narrowed !== full, 'a new token with the confirmation');
    const claims = await signer.verify(narrowed);
    assert.ok(claims.ok);
    assert.equal(claims.claims.readOnly, true);
    assert.equal(claims.claims.returnId, 'ret_1');
    assert.deepEqual(claims.claims.orderIds, ['ord_1']);
    // 15 minutes at most, against the session's two hours.
    assert.ok(claims.claims.expires <= Math.ceil(Date.now() / 1000) + 900);
    assert.ok(claims.claims.expires < fullClaims.claims.expires);

    // Its reads pass: the active returns and the return's own GETs.
    for (const path of [
      '/returns?order_ids=ord_1',
      '/returns/ret_1/refund_options',
      '/returns/ret_1/return_reasons?lang=en',
      '/returns/ret_1/return_methods',
    ]) {
      assert.equal((await call('GET', path, narrowed)).status, 200, path);
    }
    // Every write is 403 in the contract's error shape, before REVER sees it.
    upstream.requests.length = 0;
    const writes: [string, string, string?][] = [
      ['POST', '/returns/ret_1/confirm'],
      [
        'POST',
        '/returns/ret_1/line_items',
        JSON.stringify({ line_item_id: 'li_1', quantity: 1, return_reason_id: 'too_big' }),
      ],
      ['DELETE', '/returns/ret_1/line_items/li_1'],
      [
        'POST',
        '/returns/ret_1/save_client_preferences?line_item_id=li_1',
        JSON.stringify({ method: 'STORE_CREDIT' }),
      ],
      ['POST', '/returns/ret_1/return_method', JSON.stringify({ return_method_id: 'rm_1' })],
    ];
    for (const [method, path, body] of writes) {
      const answer = await call(method, path, narrowed, body);
      assert.equal(answer.status, 403, `${method} ${path}`);
      const error = ((await answer.json()) as { error: { code: string; message: string } }).error;
      assert.equal(error.code, 'forbidden');
      assert.match(error.message, /confirmed/);
    }
    assert.deepEqual(upstream.requests, []);
    // Still bound to its own return.
    assert.equal((await call('GET', '/returns/ret_2/refund_options', narrowed)).status, 403);
  });

  it('gives no token when REVER refuses the confirmation, and none shorter than asked', async () => {
    const refused = await call('POST', '/returns/ret_bad/confirm', await sessionFor('ret_bad'));
    assert.equal(refused.status, 422);
    assert.equal(refused.headers.get('x-rever-session'), null);
    // A session with 60 s left narrows to 60 s, never beyond what it had.
    const soon = await createSessionSigner([SESSION_SECRET], 60).sign({
      returnId: 'ret_1',
      orderIds: ['ord_1'],
    });
    const confirmed = await call('POST', '/returns/ret_1/confirm', soon);
    const claims = await signer.verify(confirmed.headers.get('x-rever-session')!);
    assert.ok(claims.ok && claims.claims.readOnly);
    assert.ok(claims.claims.expires <= Math.ceil(Date.now() / 1000) + 60);
  });

  it('reads a token without the claim as full, and refuses one whose claim is not exactly 1', async () => {
    const token = await signer.sign({ returnId: 'ret_1', orderIds: ['o1'] }, T0);
    const checked = await signer.verify(token, T0);
    assert.ok(checked.ok && checked.claims.readOnly === undefined);
    // Signed with the right secret, but a claim the proxy never writes: not a session.
    for (const ro of [0, true, 'r', 2]) {
      const payload = Buffer.from(
        JSON.stringify({ r: 'ret_1', o: ['o1'], e: T0 / 1000 + TTL, ro }),
      ).toString('base64url');
      const signature = createHmac('sha256', SESSION_SECRET)
        .update(`v1.${payload}`)
        .digest('base64url');
      assert.deepEqual(await signer.verify(`v1.${payload}.${signature}`, T0), {
        ok: false,
        why: 'malformed',
      });
    }
  });
});
