// The package as a Vue 3, a Svelte 5 and a plain webpack 5 project gets it: from its PACKED
// tarball (npm pack of the build), into each fixture of test/consumers/ (see its README), built by
// the fixture's own tool, then opened in Chromium: the element is upgraded, the properties the
// framework set on it arrived (`strings` is an object: only a property can carry it), and the
// framework's listener heard `rever-ready`. No install from the registry: each fixture's other
// packages are links to the root's node_modules (vue, svelte, webpack, the Vite plugins are its
// dev dependencies).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import type { Configuration } from 'webpack';
import { launchChromium } from './support.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const FIXTURES = join(ROOT, 'test/consumers');

let work: string;
let tarball: string;
let browser: Browser;

before(async () => {
  work = mkdtempSync(join(tmpdir(), 'rever-consumers-'));
  // The build is there (npm run test:e2e builds first): pack it as npm publish would.
  const out = execFileSync(
    'npm',
    ['pack', '--json', '--ignore-scripts', '--pack-destination', work],
    {
      cwd: ROOT,
      encoding: 'utf8',
    },
  );
  tarball = join(work, (JSON.parse(out) as { filename: string }[])[0]!.filename);
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  rmSync(work, { recursive: true, force: true });
});

/**
 * A copy of the fixture with the tarball unpacked in its node_modules, the rest linked. A Vite
 * consumer (`app` named) gets the one page they share, test/consumers/vite.html, titled for it.
 */
function install(name: string, app?: string): string {
  const dir = join(work, name);
  cpSync(join(FIXTURES, name), dir, { recursive: true });
  if (app) {
    const page = readFileSync(join(FIXTURES, 'vite.html'), 'utf8');
    writeFileSync(join(dir, 'index.html'), page.replace('%APP%', app));
  }
  const modules = join(dir, 'node_modules');
  mkdirSync(join(modules, 'rever-returns'), { recursive: true });
  execFileSync('tar', [
    '-xzf',
    tarball,
    '-C',
    join(modules, 'rever-returns'),
    '--strip-components=1',
  ]);
  for (const entry of readdirSync(join(ROOT, 'node_modules'))) {
    if (entry.startsWith('.') || entry === 'rever-returns') continue;
    symlinkSync(join(ROOT, 'node_modules', entry), join(modules, entry), 'dir');
  }
  return dir;
}

async function viteBuild(dir: string): Promise<string> {
  const { build } = await import('vite');
  await build({ root: dir, configFile: join(dir, 'vite.config.js'), logLevel: 'warn' });
  return join(dir, 'dist');
}

async function webpackBuild(dir: string): Promise<string> {
  const { default: webpack } = await import('webpack');
  const { default: config } = (await import(
    pathToFileURL(join(dir, 'webpack.config.js')).href
  )) as {
    default: Configuration;
  };
  await new Promise<void>((done, fail) => {
    webpack(config, (error, stats) => {
      if (error) fail(error);
      else if (stats?.hasErrors()) fail(new Error(stats.toString('errors-only')));
      else done();
    });
  });
  return dir;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
};

/** Serves a folder's files on localhost (Chromium loads modules over HTTP, not file:). */
async function serve(root: string): Promise<{ url: string; server: Server }> {
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://x').pathname;
    const file = resolve(root, `.${path.endsWith('/') ? `${path}index.html` : path}`);
    if (!file.startsWith(root + sep)) {
      response.writeHead(403).end();
      return;
    }
    try {
      const body = readFileSync(file);
      response.writeHead(200, {
        'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
      });
      response.end(body);
    } catch {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, server };
}

const consumers = [
  { name: 'vue', app: 'Vue 3', heading: 'Find your Vue order', build: viteBuild },
  { name: 'svelte', app: 'Svelte 5', heading: 'Find your Svelte order', build: viteBuild },
  { name: 'webpack', heading: 'Find your webpack order', build: webpackBuild },
];

describe('consumers of the packed package', () => {
  for (const consumer of consumers) {
    it(`${consumer.name}: builds, upgrades the element, sets its properties, hears rever-ready`, async () => {
      const dir = install(consumer.name, consumer.app);
      const { url, server } = await serve(await consumer.build(dir));
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      page.on('response', (response) => {
        if (response.status() >= 400) errors.push(`${response.status()} ${response.url()}`);
      });
      page.on('console', (message) => {
        if (message.type() === 'error' || message.type() === 'warning') errors.push(message.text());
      });
      try {
        await page.goto(url);
        // The framework's listener wrote what the event said.
        await page.locator('#status', { hasText: 'ready: lookup' }).waitFor({ timeout: 20_000 });
        const element = await page.evaluate(() => {
          const found = document.querySelector('rever-returns') as
            (HTMLElement & { proxyUrl?: unknown }) | null;
          return {
            upgraded:
              !!found &&
              found instanceof customElements.get('rever-returns')! &&
              found.matches(':defined') &&
              !!found.shadowRoot,
            proxyUrl: found?.proxyUrl,
          };
        });
        assert.deepEqual(element, { upgraded: true, proxyUrl: '/rever' });
        // `strings` reached the element as a property: its heading is the fixture's wording.
        await page
          .locator('rever-returns')
          .getByRole('heading', { name: consumer.heading, exact: true })
          .waitFor({ timeout: 10_000 });
        assert.deepEqual(errors, []);
      } finally {
        await page.close();
        server.close();
      }
    });
  }
});
