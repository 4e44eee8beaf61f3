/**
 * The browser figures, in one headless Chromium run (playwright-core driving Debian's Chromium;
 * no browser download), against the built bundles on pages under a strict CSP (pages.ts), talking
 * to the reference proxy in front of the embedded mock over loopback:
 * - start: navigation to an interactive lookup form, the widget's page against the same page
 *   with the form in plain HTML, alternated, medians; on this machine as it is, and again as a
 *   phone (CPU 4× slower, slow 4G), for the script tag (the loader), the ES module and the
 *   standalone IIFE;
 * - big order: the 250-line order (4004), first render of the picker and a line's toggle;
 * - requests: a complete two-item return (order 1001), every request to the proxy counted, and
 *   every byte of code fetched on the way, with the script tag and again with the ES build.
 */
import { gzipSync } from 'node:zlib';
import { chromium, type Browser, type Page } from 'playwright-core';
import { browserPath } from '../executables.ts';
import { matchOperation, type OperationId } from '../../contract/index.ts';
import { startPages, type Load } from './pages.ts';

export const median = (xs: number[]) => quantile(xs, 0.5);
/** The lowest and the highest. */
export const range = (xs: number[]): [number, number] => [Math.min(...xs), Math.max(...xs)];
/** The q-quantile, interpolated between the two nearest ranks. */
export function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  if (!s.length) return NaN;
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, s.length - 1);
  return s[lo]! + (s[hi]! - s[lo]!) * (pos - lo);
}

export interface StartTimes {
  /** Navigation start to the form laid out (ms, median). */
  ms: number;
  /** ÷ the plain form's: the median of each load ÷ the plain load just before it. */
  ratio: number;
  /** The widget's own share: its script tag reached to its form laid out (ms, median). */
  scriptMs: number;
}

export interface StartFigures {
  runs: number;
  /** Where the script-tag page's time goes (ms per load, mean of 3 traced loads, not in the medians). */
  profile: Record<string, number>;
  /** Navigation start to the plain form laid out (ms, median). */
  plainMs: number;
  loader: StartTimes;
  /** The loader with `<link rel="modulepreload">` of the ES build beside its tag. */
  preload: StartTimes;
  es: StartTimes;
  standalone: StartTimes;
}

/** A phone, as Chromium emulates one: what `measureStart` applies to each page when asked. */
export const PHONE = {
  cpuSlowdown: 4,
  /** Slow 4G: round trip (ms), down and up (bytes per second). */
  latencyMs: 150,
  downBytesPerS: 1_600_000 / 8,
  upBytesPerS: 750_000 / 8,
  viewport: { width: 390, height: 844 },
} as const;

export interface BigOrderFigures {
  lines: number;
  renderRuns: number[];
  renderMedianMs: number;
  toggleMedianMs: number;
  toggleP95Ms: number;
  toggles: number;
  /** Every line's image lazy and sized; the layout shift seen while the list renders and loads. */
  imagesLazyAndSized: boolean;
  images: number;
  layoutShift: number;
}

/** The code a page fetched (pages.ts's /cdn/ folder): each file and its size, in fetch order. */
export interface CodeBytes {
  files: { file: string; gzip: number; wire: number }[];
  /** gzip -9 of each file's body, summed: deterministic, what the ceiling checks. */
  gzip: number;
  /** Bytes on the wire as Chromium counted them (gzip-encoded bodies and headers). */
  wire: number;
}

export interface RequestFigures {
  byOperation: Partial<Record<OperationId, number>>;
  minimum: Partial<Record<OperationId, number>>;
  total: number;
  minimumTotal: number;
  /** The same method and URL asked twice (reads) or an operation beyond its minimum. */
  duplicates: string[];
  preflights: number;
  other: string[];
  /** The code fetched from the page's opening to the confirmed return's list and its QR code. */
  code: CodeBytes;
  /** From the click on confirm to the QR code on screen, at its full size (ms, one run). */
  confirmToCodeMs: number;
}

export interface BrowserFigures {
  chromium: string;
  start: StartFigures;
  /** The same, as a phone (PHONE). */
  startPhone: StartFigures;
  bigOrder: BigOrderFigures;
  requests: RequestFigures;
  requestsEs: RequestFigures;
  /** Errors the pages logged (a CSP or Trusted Types violation would show here). */
  pageErrors: string[];
}

const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'];

export async function runBrowserBench(
  cdnDir: string,
  proxyUrl: string,
  opts: { startRuns?: number; phoneRuns?: number; renderRuns?: number; toggles?: number } = {},
): Promise<BrowserFigures> {
  const pages = await startPages(cdnDir, proxyUrl);
  const browser = await chromium.launch({ executablePath: browserPath(), args: ARGS });
  const pageErrors: string[] = [];
  try {
    const start = await measureStart(browser, pages.url, opts.startRuns ?? 21, pageErrors);
    const startPhone = await measureStart(
      browser,
      pages.url,
      opts.phoneRuns ?? 11,
      pageErrors,
      true,
    );
    const bigOrder = await measureBigOrder(
      browser,
      pages.url,
      opts.renderRuns ?? 5,
      opts.toggles ?? 40,
      pageErrors,
    );
    const requests = await measureRequests(browser, pages.url, proxyUrl, pageErrors, 'loader');
    // The same return with the ES build: its chunks load on the way, under the same policy.
    const requestsEs = await measureRequests(browser, pages.url, proxyUrl, pageErrors, 'es');
    return {
      chromium: browser.version(),
      start,
      startPhone,
      bigOrder,
      requests,
      requestsEs,
      pageErrors,
    };
  } finally {
    await browser.close();
    await pages.close();
  }
}

/** The big order alone (`npm run bench -- --only big-order`): the measurement the browser part makes. */
export async function runBigOrderBench(
  cdnDir: string,
  proxyUrl: string,
  opts: { renderRuns?: number; toggles?: number } = {},
): Promise<BigOrderFigures & { pageErrors: string[] }> {
  const pages = await startPages(cdnDir, proxyUrl);
  const browser = await chromium.launch({ executablePath: browserPath(), args: ARGS });
  const pageErrors: string[] = [];
  try {
    const figures = await measureBigOrder(
      browser,
      pages.url,
      opts.renderRuns ?? 5,
      opts.toggles ?? 40,
      pageErrors,
    );
    return { ...figures, pageErrors };
  } finally {
    await browser.close();
    await pages.close();
  }
}

export async function newPage(browser: Browser, errors: string[], phone = false): Promise<Page> {
  const context = await browser.newContext(
    phone
      ? { viewport: PHONE.viewport, isMobile: true, hasTouch: true, deviceScaleFactor: 3 }
      : { viewport: { width: 1024, height: 768 } },
  );
  const page = await context.newPage();
  if (phone) {
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: PHONE.cpuSlowdown });
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: PHONE.latencyMs,
      downloadThroughput: PHONE.downBytesPerS,
      uploadThroughput: PHONE.upBytesPerS,
    });
  }
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    // The widget's own developer warnings are expected; errors (CSP, TT) are not.
    if (m.type() === 'error') errors.push(m.text());
  });
  return page;
}

const WIDGETS = ['loader', 'preload', 'es', 'standalone'] as const satisfies readonly Load[];

export async function measureStart(
  browser: Browser,
  base: string,
  runs: number,
  errors: string[],
  phone = false,
): Promise<StartFigures> {
  const times = {
    plain: [] as number[],
    loader: [] as number[],
    preload: [] as number[],
    es: [] as number[],
    standalone: [] as number[],
  };
  const script = {
    loader: [] as number[],
    preload: [] as number[],
    es: [] as number[],
    standalone: [] as number[],
  };
  // One warm-up of each, then in turn, each load in a fresh context (no cache, no storage).
  for (let i = -1; i < runs; i++) {
    for (const kind of ['plain', ...WIDGETS] as const) {
      const page = await newPage(browser, errors, phone);
      await page.goto(`${base}/${kind === 'plain' ? 'plain.html' : `widget.html?load=${kind}`}`);
      const t = await page.waitForFunction(
        () => (window as unknown as { __bench?: Record<string, number> }).__bench?.interactive,
        undefined,
        { timeout: 60_000 },
      );
      const bench = await page.evaluate(
        () => (window as unknown as { __bench: Record<string, number> }).__bench,
      );
      await t.dispose();
      await page.context().close();
      if (i < 0) continue;
      times[kind].push(bench['interactive']!);
      if (kind !== 'plain') script[kind].push(bench['interactive']! - bench['scriptStart']!);
    }
  }
  const plainMs = median(times.plain);
  // Each widget load is divided by the plain load just before it in the same round, so both met
  // the same load on the machine; the ratio reported is the median of those.
  const of = (kind: (typeof WIDGETS)[number]): StartTimes => ({
    ms: median(times[kind]),
    ratio: median(times[kind].map((t, i) => t / times.plain[i]!)),
    scriptMs: median(script[kind]),
  });
  return {
    runs,
    plainMs,
    loader: of('loader'),
    preload: of('preload'),
    es: of('es'),
    standalone: of('standalone'),
    profile: await profileStart(browser, base, errors, phone),
  };
}

/**
 * Trace events summed per load: parse, run, style, layout. Only the timeline category: V8's own
 * categories slow the page down severalfold.
 */
const PROFILED: Record<string, string> = {
  'v8.parseOnBackground': 'parse (off the main thread)',
  // The microtasks after a script (Lit's first render here) run inside its EvaluateScript.
  EvaluateScript: 'run the scripts, first render included',
  FunctionCall: 'other callbacks',
  UpdateLayoutTree: 'style',
  Layout: 'layout',
};

async function profileStart(
  browser: Browser,
  base: string,
  errors: string[],
  phone: boolean,
): Promise<Record<string, number>> {
  const sums: Record<string, number> = {};
  const loads = 3;
  for (let i = 0; i < loads; i++) {
    const page = await newPage(browser, errors, phone);
    await browser.startTracing(page, { categories: ['devtools.timeline'] });
    await page.goto(`${base}/widget.html?load=loader`);
    await page.waitForFunction(
      () => (window as unknown as { __bench?: Record<string, number> }).__bench?.interactive,
      undefined,
      { timeout: 60_000 },
    );
    const trace = JSON.parse((await browser.stopTracing()).toString()) as {
      traceEvents: { name: string; ph: string; dur?: number }[];
    };
    for (const e of trace.traceEvents) {
      const name = PROFILED[e.name];
      if (name && e.ph === 'X' && e.dur) sums[name] = (sums[name] ?? 0) + e.dur / 1000 / loads;
    }
    await page.context().close();
  }
  return sums;
}

/**
 * Looks up an order in the widget's form, as a shopper does, and waits for the items: an order
 * that already has returns shows them first, and "Return more items" leads on.
 */
async function lookUp(page: Page, email: string, number: string): Promise<void> {
  await page.locator('rever-order-lookup #email').fill(email);
  await page.locator('rever-order-lookup #orderNumber').fill(number);
  await page.locator('rever-order-lookup button[type="submit"]').click();
  const items = page.locator('rever-line-item-picker .line').first();
  const more = page.locator('rever-active-returns button.more');
  await items.or(more).waitFor();
  // Its returns read, the view either waits for "Return more items" or, when REVER lists none
  // (4004 counts returned units but has no return), steps on to the items by itself.
  const status = page.locator('rever-active-returns [role="status"]');
  while (!(await items.isVisible())) {
    const pending = await status.textContent({ timeout: 1_000 }).catch(() => 'gone');
    const listed = (await more.isVisible()) && !pending?.trim();
    if (listed) await more.click({ timeout: 2_000 }).catch(() => undefined);
    else await page.waitForTimeout(20);
  }
}

async function measureBigOrder(
  browser: Browser,
  base: string,
  renderRuns: number,
  toggles: number,
  errors: string[],
): Promise<BigOrderFigures> {
  const page = await newPage(browser, errors);
  await page.goto(`${base}/widget.html?load=loader`);
  await lookUp(page, 'bulk.buyer@example.com', '4004');
  // The draft is in sessionStorage now: each new <rever-returns> restores it straight into the
  // items step, so what is timed is the picker's first render of the whole order.
  const runs: number[] = [];
  for (let i = 0; i < renderRuns; i++) {
    runs.push(
      await page.evaluate(async () => {
        const old = document.querySelector('rever-returns')!;
        const proxy = old.getAttribute('proxy-url') ?? '';
        old.remove();
        await new Promise((r) => setTimeout(r, 50));
        const el = document.createElement('rever-returns') as HTMLElement & {
          updateComplete: Promise<boolean>;
        };
        el.setAttribute('locale', 'en');
        el.setAttribute('proxy-url', proxy);
        const t0 = performance.now();
        document.querySelector('main')!.append(el);
        await el.updateComplete;
        const picker = el.shadowRoot!.querySelector('rever-line-item-picker')!;
        picker.shadowRoot!.querySelector('.lines')!.getBoundingClientRect();
        return performance.now() - t0;
      }),
    );
  }
  // Toggling: once the reasons are in (they re-render every line once), tick and untick lines.
  await page.waitForFunction(() => {
    const picker = document
      .querySelector('rever-returns')!
      .shadowRoot!.querySelector('rever-line-item-picker');
    return picker?.shadowRoot?.querySelector('[role="status"]')?.textContent === '';
  });
  const times = await page.evaluate(async (n) => {
    const el = document.querySelector('rever-returns') as HTMLElement & {
      updateComplete: Promise<boolean>;
    };
    const root = el.shadowRoot!.querySelector('rever-line-item-picker')!.shadowRoot!;
    const boxes = [...root.querySelectorAll<HTMLInputElement>('input[data-kind="pick"]')].filter(
      (b) => !b.disabled,
    );
    const out: number[] = [];
    for (let i = 0; i < n; i++) {
      const box = boxes[(i >> 1) % boxes.length]!;
      await new Promise((r) => setTimeout(r, 16));
      const t0 = performance.now();
      box.click();
      await el.updateComplete;
      root.querySelector('.lines')!.getBoundingClientRect();
      out.push(performance.now() - t0);
    }
    return out;
  }, toggles);
  const images = await page.evaluate(async () => {
    const root = document
      .querySelector('rever-returns')!
      .shadowRoot!.querySelector('rever-line-item-picker')!.shadowRoot!;
    const imgs = [...root.querySelectorAll('img')];
    // Scroll through the list so lazy images load, and gather any layout shift meanwhile.
    let shift = 0;
    const observer = new PerformanceObserver((list) => {
      for (const entry of list.getEntries() as (PerformanceEntry & { value: number })[]) {
        shift += entry.value;
      }
    });
    observer.observe({ type: 'layout-shift' });
    for (let y = 0; y < document.documentElement.scrollHeight; y += 600) {
      window.scrollTo(0, y);
      await new Promise((r) => setTimeout(r, 30));
    }
    await new Promise((r) => setTimeout(r, 300));
    observer.disconnect();
    return {
      count: imgs.length,
      ok: imgs.every(
        (img) => img.loading === 'lazy' && img.getAttribute('width') && img.getAttribute('height'),
      ),
      shift,
    };
  });
  const lines = await page.locator('rever-line-item-picker .line').count();
  await page.context().close();
  return {
    lines,
    renderRuns: runs,
    renderMedianMs: median(runs),
    toggleMedianMs: median(times),
    toggleP95Ms: quantile(times, 0.95),
    toggles: times.length,
    imagesLazyAndSized: images.ok,
    images: images.count,
    layoutShift: images.shift,
  };
}

/**
 * The fewest calls a complete return of two refunded lines, sent back at a drop-off point, can
 * make under the contract.
 */
const MINIMUM_TWO_ITEMS: Partial<Record<OperationId, number>> = {
  startReturnIntent: 1,
  getReturnReasons: 1,
  addReturnLineItem: 2,
  getRefundOptions: 1,
  // Whether a line can be exchanged is only known per line (line_item_id is required).
  getExchangeOptions: 2,
  saveClientPreferences: 2,
  // Send it back: the methods, the points near the order's postcode, the choice.
  getReturnMethods: 1,
  getDropOffPoints: 1,
  chooseReturnMethod: 1,
  confirmReturn: 1,
  getActiveReturns: 1,
};

/**
 * The same for an order that already has returns: they are shown first (issue 13, item 9), so
 * they are read once before the return and once after it, with the new one among them.
 */
const MINIMUM_WITH_RETURNS = { ...MINIMUM_TWO_ITEMS, getActiveReturns: 2 };

/** The two-item returns made (order, and the lines with a reason each), one per bundle. */
const RETURNS = {
  loader: {
    email: 'ana.garcia@example.com',
    number: '1001',
    // A return completed, one under way: shown first.
    minimum: MINIMUM_WITH_RETURNS,
    picks: [
      ['Canvas sneakers', 'Changed my mind'],
      ['Quilted jacket', 'Too big'],
    ],
  },
  es: {
    email: 'kenji.sato@example.jp',
    number: '2002',
    // Its one return was cancelled: REVER counts no unit in a return, so the items come first.
    minimum: MINIMUM_TWO_ITEMS,
    picks: [
      ['リネンシャツ', 'Too small'],
      ['デニムジャケット', 'Not as described'],
    ],
  },
} as const;

/**
 * A complete two-item return in English, as a shopper makes it (order 1001 with the script tag,
 * 2002 with the ES build): every request to the proxy and every file of code fetched, counted.
 * Also run by test/node/bundle.test.ts, which holds the code bytes under a ceiling.
 */
export async function measureRequests(
  browser: Browser,
  base: string,
  proxyUrl: string,
  errors: string[],
  bundle: 'loader' | 'es',
): Promise<RequestFigures> {
  const page = await newPage(browser, errors);
  const code = watchCode(page, base);
  const seen: { method: string; url: string; op?: OperationId }[] = [];
  let preflights = 0;
  page.on('request', (request) => {
    if (!request.url().startsWith(proxyUrl)) return;
    if (request.method() === 'OPTIONS') return;
    const url = new URL(request.url());
    const op = matchOperation(request.method(), url.pathname)?.id;
    seen.push({ method: request.method(), url: request.url(), ...(op ? { op } : {}) });
  });
  // CORS preflights never reach page.on('request'); they are counted at the network.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  cdp.on('Network.requestWillBeSent', (e: { request: { method: string; url: string } }) => {
    if (e.request.method === 'OPTIONS' && e.request.url.startsWith(proxyUrl)) preflights++;
  });
  // Two orders, since a line in one return is no longer returnable in the next (same mock).
  const { email, number, picks, minimum } = RETURNS[bundle];
  await page.goto(`${base}/widget.html?load=${bundle}`);
  await lookUp(page, email, number);
  for (const [name, reason] of picks) {
    const line = page.locator('rever-line-item-picker li.line').filter({ hasText: name });
    await line.locator('input[data-kind="pick"]').check();
    await line.locator('select:not([disabled])').selectOption({ label: reason });
  }
  await page.locator('rever-line-item-picker button[type="submit"]').click();
  const fieldsets = page.locator('rever-resolution-picker fieldset[data-id]');
  await fieldsets.first().waitFor();
  for (const [name] of picks) {
    await fieldsets
      .filter({ hasText: name })
      .locator('input[value="ORIGINAL_PAYMENT_METHOD"]')
      .check();
    await page.waitForFunction(() => {
      const step = document
        .querySelector('rever-returns')!
        .shadowRoot!.querySelector('rever-resolution-picker');
      return step?.shadowRoot?.querySelector('[role="status"]')?.textContent === '';
    });
  }
  await page.locator('rever-resolution-picker button[type="submit"]').click();
  // Send it back: a drop-off, at the nearest point to the order's postcode.
  const shipping = page.locator('rever-return-method');
  await shipping.getByLabel(/Drop-off point/).check();
  await shipping.locator('input[name$="-point"]').first().check();
  await shipping.getByRole('button', { name: 'Continue' }).click();
  // From the click on confirm to a scannable code on screen: the QR's SVG drawn at its full
  // size (its chunk, with the encoder, loads on the way). Timed in the page, by its own clock:
  // the click's time stamp, then each frame until the code is laid out.
  // (A string: tsx would wrap named functions in a helper the page does not have.)
  await page.evaluate(`{
    const find = () => document.querySelector('rever-returns')?.shadowRoot
      ?.querySelector('rever-active-returns')?.shadowRoot
      ?.querySelector('rever-return-instructions')?.shadowRoot
      ?.querySelector('svg[part="qr-code"]');
    document.addEventListener('click', (e) => {
      window.__confirmAt = e.timeStamp;
      const frame = (now) => {
        const svg = find();
        if (svg && svg.getBoundingClientRect().width >= 200) window.__codeAt = now;
        else requestAnimationFrame(frame);
      };
      requestAnimationFrame(frame);
    }, { capture: true, once: true });
  }`);
  await page.locator('rever-return-review form button').click();
  await page.locator('rever-active-returns .returns').first().waitFor();
  await page.locator('rever-return-instructions svg[part="qr-code"]').waitFor();
  const timed = await page.waitForFunction(() => {
    const w = window as unknown as { __confirmAt?: number; __codeAt?: number };
    return w.__codeAt !== undefined && w.__confirmAt !== undefined
      ? w.__codeAt - w.__confirmAt
      : undefined;
  });
  const confirmToCodeMs = (await timed.jsonValue()) as number;
  const codeBytes = await code();
  await page.context().close();

  const byOperation: Partial<Record<OperationId, number>> = {};
  const urls = new Map<string, { op: OperationId; n: number }>();
  const other: string[] = [];
  for (const r of seen) {
    if (!r.op) {
      other.push(`${r.method} ${r.url}`);
      continue;
    }
    byOperation[r.op] = (byOperation[r.op] ?? 0) + 1;
    if (r.method === 'GET') urls.set(r.url, { op: r.op, n: (urls.get(r.url)?.n ?? 0) + 1 });
  }
  // A read asked again is a duplicate, unless the flow needs it again (the returns, after one).
  const duplicates = [
    ...[...urls]
      .filter(([, { op, n }]) => n > Math.max(1, minimum[op] ?? 0))
      .map(([url, { n }]) => `GET ${url} ×${n}`),
    ...Object.entries(byOperation)
      .filter(([op, n]) => n > (minimum[op as OperationId] ?? 0))
      .map(([op, n]) => `${op}: ${n} (minimum ${minimum[op as OperationId] ?? 0})`),
  ];
  const sum = (r: Partial<Record<string, number>>) =>
    Object.values(r).reduce((a: number, b) => a + (b ?? 0), 0);
  return {
    byOperation,
    minimum,
    total: sum(byOperation),
    minimumTotal: sum(minimum),
    duplicates,
    preflights,
    other,
    code: codeBytes,
    confirmToCodeMs,
  };
}

/**
 * Watches what code the page fetches from `/cdn/` (every file whose response arrives, whatever
 * asked for it) and, when called, answers each file's gzip -9 size and bytes on the wire.
 */
function watchCode(page: Page, base: string): () => Promise<CodeBytes> {
  const cdn = `${base}/cdn/`;
  const pending: Promise<{ file: string; gzip: number; wire: number }>[] = [];
  page.on('response', (response) => {
    const url = response.url();
    if (!url.startsWith(cdn) || response.request().method() !== 'GET') return;
    pending.push(
      (async () => {
        const body = await response.body();
        const sizes = await response.request().sizes();
        return {
          file: url.slice(cdn.length),
          gzip: gzipSync(body, { level: 9 }).length,
          wire: sizes.responseBodySize + sizes.responseHeadersSize,
        };
      })(),
    );
  });
  return async () => {
    const files = await Promise.all(pending);
    return {
      files,
      gzip: files.reduce((sum, f) => sum + f.gzip, 0),
      wire: files.reduce((sum, f) => sum + f.wire, 0),
    };
  };
}
