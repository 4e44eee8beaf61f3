// A misconfigured proxy refuses to start (proxy/options.ts) rather than failing per request.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createReturnsProxy, type ReturnsProxyOptions } from '../../../proxy/index.ts';
import { SESSION_SECRET } from '../support/session.ts';

const KEY = 'sk_live_options_key_0001';

describe('the proxy options', () => {
  it('refuses to start without an absolute upstream URL or a key', () => {
    assert.throws(() =>
      createReturnsProxy({
        upstream: '/x',
        apiKey: KEY,
        allowedOrigins: [],
        sessionSecret: SESSION_SECRET,
      }),
    );
    assert.throws(() =>
      createReturnsProxy({
        upstream: 'ftp://x',
        apiKey: KEY,
        allowedOrigins: [],
        sessionSecret: SESSION_SECRET,
      }),
    );
    assert.throws(() =>
      createReturnsProxy({
        upstream: 'https://x',
        apiKey: '',
        allowedOrigins: [],
        sessionSecret: SESSION_SECRET,
      }),
    );
  });

  it('refuses at creation an upstream with a query, a fragment or credentials, and bad limits', () => {
    const make =
      (upstream: string, extra: Partial<ReturnsProxyOptions> = {}) =>
      () =>
        createReturnsProxy({
          upstream,
          apiKey: KEY,
          allowedOrigins: [],
          sessionSecret: SESSION_SECRET,
          ...extra,
        });
    assert.throws(make('https://rever.example/api?x=1'), /query/);
    assert.throws(make('https://rever.example/api#x'), /fragment/);
    assert.throws(make('https://user:pass@rever.example/api'), /credentials/);
    assert.throws(make('rever.example'), /absolute http\(s\) URL/);
    assert.throws(make('https://rever.example', { timeoutMs: 0 }), /timeoutMs/);
    assert.throws(make('https://rever.example', { maxBodyBytes: -1 }), /maxBodyBytes/);
    assert.doesNotThrow(make('https://rever.example/_mock/apis/storefront/'));
  });
});
