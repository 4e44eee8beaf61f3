/**
 * End-to-end support: Debian's Chromium driven by playwright-core (no browser download), the demo
 * server (demo/server.ts) on port 0 serving the BUILT files with their CSP headers, and a shopper
 * completing a whole return with real clicks and keystrokes, a screenshot per step.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';

export const SCREENSHOTS = join(process.cwd(), 'test-results', 'e2e');

export function launchChromium(): Promise<Browser> {
  const executablePath =
    process.env.CHROME_PATH ?? ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find(existsSync);
  if (!executablePath) {
    throw new Error(
      'No Chromium found. Install it (apt-get install -y chromium) or set CHROME_PATH.',
    );
  }
  return chromium.launch({
    executablePath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
  });
}

export interface Watched {
  page: Page;
  /** Console errors, uncaught exceptions and failed requests, as text. */
  errors: string[];
  warnings: string[];
  /** `securitypolicyviolation` events, from anywhere in the page (they are composed). */
  violations: string[];
}

/** A fresh page whose console, exceptions and CSP violations are all recorded. */
export async function watchedPage(browser: Browser): Promise<Watched> {
  const context = await browser.newContext({ viewport: { width: 1000, height: 900 } });
  const page = await context.newPage();
  const watched: Watched = { page, errors: [], warnings: [], violations: [] };
  page.on('console', (message) => {
    if (message.type() === 'error') watched.errors.push(message.text());
    if (message.type() === 'warning') watched.warnings.push(message.text());
  });
  page.on('pageerror', (error) => watched.errors.push(`uncaught: ${error.message}`));
  page.on('requestfailed', (request) =>
    watched.errors.push(`request failed: ${request.url()} ${request.failure()?.errorText}`),
  );
  await page.exposeFunction('__reportViolation', (line: string) => watched.violations.push(line));
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
const heading = (widget: Locator, name: string) =>
  widget.getByRole('heading', { name, exact: true });

/**
 * A whole return for order 1001 (ana.garcia@example.com), as a shopper does it: find the order,
 * pick the jacket (too big, exchanged for M / Black) and the sneakers (changed my mind, refunded
 * to the card), continue, review, confirm, and see the active returns.
 */
export async function completeReturn(page: Page, widget: Locator, shot: Shot): Promise<void> {
  await heading(widget, 'Find your order').waitFor();
  await shot('lookup');
  await widget.getByLabel('Email address').fill('ana.garcia@example.com');
  await widget.getByLabel('Order number', { exact: true }).fill('1001');
  await shot('lookup-filled');
  await widget.getByRole('button', { name: 'Find my order' }).click();

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
  const status = widget.locator('rever-resolution-picker [role="status"]');
  const saved = () =>
    until(async () => ((await status.textContent()) ?? '').trim() === '', 'the choice saved');
  const jacket = widget.locator('fieldset[data-id]').filter({ hasText: 'Quilted jacket' });
  await jacket.getByLabel('Exchange for another size or colour').check();
  await jacket.locator('label.option').filter({ hasText: 'M / Black' }).locator('input').check();
  await saved();
  const sneakers = widget.locator('fieldset[data-id]').filter({ hasText: 'Canvas sneakers' });
  await sneakers.getByLabel('Refund to the original payment method').check();
  await saved();
  await widget.locator('rever-credit-summary dl').waitFor();
  await shot('resolution-chosen');
  await widget.getByRole('button', { name: 'Continue' }).click();

  await heading(widget, 'Review your return').waitFor();
  await shot('review');
  await widget.getByRole('button', { name: 'Confirm return' }).click();

  await heading(widget, 'Your return is confirmed').waitFor();
  await widget.locator('rever-active-returns .returns').waitFor();
  // The new return is among the active ones, with both items.
  const active = widget.locator('rever-active-returns');
  await active.getByText('Quilted jacket × 1').waitFor();
  await active.getByText('Canvas sneakers × 1').waitFor();
  await shot('done');
}
