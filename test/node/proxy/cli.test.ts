// `npm run proxy` as a process (proxy/cli.ts): a configuration error is exit code 1 and one
// sentence; started, it says where it answers in one line, serves, and stops on SIGTERM.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { after, describe, it } from 'node:test';
import { startMockRever } from '../../../mock/node.ts';
import { DEMO_ORDERS } from '../../../mock/seed.ts';
import { raw } from '../support/raw.ts';
import { SESSION_SECRET } from '../support/session.ts';

const ROOT = new URL('../../..', import.meta.url).pathname;

describe('the proxy command line', () => {
  it('exits with code 1 and says why when started that way', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'proxy/cli.ts'], {
      env: { ...process.env, REVER_API_URL: 'https://rever.example', REVER_API_KEY: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    assert.equal(code, 1);
    assert.match(stderr, /REVER_API_KEY is not set/);
  });
});

describe('npm run proxy, as a process', () => {
  const children: ChildProcess[] = [];
  // Whatever a failed assertion leaves running is stopped here, by its own pid.
  after(() => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  });

  /** Starts the Node entry with the given environment (none of the parent's REVER_*). */
  function run(command: string, args: string[], env: Record<string, string>): ChildProcess {
    const base = Object.fromEntries(
      Object.entries(process.env).filter(
        ([k]) =>
          !/^(REVER_API_URL|REVER_API_KEY|ALLOWED_ORIGINS|SESSION_SECRET|TRUST_PROXY_HEADER)$/.test(
            k,
          ),
      ),
    );
    const child = spawn(command, args, {
      cwd: ROOT,
      env: { ...base, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    return child;
  }

  /** The exit code; 'exit' rather than 'close', which a grandchild holding the pipes would delay. */
  const exitCode = (child: ChildProcess) =>
    new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  it(
    'exits with code 1 and a message naming REVER_API_KEY when only REVER_API_URL is set',
    { timeout: 60_000 },
    async () => {
      const child = run('npx', ['tsx', 'proxy/cli.ts'], {
        REVER_API_URL: 'https://rever.example/storefront',
        PORT: '0',
      });
      let stderr = '';
      child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      assert.equal(await exitCode(child), 1);
      assert.match(stderr, /REVER_API_KEY/);
    },
  );

  /** Starts `proxy/cli.ts` and resolves with the URL its start line gives. */
  async function startEntry(env: Record<string, string>) {
    // Node itself with tsx's loader, not npx: a signal must reach the proxy, not a wrapper.
    const child = run(process.execPath, ['--import', 'tsx', 'proxy/cli.ts'], env);
    const exited = exitCode(child);
    let stdout = '';
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no start line: ${stdout}`)), 8000);
      child.stdout!.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        const found = /proxy on (http:\/\/\S+)/.exec(stdout);
        if (found?.[1]) {
          clearTimeout(timer);
          resolve(found[1].replace('localhost', '127.0.0.1'));
        }
      });
    });
    return { child, exited, url, stdout: () => stdout };
  }

  it(
    'forwards to any server that speaks the contract, with REVER_API_URL and REVER_API_KEY',
    { timeout: 60_000 },
    async () => {
      // A mock in another process's place: its own port and its own key.
      const rever = await startMockRever({ port: 0, apiKey: 'sk_other_server_1234' });
      const order = DEMO_ORDERS[2]!;
      const body = JSON.stringify({ email: order.email, order_number: order.orderNumber });
      const json = { 'content-type': 'application/json' };
      const right = await startEntry({
        PORT: '0',
        REVER_API_URL: rever.url,
        REVER_API_KEY: 'sk_other_server_1234',
        SESSION_SECRET,
      });
      assert.doesNotMatch(right.stdout(), /sk_other_server_1234/);
      const ok = await raw(right.url, 'POST', '/returns/intent/start', json, body);
      assert.equal(ok.status, 200, ok.body);
      assert.match(ok.body, /"currency":"KWD"/);
      assert.doesNotMatch(ok.body, /sk_other_server_1234/);
      right.child.kill('SIGTERM');
      assert.equal(await right.exited, 0);

      const wrong = await startEntry({
        PORT: '0',
        REVER_API_URL: rever.url,
        REVER_API_KEY: 'nope',
        SESSION_SECRET,
      });
      const refused = await raw(wrong.url, 'POST', '/returns/intent/start', json, body);
      assert.equal(refused.status, 401);
      wrong.child.kill('SIGTERM');
      await wrong.exited;
      await rever.close();
    },
  );

  it(
    'starts with the embedded mock, says so in one line, serves, and stops on SIGTERM',
    { timeout: 60_000 },
    async () => {
      const { child, exited, url, stdout: printed } = await startEntry({ PORT: '0' });
      const stdout = printed();
      assert.match(stdout, /embedded mock/);
      assert.match(stdout, /allowed origins: localhost/);
      assert.ok(!stdout.includes('mock-rever-api-key'), 'the mock key is not printed');
      const order = DEMO_ORDERS[1]!;
      const answer = await raw(
        url,
        'POST',
        '/returns/intent/start',
        { 'content-type': 'application/json', origin: 'http://localhost:5173' },
        JSON.stringify({ email: order.email, order_number: order.orderNumber }),
      );
      assert.equal(answer.status, 200, answer.body);
      assert.equal(answer.headers['access-control-allow-origin'], 'http://localhost:5173');
      child.kill('SIGTERM');
      assert.equal(await exited, 0);
    },
  );
});
