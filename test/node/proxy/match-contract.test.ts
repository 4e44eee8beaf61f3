// Only the contract's operations reach REVER (proxy/middleware/match-contract.ts): any other
// method or path, however it is written, is a 404 in the contract's shape, matched on the raw
// request target (splitTarget), never on a URL a parser has normalized.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { splitTarget } from '../../../proxy/index.ts';
import { proxyOverOk, SHOP } from '../support/http.ts';
import { errorCode, raw } from '../support/raw.ts';

const KEY = 'sk_live_match_contract_key_0001';

describe('the proxy matches the contract and nothing else', () => {
  const over = proxyOverOk(KEY);

  describe('paths and methods outside the contract', () => {
    const refused: [string, string][] = [
      ['GET', '/'],
      ['GET', '/returns/intent/start'],
      ['PUT', '/returns/ret_1/confirm'],
      ['POST', '/returns/%2e%2e/confirm'],
      ['POST', '//returns/intent/start'],
      ['POST', '/returns/ret_1/confirm/'],
      ['POST', '/returns/a%2Fb/confirm'],
      ['GET', '/returns/ret_1/refund_options/../../admin'],
      ['GET', '/admin/keys'],
    ];
    for (const [method, path] of refused) {
      it(`answers 404 to ${method} ${path}, and nothing reaches REVER`, async () => {
        // Raw HTTP, so the path is sent exactly as written (fetch would normalize dot segments).
        const { status, body } = await raw(over.proxy.url, method, path);
        assert.equal(status, 404);
        assert.equal((JSON.parse(body) as { error: { code: string } }).error.code, 'not_found');
        assert.equal(over.upstream.requests.length, 0);
        assert.doesNotMatch(body, new RegExp(KEY));
      });
    }
  });

  describe('the same, from an allowed origin', () => {
    const refused: [string, string][] = [
      ['GET', '/'],
      ['GET', '/returns/intent/start'],
      ['HEAD', '/returns'],
      ['PATCH', '/returns/ret_1/confirm'],
      ['GET', '/returns/../admin'],
      ['GET', '/returns/%2e%2e/x'],
      ['GET', '/returns/%2E%2E/returns'],
      ['GET', '//returns'],
      ['GET', '/returns//'],
      ['POST', '/returns/abc/confirm/'],
      ['POST', '/returns/a%2Fb/confirm'],
      ['POST', '/returns/a%00b/confirm'],
      ['GET', '/returns/ret_1/refund_options;x=1'],
      ['GET', '/RETURNS'],
      ['OPTIONS', '/admin'],
    ];
    for (const [method, path] of refused) {
      it(`404s ${method} ${path} in the contract's shape, without the key, and REVER sees nothing`, async () => {
        const answer = await raw(over.proxy.url, method, path, { origin: SHOP });
        assert.equal(answer.status, 404);
        if (method !== 'HEAD') {
          assert.equal(errorCode(answer), 'not_found');
          assert.match(answer.headers['content-type'] ?? '', /^application\/json/);
        }
        assert.equal(answer.headers['x-content-type-options'], 'nosniff');
        assert.ok(!answer.text.includes(KEY));
        assert.equal(over.upstream.requests.length, 0);
      });
    }
  });

  it('splits a request URL into its raw path and query', () => {
    assert.deepEqual(splitTarget('http://h/returns/%2e%2e/x?a=%20#f'), {
      pathname: '/returns/%2e%2e/x',
      search: '?a=%20',
    });
    assert.deepEqual(splitTarget('http://h//returns'), { pathname: '//returns', search: '' });
    assert.deepEqual(splitTarget('http://h?x=/y'), { pathname: '/', search: '?x=/y' });
    assert.deepEqual(splitTarget('http://h:8787'), { pathname: '/', search: '' });
  });
});
