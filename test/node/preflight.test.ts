// A newcomer's first `npm test`: without a browser or redis-server, the preflight says in one
// line each what to install and how to point at it, and stops, before any suite needs them.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { findBrowser, findRedisServer } from '../../scripts/executables.ts';

const PREFLIGHT = new URL('../../scripts/preflight.ts', import.meta.url).pathname;

/** The preflight in a child Node, with exactly this environment (no inherited PATH). */
function preflight(env: NodeJS.ProcessEnv) {
  const run = spawnSync(process.execPath, ['--import', 'tsx', PREFLIGHT], {
    env,
    encoding: 'utf8',
    cwd: new URL('../..', import.meta.url).pathname,
  });
  return { status: run.status, stdout: run.stdout, lines: run.stderr.split('\n').filter(Boolean) };
}

async function fakeExecutable(dir: string, name: string, mode = 0o755) {
  await mkdir(dir, { recursive: true });
  const path = join(dir, name);
  await writeFile(path, '#!/bin/sh\nexit 0\n');
  await chmod(path, mode);
  return path;
}

describe('preflight (npm test, before the suites)', () => {
  let root: string;
  let empty: string;
  let tools: string;
  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'rever-preflight-'));
    empty = join(root, 'empty');
    await mkdir(empty);
    tools = join(root, 'tools');
    await fakeExecutable(tools, 'redis-server');
  });
  after(() => rm(root, { recursive: true, force: true }));

  it('with no browser on PATH: one line naming what to install and CHROME_PATH, exit 1', () => {
    const run = preflight({ PATH: tools });
    assert.equal(run.status, 1);
    assert.equal(run.lines.length, 1, run.lines.join('\n'));
    const [line] = run.lines as [string];
    assert.match(line, /Chromium or Chrome/);
    assert.match(line, /apt-get install chromium/);
    assert.match(line, /CHROME_PATH/);
    assert.doesNotMatch(line, /\bat \S+:\d+/, 'no stack frame');
    assert.equal(run.stdout, '');
  });

  it('with neither: one line for the browser and one for redis-server', () => {
    const run = preflight({ PATH: empty });
    assert.equal(run.status, 1);
    assert.equal(run.lines.length, 2, run.lines.join('\n'));
    assert.match(run.lines[1]!, /redis-server.*apt-get install redis-server.*REDIS_SERVER/);
  });

  it('with both on PATH: silent, exit 0', async () => {
    const dir = join(root, 'both');
    await fakeExecutable(dir, 'chromium');
    await fakeExecutable(dir, 'redis-server');
    const run = preflight({ PATH: dir });
    assert.deepEqual(run, { status: 0, stdout: '', lines: [] });
  });

  it('CHROME_PATH wins over PATH, and one pointing at nothing is named in the line', async () => {
    const chosen = await fakeExecutable(join(root, 'chosen'), 'my-chrome');
    assert.deepEqual(
      findBrowser({ env: { CHROME_PATH: chosen, PATH: '' }, platform: 'linux', home: root }),
      {
        path: chosen,
      },
    );
    const run = preflight({ PATH: tools, CHROME_PATH: join(root, 'nothing-here') });
    assert.equal(run.status, 1);
    assert.equal(run.lines.length, 1);
    assert.match(run.lines[0]!, /CHROME_PATH is .*nothing-here.*not an executable/);
  });

  it('skips a file that is not executable and takes the next name on PATH', async () => {
    const first = join(root, 'first');
    const second = join(root, 'second');
    await fakeExecutable(first, 'chromium', 0o644);
    const chrome = await fakeExecutable(second, 'google-chrome');
    const at = { env: { PATH: `${first}:${second}` }, platform: 'linux' as const, home: root };
    assert.deepEqual(findBrowser(at), { path: chrome });
  });

  it('macOS: finds Chrome in ~/Applications, redis-server under Homebrew only on PATH or its prefixes', async () => {
    const app = join(root, 'Applications', 'Google Chrome.app', 'Contents', 'MacOS');
    const chrome = await fakeExecutable(app, 'Google Chrome');
    assert.deepEqual(findBrowser({ env: { PATH: empty }, platform: 'darwin', home: root }), {
      path: chrome,
    });
    // The same folder means nothing on Linux, where PATH decides.
    assert.ok('missing' in findBrowser({ env: { PATH: empty }, platform: 'linux', home: root }));
    assert.deepEqual(findRedisServer({ env: { PATH: tools }, platform: 'linux', home: root }), {
      path: join(tools, 'redis-server'),
    });
  });
});
