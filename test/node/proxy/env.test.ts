// The proxy's configuration from the environment (proxy/env.ts): defaults, every variable read,
// and one clear sentence for each bad value.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { configFromEnv } from '../../../proxy/env.ts';
import { parseSessionBudget } from '../../../proxy/middleware/session-budget.ts';
import { proxyFromEnv } from '../../../proxy/worker.ts';
import { isLocalOrigin } from '../../../proxy/node.ts';
import { SESSION_SECRET } from '../support/session.ts';

const KEY = 'sk_live_env_key_0001';

describe('the proxy configuration', () => {
  it('defaults to port 8787, the embedded mock and localhost origins', () => {
    assert.deepEqual(configFromEnv({}), { ok: true, options: { port: 8787 } });
    assert.equal(isLocalOrigin('http://localhost:5173'), true);
    assert.equal(isLocalOrigin('http://127.0.0.1:8080'), true);
    assert.equal(isLocalOrigin('http://localhost.evil.example'), false);
    assert.equal(isLocalOrigin('https://shop.example'), false);
  });

  it('reads REVER_API_URL, REVER_API_KEY, SESSION_SECRET, ALLOWED_ORIGINS, TRUST_PROXY_HEADER', () => {
    assert.deepEqual(
      configFromEnv({
        PORT: '9000',
        REVER_API_URL: 'https://rever.example/api',
        REVER_API_KEY: KEY,
        SESSION_SECRET: ` ${SESSION_SECRET} `,
        ALLOWED_ORIGINS: 'https://shop.example/, https://www.shop.example',
        TRUST_PROXY_HEADER: 'CF-Connecting-IP',
      }),
      {
        ok: true,
        options: {
          port: 9000,
          upstream: 'https://rever.example/api',
          apiKey: KEY,
          sessionSecret: SESSION_SECRET,
          allowedOrigins: ['https://shop.example', 'https://www.shop.example'],
          trustProxyHeader: 'cf-connecting-ip',
        },
      },
    );
  });

  it('asks for REVER_API_KEY when REVER_API_URL is set without it', () => {
    const config = configFromEnv({ REVER_API_URL: 'https://rever.example' });
    assert.equal(config.ok, false);
    assert.match(!config.ok ? config.error : '', /REVER_API_KEY/);
  });

  it('asks for a SESSION_SECRET of 32+ characters in front of REVER, and a header name to trust', () => {
    const base = { REVER_API_URL: 'https://rever.example', REVER_API_KEY: KEY };
    const missing = configFromEnv(base);
    assert.match(!missing.ok ? missing.error : '', /SESSION_SECRET is not set/);
    const short = configFromEnv({ ...base, SESSION_SECRET: 'short' });
    assert.match(!short.ok ? short.error : '', /at least 32/);
    const header = configFromEnv({ TRUST_PROXY_HEADER: 'x-forwarded-for: 1.2.3.4' });
    assert.match(!header.ok ? header.error : '', /TRUST_PROXY_HEADER/);
    // With the embedded mock a secret is optional, and used when given.
    assert.deepEqual(configFromEnv({ SESSION_SECRET }), {
      ok: true,
      options: { port: 8787, sessionSecret: SESSION_SECRET },
    });
  });
});

describe('the proxy configuration, beyond the defaults', () => {
  it('refuses a REVER_API_URL that is not an absolute http(s) URL', () => {
    const config = configFromEnv({ REVER_API_URL: 'rever.example', REVER_API_KEY: KEY });
    assert.equal(config.ok, false);
    assert.match(!config.ok ? config.error : '', /REVER_API_URL/);
  });

  it('refuses ALLOWED_ORIGINS entries that are not exact origins', () => {
    for (const value of [
      '*',
      'shop.example',
      'https://shop.example/path',
      'https://*.shop.example',
    ]) {
      const config = configFromEnv({ ALLOWED_ORIGINS: value });
      assert.equal(config.ok, false, value);
      assert.match(!config.ok ? config.error : '', /ALLOWED_ORIGINS/);
    }
  });

  it('reads HOST, trims values and refuses a PORT that is not a port', () => {
    assert.deepEqual(configFromEnv({ HOST: ' 0.0.0.0 ', PORT: '0', ALLOWED_ORIGINS: ' , ' }), {
      ok: true,
      options: { port: 0, host: '0.0.0.0' },
    });
    for (const port of ['abc', '-1', '70000', '80.5']) {
      assert.equal(configFromEnv({ PORT: port }).ok, false, port);
    }
  });

  it('reads the server limits in seconds and MAX_CONNECTIONS, and refuses what they cannot be', () => {
    assert.deepEqual(
      configFromEnv({
        HEADERS_TIMEOUT: '5',
        REQUEST_TIMEOUT: ' 7.5 ',
        KEEP_ALIVE_TIMEOUT: '2',
        MAX_CONNECTIONS: '200',
      }),
      {
        ok: true,
        options: {
          port: 8787,
          serverLimits: {
            headersTimeoutMs: 5000,
            requestTimeoutMs: 7500,
            keepAliveTimeoutMs: 2000,
            maxConnections: 200,
          },
        },
      },
    );
    const wrong: [Record<string, string>, RegExp][] = [
      [{ HEADERS_TIMEOUT: '0' }, /HEADERS_TIMEOUT must be a number of seconds/],
      [{ REQUEST_TIMEOUT: '5m' }, /REQUEST_TIMEOUT must be a number of seconds/],
      [{ KEEP_ALIVE_TIMEOUT: '-1' }, /KEEP_ALIVE_TIMEOUT must be a number of seconds/],
      [{ REQUEST_TIMEOUT: '3600' }, /at most 600/],
      // The headers are part of the request: Node itself refuses this pair.
      [{ HEADERS_TIMEOUT: '30' }, /must not be longer than REQUEST_TIMEOUT \(20 s\)/],
      [{ MAX_CONNECTIONS: '0' }, /MAX_CONNECTIONS must be a whole number/],
      [{ MAX_CONNECTIONS: '1e3' }, /MAX_CONNECTIONS must be a whole number/],
    ];
    for (const [env, message] of wrong) {
      const config = configFromEnv(env);
      assert.match(!config.ok ? config.error : '', message, JSON.stringify(env));
    }
  });
});

describe('SESSION_BUDGET, read the same by Node and by the Worker', () => {
  it('reads every class, or any subset, and nothing from unset or empty', () => {
    assert.deepEqual(parseSessionBudget('read=2000,write=1500,confirm=20'), {
      ok: true,
      budget: { read: 2000, write: 1500, confirm: 20 },
    });
    assert.deepEqual(parseSessionBudget(' confirm = 5 , READ=6 '), {
      ok: true,
      budget: { confirm: 5, read: 6 },
    });
    assert.deepEqual(parseSessionBudget('read=6'), { ok: true, budget: { read: 6 } });
    assert.deepEqual(parseSessionBudget(undefined), { ok: true, budget: {} });
    assert.deepEqual(parseSessionBudget(''), { ok: true, budget: {} });
  });

  it('refuses anything else with one sentence naming the variable and the format', () => {
    for (const value of [
      'read',
      'read=',
      'read=0',
      'read=-1',
      'read=1.5',
      'read=ten',
      'reads=10',
      'list=10',
      'read=1,read=2',
      'read=1;write=2',
      'read=99999999999999999999',
    ]) {
      const parsed = parseSessionBudget(value);
      assert.equal(parsed.ok, false, value);
      assert.match(!parsed.ok ? parsed.error : '', /^SESSION_BUDGET .*read=2000,write=1500/);
    }
  });

  it('reaches the Node options, and stops configFromEnv when malformed', () => {
    assert.deepEqual(configFromEnv({ SESSION_BUDGET: 'write=3' }), {
      ok: true,
      options: { port: 8787, sessionBudget: { write: 3 } },
    });
    assert.deepEqual(configFromEnv({ SESSION_BUDGET: '' }), { ok: true, options: { port: 8787 } });
    const config = configFromEnv({ SESSION_BUDGET: 'read=lots' });
    assert.equal(config.ok, false);
    assert.match(!config.ok ? config.error : '', /SESSION_BUDGET holds "read=lots"/);
  });

  it('stops the Worker at start when its binding is malformed', () => {
    const env = {
      REVER_API_URL: 'https://rever.example/storefront',
      REVER_API_KEY: KEY,
      SESSION_SECRET,
    };
    assert.ok(proxyFromEnv({ ...env, SESSION_BUDGET: 'read=6' }));
    assert.throws(
      () => proxyFromEnv({ ...env, SESSION_BUDGET: 'confirm=0' }),
      /rever-returns proxy: SESSION_BUDGET gives confirm 0 calls/,
    );
  });
});
