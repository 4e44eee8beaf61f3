// `npm start` on a machine without a desktop opens nothing and prints nothing; with one, it
// runs the desktop's opener with the demo's URL.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { browserOpener, openBrowser } from '../../demo/open-browser.ts';

const URL_ = 'http://localhost:9501/demo/';

async function script(dir: string, name: string, body: string) {
  await mkdir(dir, { recursive: true });
  const path = join(dir, name);
  await writeFile(path, body);
  await chmod(path, 0o755);
  return path;
}

describe('opening the demo in a browser (npm start)', () => {
  let root: string;
  let desktop: string;
  let opened: string;
  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'rever-open-'));
    opened = join(root, 'opened.txt');
    desktop = join(root, 'desktop');
    await script(desktop, 'xdg-open', `#!/bin/sh\necho "$1" > '${opened}'\n`);
  });
  after(() => rm(root, { recursive: true, force: true }));

  it('Linux without DISPLAY or WAYLAND_DISPLAY (SSH, containers): no opener', () => {
    assert.equal(browserOpener(URL_, { env: { PATH: desktop }, platform: 'linux' }), undefined);
  });

  it('Linux with a display but no xdg-open: no opener', () => {
    const env = { PATH: join(root, 'nothing'), DISPLAY: ':0' };
    assert.equal(browserOpener(URL_, { env, platform: 'linux' }), undefined);
  });

  it('CI or BROWSER=none: no opener even on a desktop', () => {
    for (const extra of [{ CI: 'true' }, { BROWSER: 'none' }]) {
      const env = { PATH: desktop, DISPLAY: ':0', ...extra };
      assert.equal(browserOpener(URL_, { env, platform: 'linux' }), undefined);
    }
  });

  it('Linux on a desktop: runs xdg-open with the URL', async () => {
    const env = { PATH: desktop, WAYLAND_DISPLAY: 'wayland-0' };
    assert.equal(openBrowser(URL_, { env, platform: 'linux' }), true);
    for (let i = 0; i < 200; i++) {
      const text = await readFile(opened, 'utf8').catch(() => '');
      if (text) return assert.equal(text.trim(), URL_);
      await new Promise((r) => setTimeout(r, 25));
    }
    assert.fail('xdg-open was not run');
  });

  it('an opener that cannot start prints nothing and leaves the process running', async () => {
    // Executable, but its interpreter does not exist: spawn fails with ENOENT as an event.
    const broken = join(root, 'broken');
    await script(broken, 'xdg-open', '#!/nonexistent/interpreter\n');
    const code = `
      import { openBrowser } from ${JSON.stringify(new URL('../../demo/open-browser.ts', import.meta.url).pathname)};
      const tried = openBrowser('${URL_}', { env: { PATH: ${JSON.stringify(broken)}, DISPLAY: ':0' }, platform: 'linux' });
      setTimeout(() => process.stdout.write(String(tried)), 300);`;
    const run = spawnSync(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', code],
      {
        encoding: 'utf8',
      },
    );
    assert.equal(run.stderr, '');
    assert.equal(run.stdout, 'true');
    assert.equal(run.status, 0);
  });
});
