// What to do next with the parcel (issue 14, item 5), end to end: Debian's Chromium against the
// BUILT files, on the script-tag page under its strict CSP with Trusted Types, through the proxy
// in front of the embedded mock. A drop-off whose QR code, read back from a screenshot by a QR
// decoder, is the payload REVER sent; a pickup; a printed label; and the page printed (print
// media emulated): only the instructions and the code show. Screenshots: test-results/e2e/.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import decodeQR from '@paulmillr/qr/decode.js';
import type { Locator, Page } from 'playwright-core';
import {
  assertClean,
  choiceSaved,
  completeReturn,
  demoPages,
  findOrder,
  heading,
  screenshots,
  toItems,
  undelivered,
  widgetOf,
  type Watched,
} from './support.ts';

const demo = demoPages();

/**
 * The script-tag page, its widget, and REVER's answer to confirm as the page received it: read in
 * the page from a clone of the response its fetch handed back, not through the DevTools
 * protocol, whose copy of a body Chromium may drop once the page has read it (getResponseBody:
 * "No data found for resource", seen in CI).
 */
async function openPage(): Promise<{ w: Watched; widget: Locator; confirmed: Promise<unknown> }> {
  const w = await demo.page();
  await w.page.addInitScript(`{
    const fetch = window.fetch;
    window.fetch = (input, init) => {
      const request = input instanceof Request ? input : undefined;
      const method = ((init && init.method) || (request && request.method) || 'GET').toUpperCase();
      const url = request ? request.url : String(input);
      const answer = fetch(input, init);
      if (method === 'POST' && /\\/confirm$/.test(url)) {
        answer.then((response) => response.clone().text()).then((text) => (window.__confirmed = text));
      }
      return answer;
    };
  }`);
  const confirmed = w.page
    .waitForFunction(() => (window as unknown as { __confirmed?: string }).__confirmed, null, {
      timeout: 60_000,
    })
    .then(async (text) => JSON.parse((await text.jsonValue()) as string) as unknown);
  // Awaited by the test once it confirms; a test that fails before must not fail twice.
  confirmed.catch(() => {});
  const response = await demo.open(w, '/demo/embed/script-tag.html');
  assert.match(response.headers()['content-security-policy'] ?? '', /require-trusted-types-for/);
  return { w, widget: widgetOf(w), confirmed };
}

/**
 * A PNG's pixels, decoded by Chromium itself (an image drawn into a canvas in a blank page), as
 * the RGBA a QR decoder reads.
 */
async function pixels(png: Buffer) {
  const page = await demo.browser.newPage();
  try {
    const { width, height, data } = await page.evaluate(async (base64) => {
      const img = new Image();
      img.src = `data:image/png;base64,${base64}`;
      await img.decode();
      const canvas = document.createElement('canvas');
      canvas.width = img.naturalWidth;
      canvas.height = img.naturalHeight;
      const ctx = canvas.getContext('2d')!;
      ctx.drawImage(img, 0, 0);
      const image = ctx.getImageData(0, 0, canvas.width, canvas.height);
      return { width: image.width, height: image.height, data: Array.from(image.data) };
    }, png.toString('base64'));
    return { width, height, data: Uint8Array.from(data) };
  } finally {
    await page.close();
  }
}

/** Looks an order up, picks one line with a reason, refunds it, and reaches "Send it back". */
async function toSendItBack(widget: Locator, email: string, number: string, item: string) {
  await findOrder(widget, email, number);
  await toItems(widget);
  const line = widget.locator('li.line').filter({ hasText: item });
  await line.getByRole('checkbox').check();
  await line.getByLabel('Reason').selectOption({ label: 'Too small' });
  await widget.getByRole('button', { name: 'Continue' }).click();
  await widget.getByLabel('Refund to the original payment method').check();
  await choiceSaved(widget);
  await widget.getByRole('button', { name: 'Continue' }).click();
  await heading(widget, 'Send it back').waitFor();
}

async function confirm(widget: Locator) {
  await heading(widget, 'Review your return').waitFor();
  await widget.getByRole('button', { name: 'Confirm return' }).click();
  await heading(widget, 'Your return is confirmed').waitFor();
}

const text = async (locator: Locator) => ((await locator.textContent()) ?? '').replace(/\s+/g, ' ');

/** Whether an element takes room on the page: Playwright's visibility, through shadow roots. */
const shown = (page: Page, selector: string) => page.locator(selector).first().isVisible();

describe('send it back: the instructions after confirming', () => {
  it('a drop-off: the QR code on the screen reads back as the payload REVER sent; printed, only the instructions show', async () => {
    const { w, widget, confirmed } = await openPage();
    const shot = screenshots(w.page, 'send-it-back-drop-off');
    await completeReturn(w.page, widget, shot);
    const answer = (await confirmed) as { logistics?: { qr_code?: string; type: string } };
    const payload = answer.logistics?.qr_code;
    assert.ok(payload, 'the mock sent a QR payload for the drop-off');
    assert.equal(answer.logistics?.type, 'DROP_OFF');

    const code = widget.locator(
      'rever-active-returns rever-return-instructions svg[part="qr-code"]',
    );
    await code.waitFor();
    const box = (await code.boundingBox())!;
    assert.ok(box.width >= 200 && box.height >= 200, `${box.width}×${box.height} px`);
    assert.equal(await code.getAttribute('role'), 'img');
    assert.equal(await code.getAttribute('aria-label'), 'QR code to show at the counter');
    await shot('instructions');
    // A screenshot of the code as it is on the screen, decoded from its pixels.
    assert.equal(decodeQR(await pixels(await code.screenshot({ type: 'png' }))), payload);
    // The payload as text for the staff, and where and by when.
    const instructions = widget.locator('rever-active-returns [part="instructions"]').first();
    const words = await text(instructions);
    assert.ok(words.includes(`Code for the staff: ${payload}`), words);
    assert.match(words, /Drop-off point with Correos/);
    assert.match(words, /Take the parcel to:/);
    assert.match(words, /Send it by [A-Z][a-z]+ \d{1,2}, \d{4}\./);
    assert.equal(
      await widget.locator('rever-active-returns rever-return-instructions').count(),
      1,
      'the return just confirmed shows its instructions once',
    );

    // Printed: the page's own content (demo/embed/print.css) and every other part of the widget
    // are gone; the instructions and the code remain, and the code still reads back.
    assert.equal(await shown(w.page, 'h1'), true);
    await w.page.emulateMedia({ media: 'print' });
    assert.equal(await shown(w.page, 'h1'), false, "the page's heading");
    assert.equal(await shown(w.page, '#events'), false, "the page's event list");
    for (const selector of [
      'rever-returns .progress',
      'rever-active-returns h2',
      'rever-active-returns rever-credit-summary',
      'rever-active-returns .returns',
      'rever-active-returns section > button',
      'rever-return-instructions [part~="print-button"]',
    ]) {
      assert.equal(await shown(w.page, selector), false, selector);
    }
    assert.equal(await shown(w.page, 'rever-return-instructions [part="instructions"]'), true);
    assert.equal(await code.isVisible(), true);
    await shot('printed');
    assert.equal(decodeQR(await pixels(await code.screenshot({ type: 'png' }))), payload);
    await w.page.emulateMedia({ media: 'screen' });
    assert.equal(await shown(w.page, 'rever-active-returns h2'), true);
    assertClean(w);
    await w.page.context().close();
  });

  it('a home pickup without a label: the day, hours and address, a slot taken on the way', async () => {
    const { w, widget, confirmed } = await openPage();
    const shot = screenshots(w.page, 'send-it-back-pickup');
    await toSendItBack(widget, 'layla.alsabah@example.com', '3003', 'M / أسود');
    await widget.getByLabel(/Home pickup/).check();
    const slots = widget.locator('input[name$="-slot"]');
    await slots.first().check();
    await widget.getByRole('button', { name: 'Continue' }).click();
    // The KWD order's first slot goes the moment it is chosen: the next one, then.
    await widget.getByText('That time was just taken. Choose another.').waitFor();
    await slots.first().check();
    await widget.getByRole('button', { name: 'Continue' }).click();
    await confirm(widget);
    const answer = (await confirmed) as {
      logistics: { type: string; pickup: { date: string; from: string; to: string } };
    };
    assert.equal(answer.logistics.type, 'HOME_PICKUP');
    const instructions = widget.locator('rever-active-returns [part="instructions"]').first();
    await instructions.waitFor();
    await shot('done');
    const words = await text(instructions);
    const { pickup } = answer.logistics;
    const day = new Intl.DateTimeFormat('en', {
      weekday: 'long',
      day: 'numeric',
      month: 'long',
      timeZone: 'UTC',
    }).format(new Date(`${pickup.date}T00:00:00Z`));
    assert.ok(
      words.includes(`The courier collects it on ${day}, ${pickup.from}\u2013${pickup.to}, at:`),
      words,
    );
    assert.match(words, /Block 3, Street 14, House 7/);
    assert.match(words, /13001 Kuwait City/);
    assert.match(words, /No label needed\./);
    assert.equal(await instructions.locator('svg, a').count(), 0);
    // The slot taken was REVER's one refusal (422), said to the shopper; nothing else went wrong.
    assert.deepEqual(w.errors, [
      'Failed to load resource: the server responded with a status of 422 (Unprocessable Entity)',
    ]);
    assert.deepEqual(w.violations, []);
    const refused = w.rever.filter((r) => r.status === 422);
    assert.equal(refused.length, 1);
    assert.equal(refused[0]!.method, 'POST');
    assert.deepEqual(
      undelivered(w).filter((r) => !r.includes(': status 422,')),
      [],
      'answers lost on the way',
    );
    await w.page.context().close();
  });

  it('a printed label: a link to the PDF, https, in a new tab without an opener', async () => {
    const { w, widget, confirmed } = await openPage();
    const shot = screenshots(w.page, 'send-it-back-label');
    await toSendItBack(widget, 'ana.garcia@example.com', '1001', 'Canvas sneakers');
    await widget.getByLabel(/Home pickup/).check();
    await widget.locator('input[name$="-slot"]').first().check();
    await widget.getByRole('button', { name: 'Continue' }).click();
    await confirm(widget);
    const answer = (await confirmed) as { logistics: { label_url: string } };
    const link = widget.locator('rever-active-returns a[part="label-link"]');
    await link.waitFor();
    await shot('done');
    assert.equal((await link.textContent())?.trim(), 'Download label (PDF)');
    const href = (await link.getAttribute('href'))!;
    assert.equal(href, answer.logistics.label_url);
    assert.equal(new URL(href).protocol, 'https:');
    assert.equal(await link.getAttribute('target'), '_blank');
    assert.deepEqual((await link.getAttribute('rel'))?.split(' ').sort(), [
      'noopener',
      'noreferrer',
    ]);
    assert.equal(await widget.locator('rever-active-returns svg[part="qr-code"]').count(), 0);
    assertClean(w);
    await w.page.context().close();
  });
});
