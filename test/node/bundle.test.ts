// The built bundles, as shoppers get them, in Chromium under the strict policy they promise to
// work in (script-src 'self', Trusted Types): the unit tests run the sources, so this is what
// catches a build step (template minification, terser, the standalone IIFE's static imports, the
// loader) that breaks the widget. The lookup runs against the embedded mock through the reference
// proxy. Three ways in: the script tag (the loader, rever-returns.iife.js, which imports the ES
// build), the ES module, and the standalone IIFE (the whole flow in one classic script).
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startProxy, type RunningProxy } from '../../proxy/node.ts';
import { measureRequests } from '../../scripts/bench/browser.ts';
import { measureBytes, WHOLE_RETURN_CEILING, type ByteFigures } from '../../scripts/bench/bytes.ts';
import { browserPath } from '../../scripts/executables.ts';
import { startPages, type BenchServer } from '../../scripts/bench/pages.ts';

describe('the built bundles in Chromium, under a strict CSP', () => {
  let dir: string;
  let bytes: ByteFigures;
  let proxy: RunningProxy;
  let pages: BenchServer;
  let browser: Browser;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'rever-bundle-'));
    bytes = await measureBytes(dir);
    const generous = { limit: 100_000, windowMs: 60_000 };
    proxy = await startProxy({
      port: 0,
      log: () => {},
      intentLimits: { perIp: generous, perOrder: generous },
    });
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

  /** A page of pages.ts, with every error and warning it logs. */
  async function open(query: string) {
    const page = await browser.newPage();
    const errors: string[] = [];
    const warnings: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
      if (m.type() === 'warning') warnings.push(m.text());
    });
    await page.goto(`${pages.url}/widget.html?${query}`);
    return { page, errors, warnings };
  }

  async function findOrder(page: Page) {
    await page.locator('rever-order-lookup #email').fill('ana.garcia@example.com');
    await page.locator('rever-order-lookup #orderNumber').fill('1001');
    await page.locator('rever-order-lookup button[type="submit"]').click();
    // Order 1001 has returns: they come first, and "Return more items" leads to the items.
    await page.locator('rever-active-returns button.more').click();
    const names = page.locator('rever-line-item-picker .line .name');
    await names.first().waitFor();
    assert.ok((await names.count()) > 1);
    assert.equal(await names.first().textContent(), 'Linen shirt');
  }

  it('both classic scripts are plain ASCII, so a page in any charset reads them right', async () => {
    for (const file of ['rever-returns.iife.js', 'rever-returns.standalone.iife.js']) {
      const code = await readFile(join(dir, file), 'utf8');
      const outside = [...code].filter((c) => c.charCodeAt(0) > 0x7f);
      assert.deepEqual(outside, [], `characters outside ASCII in ${file}`);
    }
    const standalone = await readFile(join(dir, 'rever-returns.standalone.iife.js'), 'utf8');
    assert.match(standalone, /\\u2026/, 'the ellipsis of the English strings, escaped');
  });

  it('the loader is a loader: small, and holds none of the widget', async () => {
    const loader = await readFile(join(dir, 'rever-returns.iife.js'), 'utf8');
    assert.ok(bytes.loaderGzip < 1000, `${bytes.loaderGzip} B gzip`);
    assert.doesNotMatch(loader, /customElements\.define|lit-html/);
    assert.match(loader, /rever-returns\.js/);
  });

  for (const load of ['loader', 'es', 'standalone'] as const) {
    it(`${load}: renders the lookup, finds an order and shows its lines, with no error`, async () => {
      const { page, errors } = await open(`load=${load}`);
      await findOrder(page);
      assert.deepEqual(errors, []);
      await page.close();
    });
  }

  // A classic script from another origin without `crossorigin` runs with "muted errors", and
  // its relative import() resolves against about:blank: the standalone IIFE needs the attribute
  // to load a language there; the loader imports an absolute URL and needs nothing.
  for (const [load, attrs] of [
    ['loader', ''],
    ['standalone', '&crossorigin'],
  ] as const) {
    it(`${load}: from a CDN folder on another origin${attrs && ' (crossorigin)'}, in German, on a windows-1252 page`, async () => {
      const { page, errors } = await open(
        `load=${load}&cdn=cross&locale=de&charset=windows-1252${attrs}`,
      );
      const hint = page.locator('rever-order-lookup #orderNumber-hint');
      await hint.waitFor();
      assert.equal(
        await hint.textContent(),
        'Sie steht in Ihrer Bestellbestätigung, zum Beispiel #1001. Kopieren Sie sie einfach.',
      );
      assert.equal(await page.evaluate(() => document.characterSet), 'windows-1252');
      // Everything came from the other origin's folder, the German table too.
      const fetched = await page.evaluate(() =>
        performance.getEntriesByType('resource').map((e) => e.name),
      );
      const cdn = fetched.filter((url) => url.includes('/cdn/'));
      assert.ok(cdn.length >= 2, cdn.join(', '));
      assert.ok(
        cdn.every((url) => url.startsWith('http://127.0.0.1:')),
        cdn.join(', '),
      );
      assert.ok(
        cdn.some((url) => url.endsWith('/cdn/i18n/de.js')),
        cdn.join(', '),
      );
      assert.deepEqual(errors, []);
      await page.close();
    });
  }

  for (const load of ['loader', 'standalone'] as const) {
    it(`${load}: an English string with "…" reads right on a windows-1252 page`, async () => {
      const { page, errors } = await open(`load=${load}&charset=windows-1252`);
      // The intent's answer is held, so the pending text stays on screen to be read.
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      await page.route('**/returns/intent/start', async (route) => {
        await held;
        await route.continue();
      });
      await page.locator('rever-order-lookup #email').fill('ana.garcia@example.com');
      await page.locator('rever-order-lookup #orderNumber').fill('1001');
      await page.locator('rever-order-lookup button[type="submit"]').click();
      await page.locator('rever-order-lookup').getByText('Looking up your order…').waitFor();
      release();
      await page.locator('rever-active-returns button.more').click();
      await page.locator('rever-line-item-picker .line').first().waitFor();
      assert.deepEqual(errors, []);
      await page.close();
    });
  }

  it('loaded four times (loader, standalone, loader, ES): one warning, no error, it works', async () => {
    const { page, errors, warnings } = await open('load=loader,standalone,loader,es');
    await findOrder(page);
    // Let every import settle: a late second warning would come now.
    await page.waitForTimeout(300);
    const ours = warnings.filter((w) => w.startsWith('rever-returns:'));
    assert.equal(ours.length, 1, warnings.join('\n'));
    assert.match(ours[0]!, /loaded more than once/);
    assert.deepEqual(errors, []);
    await page.close();
  });

  it("a second copy defines none of the first copy's later steps", async () => {
    // The ES build first: its later steps' chunk is held while the standalone IIFE, another copy
    // with every element, is added. Only the first copy may define the steps, when they arrive.
    const page = await browser.newPage();
    const warnings: string[] = [];
    page.on('console', (m) => void (m.type() === 'warning' && warnings.push(m.text())));
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/cdn/steps-*.js', async (route) => {
      await held;
      await route.continue();
    });
    await page.goto(`${pages.url}/widget.html?load=es`);
    await page.locator('rever-order-lookup #email').waitFor();
    // A script tag added as a host page's own code would: through a Trusted Types policy.
    await page.evaluate(
      () =>
        new Promise((resolve, reject) => {
          const tt = (
            window as unknown as {
              trustedTypes: {
                createPolicy(
                  name: string,
                  rules: { createScriptURL(s: string): string },
                ): { createScriptURL(s: string): string };
              };
            }
          ).trustedTypes;
          const policy = tt.createPolicy('host-page', { createScriptURL: String });
          const script = document.createElement('script');
          script.src = policy.createScriptURL('/cdn/rever-returns.standalone.iife.js');
          script.onload = resolve;
          script.onerror = reject;
          document.head.append(script);
        }),
    );
    assert.equal(
      await page.evaluate(() => customElements.get('rever-line-item-picker') === undefined),
      true,
      'the standalone copy defined a step',
    );
    release();
    await findOrder(page);
    assert.equal(warnings.filter((w) => w.startsWith('rever-returns:')).length, 1);
    await page.close();
  });

  it('a whole two-item return in English fetches no more code than its ceiling', async () => {
    const errors: string[] = [];
    const figures = await measureRequests(browser, pages.url, proxy.url, errors, 'loader');
    const files = figures.code.files.map((f) => f.file);
    assert.equal(files[0], 'rever-returns.iife.js');
    assert.ok(files.includes('rever-returns.js'));
    assert.ok(
      files.some((f) => f.startsWith('steps-')),
      files.join(', '),
    );
    assert.ok(!files.includes('rever-returns.standalone.iife.js'));
    assert.ok(
      figures.code.gzip <= WHOLE_RETURN_CEILING,
      `${figures.code.gzip} B gzip over the ceiling of ${WHOLE_RETURN_CEILING}: ${files.join(', ')}`,
    );
    assert.deepEqual(errors, []);
  });
});
