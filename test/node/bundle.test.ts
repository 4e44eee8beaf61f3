// The built bundles, as shoppers get them, in Chromium under the strict policy they promise to
// work in (script-src 'self', Trusted Types): the unit tests run the sources, so this is what
// catches a build step (template minification, terser, the IIFE's static imports) that breaks
// the widget. The lookup runs against the embedded mock through the reference proxy.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { chromium, type Browser } from 'playwright-core';
import { startProxy, type RunningProxy } from '../../proxy/node.ts';
import { measureBytes } from '../../scripts/bench/bytes.ts';
import { browserPath } from '../../scripts/executables.ts';
import { startPages, type BenchServer } from '../../scripts/bench/pages.ts';

describe('the built bundles in Chromium, under a strict CSP', () => {
  let dir: string;
  let proxy: RunningProxy;
  let pages: BenchServer;
  let browser: Browser;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'rever-bundle-'));
    await measureBytes(dir);
    proxy = await startProxy({ port: 0, log: () => {} });
    pages = await startPages(dir, proxy.url);
    browser = await chromium.launch({
      executablePath: browserPath(),
      args: ['--no-sandbox', '--disable-gpu'],
    });
  });
  after(async () => {
    await browser?.close();
    await pages?.close();
    await proxy?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('iife: is plain ASCII, so a page in any charset reads its strings right', async () => {
    const code = await readFile(join(dir, 'rever-returns.iife.js'), 'utf8');
    const outside = [...code].filter((c) => c.charCodeAt(0) > 0x7f);
    assert.deepEqual(outside, [], 'characters outside ASCII');
    assert.match(code, /\\u2026/, 'the ellipsis of the English strings, escaped');
  });

  for (const bundle of ['iife', 'es'] as const) {
    it(`${bundle}: renders the lookup, finds an order and shows its lines, with no error`, async () => {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      page.on('console', (m) => void (m.type() === 'error' && errors.push(m.text())));
      await page.goto(`${pages.url}/widget-${bundle}.html`);
      await page.locator('rever-order-lookup #email').fill('ana.garcia@example.com');
      await page.locator('rever-order-lookup #orderNumber').fill('1001');
      await page.locator('rever-order-lookup button[type="submit"]').click();
      const names = page.locator('rever-line-item-picker .line .name');
      await names.first().waitFor();
      assert.ok((await names.count()) > 1);
      assert.equal(await names.first().textContent(), 'Linen shirt');
      assert.deepEqual(errors, []);
      await page.close();
    });
  }
});
