// A whole return on nothing but the contract (`npm run sandbox`): Stoplight Prism in static mode
// answers contract/rever-storefront.yaml's examples, behind the reference proxy and the demo's
// script-tag page, in Chromium. If an example stopped decoding, or a request of the widget broke
// the document (Prism answers those with 4xx), the shopper would not get past that step.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { Browser, Locator } from 'playwright-core';
import { createDemoMiddleware } from '../../demo/server.ts';
import { startPrism, type PrismMock } from '../../scripts/prism.ts';
import {
  launchChromium,
  screenshots,
  toItems,
  until,
  undelivered,
  watchedPage,
} from './support.ts';

let browser: Browser;
let prism: PrismMock;
let server: Server;
let url: string;

before(async () => {
  prism = await startPrism();
  const handle = createDemoMiddleware({ upstream: prism.url, apiKey: 'sandbox-key' });
  server = createServer((req, res) =>
    handle(req, res, () => {
      res.statusCode = 404;
      res.end('Not found');
    }),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  await prism?.close();
});

const heading = (widget: Locator, name: string) =>
  widget.getByRole('heading', { name, exact: true });

describe('the sandbox: Prism serving the contract', () => {
  it("a shopper completes a whole return on the document's examples", async () => {
    const w = await watchedPage(browser);
    const response = await w.page.goto(`${url}/demo/embed/script-tag.html`);
    assert.equal(response?.status(), 200);
    const widget = w.page.locator('rever-returns');
    const shot = screenshots(w.page, 'sandbox');

    await heading(widget, 'Find your order').waitFor();
    await widget.getByLabel('Email address').fill('ana.garcia@example.com');
    await widget.getByLabel('Order number', { exact: true }).fill('1042');
    await widget.getByRole('button', { name: 'Find my order' }).click();

    // The example order (its returns first: a unit was returned): three lines with their
    // images; the socks' last pair is not returnable.
    await toItems(widget);
    await shot('items');
    const lines = widget.locator('li.line');
    assert.equal(await lines.count(), 3);
    await until(
      async () => (await widget.locator('li.line img').count()) >= 3,
      'the example images shown',
    );
    const shirt = lines.filter({ hasText: 'Linen shirt' });
    await shirt.getByRole('checkbox').check();
    await shirt.getByLabel('Reason').selectOption({ label: 'It is too small' });
    await widget.getByRole('button', { name: 'Continue' }).click();

    // The example refund and exchange options; the choice saved with the example answer.
    await heading(widget, 'Refund or exchange').waitFor();
    const line = widget.locator('fieldset[data-id]').filter({ hasText: 'Linen shirt' });
    await line.getByLabel('Refund to the original payment method').check();
    const status = widget.locator('rever-resolution-picker [role="status"]');
    await until(async () => ((await status.textContent()) ?? '').trim() === '', 'saved');
    await widget.locator('rever-credit-summary dl').waitFor();
    await shot('resolution');
    await widget.getByRole('button', { name: 'Continue' }).click();

    // The example return methods: the drop-off, at the example point.
    await heading(widget, 'Send it back').waitFor();
    await widget.getByLabel(/Drop-off point/).check();
    await widget.getByLabel('Postcode').fill('28013');
    await widget.getByRole('button', { name: 'Find points' }).click();
    await widget.locator('input[name$="-point"]').first().check();
    await widget.getByRole('button', { name: 'Continue' }).click();

    await heading(widget, 'Review your return').waitFor();
    await widget.getByRole('button', { name: 'Confirm return' }).click();

    // The example confirmation, then the example active return with its tracking link.
    await heading(widget, 'Your return is confirmed').waitFor();
    const active = widget.locator('rever-active-returns');
    await active.getByText('Wool socks (3 pairs) × 1').waitFor();
    const tracking = active.getByRole('link').first();
    assert.equal(
      await tracking.getAttribute('href'),
      'https://track.carrier.example/4820001234567',
    );
    await shot('done');

    // Every request went through the proxy to Prism and was answered 200: none broke the document.
    assert.ok(w.rever.length >= 8, `${w.rever.length} requests`);
    assert.deepEqual(
      w.rever.filter((r) => r.status !== 200).map((r) => `${r.method} ${r.url} ${r.status}`),
      [],
    );
    // The examples' images live on an illustrative host the page's CSP (rightly) does not allow.
    assert.deepEqual(
      w.errors.filter((e) => !e.includes('https://cdn.shop.example/img/')),
      [],
    );
    assert.deepEqual(undelivered(w), []);
  });
});
