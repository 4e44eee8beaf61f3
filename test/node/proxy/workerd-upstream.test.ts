// Which networks the worker may reach under workerd: the public internet and the addresses the
// operator's own REVER_API_URL names (loopback or private), no other local address. workerd
// refuses every non-public address unless allowed ("connecting to … is not allowed"), so an
// upstream on this machine answered 502 under `npm run proxy:workerd` before.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { startWorkerdProxy, upstreamNetworks } from '../../../proxy/workerd/run.ts';
import { scriptedServer, sendJson, SHOP, type ScriptedServer } from '../support/http.ts';
import { SESSION_SECRET, sessionFor } from '../support/session.ts';

const START = fileURLToPath(new URL('../../../proxy/workerd/start.ts', import.meta.url));

describe('the networks a workerd proxy may reach', () => {
  it('are the public internet and the upstream’s own addresses, each alone', async () => {
    assert.deepEqual(await upstreamNetworks('http://127.0.0.1:8080/storefront'), [
      'public',
      '127.0.0.1/32',
    ]);
    assert.deepEqual(await upstreamNetworks('http://[::1]:8080'), ['public', '::1/128']);
    assert.deepEqual(await upstreamNetworks('https://10.1.2.3/storefront'), [
      'public',
      '10.1.2.3/32',
    ]);
    const resolve = (host: string) =>
      Promise.resolve(
        host === 'rever.internal'
          ? [
              { address: '192.168.4.2', family: 4 },
              { address: 'fd00::2', family: 6 },
            ]
          : [],
      );
    assert.deepEqual(await upstreamNetworks('http://rever.internal:4010', resolve), [
      'public',
      '192.168.4.2/32',
      'fd00::2/128',
    ]);
    const unknown = () => Promise.reject(new Error('ENOTFOUND'));
    assert.deepEqual(await upstreamNetworks('https://rever.example', unknown), ['public']);
  });
});

describe('a workerd proxy in front of an upstream on loopback', () => {
  let upstream: ScriptedServer;
  before(async () => {
    upstream = await scriptedServer();
    upstream.respond = (_req, res) => sendJson(res, 200, { refund_options: [] });
  });
  after(() => upstream?.close());

  const read = async (url: string) =>
    fetch(`${url}/returns/ret_1/refund_options`, {
      headers: {
        origin: SHOP,
        'x-rever-customer-token': 'tok',
        'x-rever-session': await sessionFor('ret_1'),
      },
    });

  it('reaches it under `npm run proxy:workerd` with REVER_API_URL on 127.0.0.1', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', START], {
      env: {
        ...process.env,
        PORT: '0',
        REVER_API_URL: `${upstream.url}/storefront`,
        REVER_API_KEY: 'sk_test_loopback',
        SESSION_SECRET,
        ALLOWED_ORIGINS: SHOP,
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        const lines = createInterface({ input: child.stdout });
        lines.on('line', (line) => {
          const at = /rever-returns proxy \(workerd\) at (\S+)/.exec(line);
          if (at) resolve(at[1]!);
        });
        child.once('exit', (code) => reject(new Error(`proxy:workerd exited with ${code}`)));
      });
      const before = upstream.requests.length;
      const answer = await read(url);
      assert.equal(answer.status, 200, await answer.clone().text());
      assert.equal(upstream.requests.length, before + 1);
      assert.equal(upstream.requests.at(-1)?.headers['x-rever-api-key'], 'sk_test_loopback');
    } finally {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
  });

  it('keeps refusing a local address the upstream does not name', async () => {
    // The worker is sent to the loopback server, but allowed only 127.0.0.2's network, as it
    // would be for REVER_API_URL=http://127.0.0.2:…: workerd refuses 127.0.0.1, so 502.
    const logs: string[] = [];
    const worker = await startWorkerdProxy({
      upstream: `${upstream.url}/storefront`,
      apiKey: 'sk_test_loopback',
      sessionSecret: SESSION_SECRET,
      allowedOrigins: [SHOP],
      allowNetworks: await upstreamNetworks(upstream.url.replace('127.0.0.1', '127.0.0.2')),
      log: (line) => logs.push(line),
    });
    try {
      const before = upstream.requests.length;
      const answer = await read(worker.url);
      assert.equal(answer.status, 502);
      assert.equal(upstream.requests.length, before, 'nothing reached the server');
      assert.ok(
        logs.some((line) => /connecting to 127\.0\.0\.1:\d+ is not allowed/.test(line)),
        logs.join('\n'),
      );
    } finally {
      await worker.close();
    }
  });
});
