/**
 * End-to-end support: Debian's Chromium driven by playwright-core (no browser download), the demo
 * server (demo/server.ts) on port 0 serving the BUILT files with their CSP headers, and a shopper
 * completing a whole return with real clicks and keystrokes, a screenshot per step.
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, afterEach, before, beforeEach } from 'node:test';
import { chromium, type Browser, type Locator, type Page, type Response } from 'playwright-core';
import { startDemoServer, type RunningDemo } from '../../demo/server.ts';
import { browserPath } from '../../scripts/executables.ts';

export const SCREENSHOTS = join(process.cwd(), 'test-results', 'e2e');

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: browserPath(),
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
  });
}

export interface Watched {
  page: Page;
  /**
   * Console errors, uncaught exceptions and failed requests, as text; a request to the proxy that
   * the page itself aborted (its AbortSignal fired: a newer read, a removed element, a timeout)
   * is the page's decision, not a loss, and is left out.
   */
  readonly errors: string[];
  warnings: string[];
  /** `securitypolicyviolation` events, from anywhere in the page (they are composed). */
  violations: string[];
  /** Every request to the proxy (`/rever/`), with what arrived of its answer. */
  rever: ReverRequest[];
}

export interface ReverRequest {
  method: string;
  url: string;
  status?: number;
  /** The answer's content-length header. */
  declared?: number;
  /** Body bytes Chromium received (CDP Network.dataReceived). */
  received: number;
  /** How the load ended: 'finished', or the failure's error text. */
  end?: string;
  /** Failed `net::ERR_ABORTED` with the DevTools protocol's `canceled` flag. */
  canceled?: boolean;
  /** The page aborted it through the AbortSignal it gave fetch. */
  abortedByPage?: boolean;
}

export interface DemoPages {
  /** The file's Chromium, once its `before` has run. */
  readonly browser: Browser;
  /** The running test's demo server. */
  readonly demo: RunningDemo;
  /** A fresh watched page (see watchedPage) in the file's Chromium. */
  page(): Promise<Watched>;
  /** Goes to `path` on the running test's demo server, which must answer it with a 200. */
  open(w: Watched, path: string): Promise<Response>;
}

/**
 * Registers, at the top of a test file, Chromium launched before its tests and closed after, and
 * a demo server (demo/server.ts: the built files, the proxy, the embedded mock) started before
 * each test and closed after it: a mock of REVER per test, so every return starts from the seed.
 */
export function demoPages(): DemoPages {
  let browser: Browser | undefined;
  let demo: RunningDemo | undefined;
  before(async () => {
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
  });
  beforeEach(async () => {
    demo = await startDemoServer();
  });
  afterEach(async () => {
    await demo?.close();
  });
  const pages: DemoPages = {
    get browser() {
      assert.ok(browser, 'Chromium is launched in the before hook');
      return browser;
    },
    get demo() {
      assert.ok(demo, 'the demo server is started in the beforeEach hook');
      return demo;
    },
    page: () => watchedPage(pages.browser),
    async open(w, path) {
      const response = await w.page.goto(`${pages.demo.url}${path}`);
      assert.ok(response, path);
      assert.equal(response.status(), 200, path);
      return response;
    },
  };
  return pages;
}

/** The widget on a page: the one `<rever-returns>`. */
export const widgetOf = (w: Watched): Locator => w.page.locator('rever-returns');

/**
 * Nothing went wrong on the page: no console error, no CSP or Trusted Types violation, and no
 * answer from the proxy lost on the way.
 */
export function assertClean(w: Watched): void {
  assert.deepEqual(w.errors, [], 'console errors');
  assert.deepEqual(w.violations, [], 'CSP or Trusted Types violations');
  assert.deepEqual(undelivered(w), [], 'answers lost on the way');
}

/** A fresh page whose console, exceptions and CSP violations are all recorded. */
export async function watchedPage(browser: Browser): Promise<Watched> {
  const context = await browser.newContext({ viewport: { width: 1000, height: 900 } });
  const page = await context.newPage();
  const errors: string[] = [];
  // Proxy requests that failed `net::ERR_ABORTED`, judged when the errors are read: by then the
  // page has said (through __pageAborted, below) which of them it aborted itself.
  const aborted: ReverRequest[] = [];
  // How many times the page aborted each `METHOD url`, not yet matched with a failed load.
  const pageAborts = new Map<string, number>();
  const judgeAborts = () => {
    for (const entry of aborted.splice(0)) {
      // Judged now rather than at the failure: the last Network.dataReceived may come after it.
      const drained =
        entry.canceled === true &&
        entry.status !== undefined &&
        entry.declared !== undefined &&
        entry.received === entry.declared;
      if (drained) continue;
      const key = `${entry.method} ${entry.url}`;
      const count = pageAborts.get(key) ?? 0;
      if (count > 0) {
        pageAborts.set(key, count - 1);
        entry.abortedByPage = true;
      } else {
        errors.push(`request failed: ${entry.url} ${entry.end}`);
      }
    }
  };
  const watched: Watched = {
    page,
    get errors() {
      judgeAborts();
      return [...errors];
    },
    warnings: [],
    violations: [],
    rever: [],
  };
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
    if (message.type() === 'warning') watched.warnings.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(`uncaught: ${error.message}`));
  // Requests to the proxy are judged below, from the DevTools protocol; any other is as before.
  page.on('requestfailed', (request) => {
    if (!request.url().includes('/rever/')) {
      errors.push(`request failed: ${request.url()} ${request.failure()?.errorText}`);
    }
  });
  // Failed requests, from the DevTools protocol for what Playwright's `requestfailed` leaves out:
  // whether the page's side cancelled the load (`canceled`) and how much of the answer had come.
  //
  // Since the client reads answers through a stream reader capped at 2 MB (readText in
  // src/services/client.ts), Chromium at random ends a fetch `net::ERR_ABORTED` with `canceled`
  // AFTER the page has read the whole body: every byte of the content-length received, the reader
  // at `done`, the answer used. The page aborts nothing (no AbortController.abort() and no stream
  // cancel() on those requests, traced in the page), and with response.text() in place of the
  // reader it never happens (0 of 88 requests in 8 whole returns, against 11 of 88). That one case
  // loses nothing and is not counted; every other failed request still is, and undelivered()
  // lists every answer that did not arrive whole.
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  const loads = new Map<string, ReverRequest>();
  cdp.on('Network.requestWillBeSent', (event) => {
    if (!event.request.url.includes('/rever/')) return;
    const entry: ReverRequest = {
      method: event.request.method,
      url: event.request.url,
      received: 0,
    };
    loads.set(event.requestId, entry);
    watched.rever.push(entry);
  });
  cdp.on('Network.responseReceived', (event) => {
    const entry = loads.get(event.requestId);
    if (!entry) return;
    entry.status = event.response.status;
    const length = Object.entries(event.response.headers).find(
      ([name]) => name.toLowerCase() === 'content-length',
    )?.[1];
    if (length !== undefined) entry.declared = Number(length);
  });
  cdp.on('Network.dataReceived', (event) => {
    const entry = loads.get(event.requestId);
    if (entry) entry.received += event.dataLength;
  });
  cdp.on('Network.loadingFinished', (event) => {
    const entry = loads.get(event.requestId);
    if (entry) entry.end = 'finished';
  });
  cdp.on('Network.loadingFailed', (event) => {
    const entry = loads.get(event.requestId);
    if (!entry) return;
    entry.end = event.errorText;
    if (event.errorText === 'net::ERR_ABORTED') {
      entry.canceled = event.canceled === true;
      aborted.push(entry);
    } else {
      errors.push(`request failed: ${entry.url} ${event.errorText}`);
    }
  });
  await page.exposeFunction('__reportViolation', (line: string) => watched.violations.push(line));
  await page.exposeFunction('__pageAborted', (key: string) => {
    pageAborts.set(key, (pageAborts.get(key) ?? 0) + 1);
  });
  // Every fetch to the proxy whose AbortSignal fires is reported, with its method and URL, so
  // that the failed load it causes is known for the page's own decision.
  // A string, not a function: tsx would wrap the function's named constants in its `__name`
  // helper, which the page does not have.
  await page.addInitScript(`{
    const fetch = window.fetch.bind(window);
    window.fetch = (input, init) => {
      const request = input instanceof Request ? input : undefined;
      const url = new URL(request ? request.url : String(input), location.href).href;
      const method = ((init && init.method) || (request && request.method) || 'GET').toUpperCase();
      const signal = (init && init.signal) || (request && request.signal);
      if (url.includes('/rever/') && signal && !signal.aborted) {
        signal.addEventListener('abort', () => window.__pageAborted(method + ' ' + url), {
          once: true,
        });
      }
      return fetch(input, init);
    };
  }`);
  // Runs before the page's own scripts; added through the DevTools protocol, so the page's CSP
  // does not apply to it, and it touches no Trusted Types sink.
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      const target = window as unknown as { __reportViolation: (line: string) => void };
      target.__reportViolation(
        `${event.effectiveDirective} blocked ${event.blockedURI} ${event.sample}`,
      );
    });
  });
  return watched;
}

/** Polls until `check` holds, or fails with `what`. */
export async function until(
  check: () => boolean | Promise<boolean>,
  what: string,
  timeout = 10_000,
) {
  const end = Date.now() + timeout;
  for (;;) {
    if (await check()) return;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export interface Shot {
  (step: string): Promise<void>;
}

/** Saves full-page screenshots to test-results/e2e/<name>/<nn>-<step>.png. */
export function screenshots(page: Page, name: string): Shot {
  const dir = join(SCREENSHOTS, name);
  mkdirSync(dir, { recursive: true });
  let n = 0;
  return async (step) => {
    n += 1;
    await page.screenshot({
      path: join(dir, `${String(n).padStart(2, '0')}-${step}.png`),
      fullPage: true,
    });
  };
}

/** The widget's heading for a step, found through its shadow roots (Playwright pierces them). */
export const heading = (widget: Locator, name: string): Locator =>
  widget.getByRole('heading', { name, exact: true });

/** Fills in the lookup step with an order's email and number, and asks for the order. */
export async function findOrder(widget: Locator, email: string, number: string): Promise<void> {
  await widget.getByLabel('Email address').fill(email);
  await widget.getByLabel('Order number', { exact: true }).fill(number);
  await widget.getByRole('button', { name: 'Find my order' }).click();
}

/** Waits until the refund step has saved the choice just made (its status says nothing). */
export async function choiceSaved(widget: Locator): Promise<void> {
  const status = widget.locator('rever-resolution-picker [role="status"]');
  await until(async () => ((await status.textContent()) ?? '').trim() === '', 'the choice saved');
}

/**
 * On from a lookup to the items: an order that already has returns shows them first (issue 13,
 * item 9), with "Return more items"; an order without goes straight to its items.
 */
export async function toItems(widget: Locator, shot?: Shot): Promise<void> {
  const items = heading(widget, 'Choose the items to return');
  const more = widget.getByRole('button', { name: 'Return more items', exact: true });
  await items.or(more).waitFor();
  if (await more.isVisible()) {
    // As a shopper does, read the returns before going on: their list loaded, nothing left pending.
    const status = widget.locator('rever-active-returns [role="status"]');
    await until(async () => ((await status.textContent()) ?? '').trim() === '', 'returns listed');
    await shot?.('returns');
    await more.click();
  }
  await items.waitFor();
}

/**
 * A whole return for order 1001 (ana.garcia@example.com), as a shopper does it: find the order,
 * see its returns (one completed, one under way) and choose to return more, pick the jacket
 * (too big, exchanged for M / Black) and the sneakers (changed my mind, refunded to the card),
 * continue, review, confirm, and see the active returns.
 */
export async function completeReturn(page: Page, widget: Locator, shot: Shot): Promise<void> {
  await heading(widget, 'Find your order').waitFor();
  await shot('lookup');
  await widget.getByLabel('Email address').fill('ana.garcia@example.com');
  await widget.getByLabel('Order number', { exact: true }).fill('1001');
  await shot('lookup-filled');
  await widget.getByRole('button', { name: 'Find my order' }).click();

  // The order's returns first: the one under way among the active, the completed one past.
  await heading(widget, 'Your returns for order 1001').waitFor();
  const returns = widget.locator('rever-active-returns');
  await returns.getByText('Straight-leg jeans × 1').waitFor();
  await returns.getByRole('heading', { name: 'Past returns', exact: true }).waitFor();
  await shot('returns');
  await widget.getByRole('button', { name: 'Return more items', exact: true }).click();

  await heading(widget, 'Choose the items to return').waitFor();
  await shot('items');
  const picks = [
    { name: 'Quilted jacket', reason: 'Too big' },
    { name: 'Canvas sneakers', reason: 'Changed my mind' },
  ];
  for (const pick of picks) {
    const line = widget.locator('li.line').filter({ hasText: pick.name });
    await line.getByRole('checkbox').check();
    await line.getByLabel('Reason').selectOption({ label: pick.reason });
  }
  await shot('items-picked');
  await widget.getByRole('button', { name: 'Continue' }).click();

  await heading(widget, 'Refund or exchange').waitFor();
  await shot('resolution');
  const jacket = widget.locator('fieldset[data-id]').filter({ hasText: 'Quilted jacket' });
  await jacket.getByLabel('Exchange for another size or colour').check();
  await jacket.locator('label.option').filter({ hasText: 'M / Black' }).locator('input').check();
  await choiceSaved(widget);
  const sneakers = widget.locator('fieldset[data-id]').filter({ hasText: 'Canvas sneakers' });
  await sneakers.getByLabel('Refund to the original payment method').check();
  await choiceSaved(widget);
  await widget.locator('rever-credit-summary dl').waitFor();
  await shot('resolution-chosen');
  await widget.getByRole('button', { name: 'Continue' }).click();

  // Send it back: the free drop-off at the nearest point to the order's postcode.
  await heading(widget, 'Send it back').waitFor();
  await widget.getByLabel(/Drop-off point/).check();
  await widget.locator('input[name$="-point"]').first().check();
  await shot('send-it-back');
  await widget.getByRole('button', { name: 'Continue' }).click();

  await heading(widget, 'Review your return').waitFor();
  await shot('review');
  await widget.getByRole('button', { name: 'Confirm return' }).click();

  await heading(widget, 'Your return is confirmed').waitFor();
  await widget.locator('rever-active-returns .returns').first().waitFor();
  // The new return is among the active ones, with both items.
  const active = widget.locator('rever-active-returns');
  await active.getByText('Quilted jacket × 1').waitFor();
  await active.getByText('Canvas sneakers × 1').waitFor();
  await shot('done');
}

/**
 * Nothing the shopper needed was lost on the way: every request to the proxy was answered with a
 * success, and every answer arrived whole (as many body bytes as its content-length).
 */
export function undelivered(w: Watched): string[] {
  void w.errors; // judges the aborted requests (see watchedPage)
  return w.rever
    .filter(
      (r) =>
        !r.abortedByPage &&
        (r.status === undefined ||
          r.status >= 400 ||
          r.declared === undefined ||
          r.received !== r.declared),
    )
    .map(
      (r) =>
        `${r.method} ${r.url}: status ${r.status}, ${r.received}/${r.declared} bytes, ${r.end}`,
    );
}

/**
 * The browser's Back and Forward through the steps (issue 13, item 8): order 1001 found (its
 * returns shown first, then "Return more items"), the jacket picked and continued to "Refund or
 * exchange"; then Back to the items (the pick kept), Back to the returns, Back to the lookup, and
 * Forward through them to the refund step again. The page's URL (its hash and query) stays as it
 * was, and no write is sent twice.
 */
export async function backAndForward(
  page: Page,
  widget: Locator,
  requests: { method: string }[],
): Promise<void> {
  await heading(widget, 'Find your order').waitFor();
  const url = page.url();
  await findOrder(widget, 'ana.garcia@example.com', '1001');
  await itemsOf1001(widget);
  const jacket = widget.locator('li.line').filter({ hasText: 'Quilted jacket' });
  await jacket.getByRole('checkbox').check();
  await jacket.getByLabel('Reason').selectOption({ label: 'Too big' });
  await widget.getByRole('button', { name: 'Continue' }).click();
  await heading(widget, 'Refund or exchange').waitFor();
  const writes = () => requests.filter((r) => r.method !== 'GET').length;
  const sent = writes();

  const returns = heading(widget, 'Your returns for order 1001');
  await page.goBack();
  await heading(widget, 'Choose the items to return').waitFor();
  assert.equal(await jacket.getByRole('checkbox').isChecked(), true, 'the pick is kept');
  await page.goBack();
  await returns.waitFor();
  await page.goBack();
  await heading(widget, 'Find your order').waitFor();
  await page.goForward();
  await returns.waitFor();
  await page.goForward();
  await heading(widget, 'Choose the items to return').waitFor();
  await page.goForward();
  await heading(widget, 'Refund or exchange').waitFor();
  assert.equal(page.url(), url, 'the URL is untouched');
  assert.equal(writes(), sent, 'no write sent again');
}

/** Order 1001's items step, once found: its returns first, then "Return more items". */
async function itemsOf1001(widget: Locator): Promise<void> {
  await heading(widget, 'Your returns for order 1001').waitFor();
  await widget.getByRole('button', { name: 'Return more items', exact: true }).click();
  await heading(widget, 'Choose the items to return').waitFor();
}
