// The request checks before anything reaches REVER (proxy/middleware/request-checks.ts): a body
// over the limit is a 413 whether it declares its length, streams, or comes chunked; a body that
// is not JSON in UTF-8 by its content type is a 415, one with a repeated key a 400; what REVER
// gets is the canonical JSON of what was checked, with one form of the order number. What the
// query and body must be is checked by the attack and fuzz suites.
import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { describe, it } from 'node:test';
import { proxyOverOk, sendJson } from '../support/http.ts';
import { errorCode, raw } from '../support/raw.ts';
import { sessionFor } from '../support/session.ts';

const KEY = 'sk_live_request_checks_key_0001';

describe('the request checks', () => {
  const over = proxyOverOk(KEY);

  it('answers 413 to a body over the limit, declared or streamed', async () => {
    const big = JSON.stringify({ email: 'a'.repeat(20_000), order_number: '1' });
    const declared = await fetch(`${over.proxy.url}/returns/intent/start`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: big,
    });
    assert.equal(declared.status, 413);
    const streamed = await fetch(`${over.proxy.url}/returns/intent/start`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: new ReadableStream({
        start(controller) {
          controller.enqueue(new TextEncoder().encode(big));
          controller.close();
        },
      }),
      duplex: 'half',
    } as RequestInit);
    assert.equal(streamed.status, 413);
    assert.equal(over.upstream.requests.length, 0);
  });

  it('answers 413 to a chunked body over the limit that declares no length', async () => {
    const { hostname, port } = new URL(over.proxy.url);
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(
        { host: hostname, port, method: 'POST', path: '/returns/intent/start' },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      for (let i = 0; i < 20; i++) req.write('x'.repeat(1024));
      req.end();
    });
    assert.equal(status, 413);
    assert.equal(over.upstream.requests.length, 0);
  });
});

describe('the body REVER gets', () => {
  const INTENT = '/returns/intent/start';
  const json = { 'content-type': 'application/json' };
  const over = proxyOverOk(KEY, (url) => ({
    upstream: url,
    // One refused intent per order number and email: the next for that order, however
    // written, is refused before REVER.
    intentLimits: { perOrder: { limit: 1, windowMs: 600_000 } },
  }));

  it('refuses with 415 a body sent as anything but JSON in UTF-8, before REVER', async () => {
    const body = '{"email":"ana@example.com","order_number":"415"}';
    for (const type of [
      'text/plain',
      'text/plain;charset=UTF-8',
      'application/x-www-form-urlencoded',
      'application/json; charset=utf-16',
      'application/jsonp',
      'multipart/form-data; boundary=x',
    ]) {
      const answer = await raw(over.proxy.url, 'POST', INTENT, { 'content-type': type }, body);
      assert.equal(answer.status, 415, type);
      assert.equal(errorCode(answer), 'unsupported_media_type', type);
    }
    const untyped = await raw(over.proxy.url, 'POST', INTENT, {}, body);
    assert.equal(untyped.status, 415, 'no content-type');
    assert.equal(over.upstream.requests.length, 0);
  });

  it('takes application/json with or without a UTF-8 charset, in any case', async () => {
    for (const [type, order] of [
      ['application/json', 'a1'],
      ['Application/JSON; charset=UTF-8', 'a2'],
      ['application/json;charset="utf-8"', 'a3'],
    ] as const) {
      const body = JSON.stringify({ email: 'ana@example.com', order_number: order });
      const answer = await raw(over.proxy.url, 'POST', INTENT, { 'content-type': type }, body);
      assert.equal(answer.status, 200, type);
    }
    assert.equal(over.upstream.requests.length, 3);
  });

  it('refuses with 400 a JSON body that repeats a key, however the key is written', async () => {
    const session = { 'x-rever-session': await sessionFor('ret_1', ['o1']) };
    for (const [path, body, headers] of [
      [INTENT, '{"email":"a@b.co","order_number":"1","order_number":"2"}', {}],
      [INTENT, '{"email":"a@b.co","order_number":"1","order\\u005fnumber":"2"}', {}],
      [
        '/returns/ret_1/save_client_preferences?line_item_id=li_1',
        '{"method":"BANK_TRANSFER","bank_account":{"iban":"ES9121000418450200051332","holder":"A","holder":"B"}}',
        session,
      ],
    ] as const) {
      const answer = await raw(over.proxy.url, 'POST', path, { ...json, ...headers }, body);
      assert.equal(answer.status, 400, body);
      assert.equal(errorCode(answer), 'invalid_request', body);
    }
    assert.equal(over.upstream.requests.length, 0);
  });

  it('forwards the canonical JSON of what it checked, as application/json', async () => {
    const sent = '{ "email" : "ana@example.com",\n  "order_number" : "c\\u0031" }';
    const answer = await raw(
      over.proxy.url,
      'POST',
      INTENT,
      { 'content-type': 'application/json; charset=utf-8' },
      sent,
    );
    assert.equal(answer.status, 200);
    const [request] = over.upstream.requests;
    assert.equal(request?.body, '{"email":"ana@example.com","order_number":"c1"}');
    assert.equal(request?.headers['content-type'], 'application/json');
    assert.equal(request?.headers['content-length'], String(request?.body.length));
  });

  it('sends no content-type with a call that has no body, whatever the client said', async () => {
    const session = { 'x-rever-session': await sessionFor('ret_1', ['o1']) };
    const answer = await raw(over.proxy.url, 'POST', '/returns/ret_1/confirm', {
      ...session,
      'content-type': 'text/plain',
    });
    assert.equal(answer.status, 200);
    assert.equal(over.upstream.requests[0]?.headers['content-type'], undefined);
  });

  it('forwards one form of the order number, and counts every form of it as one order', async () => {
    const intent = (order: string) =>
      raw(
        over.proxy.url,
        'POST',
        INTENT,
        json,
        JSON.stringify({ email: 'ana@example.com', order_number: order }),
      );
    // REVER refuses it (the limit counts refusals only, per order number and email).
    over.upstream.respond = (_req, res) =>
      sendJson(res, 404, { error: { code: 'not_found', message: 'No such order' } });
    const first = await intent(' #１００１. ');
    assert.equal(first.status, 404, first.body);
    assert.equal(
      over.upstream.requests[0]?.body,
      JSON.stringify({ email: 'ana@example.com', order_number: '1001' }),
    );
    // The same order, written as a shopper might copy it: the per-order limit (1) is spent.
    for (const same of ['1001', '#1001', '  1001', '１００１']) {
      const again = await intent(same);
      assert.equal(again.status, 429, same);
    }
    assert.equal(over.upstream.requests.length, 1);
    // A number that is nothing once normalised is refused, not forwarded empty.
    const empty = await intent(' # ');
    assert.equal(empty.status, 400);
    assert.equal(over.upstream.requests.length, 1);
  });
});
