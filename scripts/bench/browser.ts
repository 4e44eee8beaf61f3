/**
 * The browser figures, in one headless Chromium run (playwright-core driving Debian's Chromium;
 * no browser download), against the built IIFE on pages under a strict CSP (pages.ts), talking to
 * the reference proxy in front of the embedded mock over loopback:
 * - start: navigation to an interactive lookup form, the widget's page against the same page
 *   with the form in plain HTML, alternated, medians;
 * - big order: the 250-line order (4004), first render of the picker and a line's toggle;
 * - requests: a complete two-item return (order 1001), every request to the proxy counted, with
 *   the IIFE and again with the ES build.
 */
import { chromium, type Browser, type Page } from 'playwright-core';
import { browserPath } from '../executables.ts';
import { matchOperation, type OperationId } from '../../contract/index.ts';
import { startPages } from './pages.ts';

export const median = (xs: number[]) => quantile(xs, 0.5);
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
  /** Where the IIFE page's time goes (ms per load, mean of 3 traced loads not in the medians). */
  iifeProfile: Record<string, number>;
  /** Navigation start to the plain form laid out (ms, median). */
  plainMs: number;
  iife: StartTimes;
  es: StartTimes;
}

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

export interface RequestFigures {
  byOperation: Partial<Record<OperationId, number>>;
  minimum: Partial<Record<OperationId, number>>;
  total: number;
  minimumTotal: number;
  /** The same method and URL asked twice (reads) or an operation beyond its minimum. */
  duplicates: string[];
  preflights: number;
  other: string[];
}

export interface BrowserFigures {
  chromium: string;
  start: StartFigures;
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
  opts: { startRuns?: number; renderRuns?: number; toggles?: number } = {},
): Promise<BrowserFigures> {
  const pages = await startPages(cdnDir, proxyUrl);
  const browser = await chromium.launch({ executablePath: browserPath(), args: ARGS });
  const pageErrors: string[] = [];
  try {
    const start = await measureStart(browser, pages.url, opts.startRuns ?? 21, pageErrors);
    const bigOrder = await measureBigOrder(
      browser,
      pages.url,
      opts.renderRuns ?? 5,
      opts.toggles ?? 40,
      pageErrors,
    );
    const requests = await measureRequests(browser, pages.url, proxyUrl, pageErrors, 'iife');
    // The same return with the ES build: its chunks load on the way, under the same policy.
    const requestsEs = await measureRequests(browser, pages.url, proxyUrl, pageErrors, 'es');
    return { chromium: browser.version(), start, bigOrder, requests, requestsEs, pageErrors };
  } finally {
    await browser.close();
    await pages.close();
  }
}

async function newPage(browser: Browser, errors: string[]): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1024, height: 768 } });
  const page = await context.newPage();
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    // The widget's own developer warnings are expected; errors (CSP, TT) are not.
    if (m.type() === 'error') errors.push(m.text());
  });
  return page;
}

async function measureStart(
  browser: Browser,
  base: string,
  runs: number,
  errors: string[],
): Promise<StartFigures> {
  const times = { plain: [] as number[], iife: [] as number[], es: [] as number[] };
  const script = { iife: [] as number[], es: [] as number[] };
  // One warm-up of each, then in turn, each load in a fresh context (no cache, no storage).
  for (let i = -1; i < runs; i++) {
    for (const kind of ['plain', 'iife', 'es'] as const) {
      const page = await newPage(browser, errors);
      await page.goto(`${base}/${kind === 'plain' ? 'plain' : `widget-${kind}`}.html`);
      const t = await page.waitForFunction(
        () => (window as unknown as { __bench?: Record<string, number> }).__bench?.interactive,
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
  // Each widget load is divided by the plain load just before it, so both met the same load on
  // the machine; the ratio reported is the median of those.
  const of = (kind: 'iife' | 'es'): StartTimes => ({
    ms: median(times[kind]),
    ratio: median(times[kind].map((t, i) => t / times.plain[i]!)),
    scriptMs: median(script[kind]),
  });
  return {
    runs,
    plainMs,
    iife: of('iife'),
    es: of('es'),
    iifeProfile: await profileStart(browser, base, errors),
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
): Promise<Record<string, number>> {
  const sums: Record<string, number> = {};
  const loads = 3;
  for (let i = 0; i < loads; i++) {
    const page = await newPage(browser, errors);
    await browser.startTracing(page, { categories: ['devtools.timeline'] });
    await page.goto(`${base}/widget-iife.html`);
    await page.waitForFunction(
      () => (window as unknown as { __bench?: Record<string, number> }).__bench?.interactive,
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

/** Looks up an order in the widget's form, as a shopper does, and waits for the items. */
async function lookUp(page: Page, email: string, number: string): Promise<void> {
  await page.locator('rever-order-lookup #email').fill(email);
  await page.locator('rever-order-lookup #orderNumber').fill(number);
  await page.locator('rever-order-lookup button[type="submit"]').click();
  await page.locator('rever-line-item-picker .line').first().waitFor();
}

async function measureBigOrder(
  browser: Browser,
  base: string,
  renderRuns: number,
  toggles: number,
  errors: string[],
): Promise<BigOrderFigures> {
  const page = await newPage(browser, errors);
  await page.goto(`${base}/widget-iife.html`);
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

/** The fewest calls a complete return of two refunded lines can make under the contract. */
const MINIMUM_TWO_ITEMS: Partial<Record<OperationId, number>> = {
  startReturnIntent: 1,
  getReturnReasons: 1,
  addReturnLineItem: 2,
  getRefundOptions: 1,
  // Whether a line can be exchanged is only known per line (line_item_id is required).
  getExchangeOptions: 2,
  saveClientPreferences: 2,
  confirmReturn: 1,
  getActiveReturns: 1,
};

/** The two-item returns made (order, and the lines with a reason each), one per bundle. */
const RETURNS = {
  iife: {
    email: 'ana.garcia@example.com',
    number: '1001',
    picks: [
      ['Canvas sneakers', 'Changed my mind'],
      ['Quilted jacket', 'Too big'],
    ],
  },
  es: {
    email: 'kenji.sato@example.jp',
    number: '2002',
    picks: [
      ['リネンシャツ', 'Too small'],
      ['デニムジャケット', 'Not as described'],
    ],
  },
} as const;

async function measureRequests(
  browser: Browser,
  base: string,
  proxyUrl: string,
  errors: string[],
  bundle: 'iife' | 'es',
): Promise<RequestFigures> {
  const page = await newPage(browser, errors);
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
  const { email, number, picks } = RETURNS[bundle];
  await page.goto(`${base}/widget-${bundle}.html`);
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
  await page.locator('rever-return-review form button').click();
  await page.locator('rever-active-returns .returns').waitFor();
  await page.context().close();

  const byOperation: Partial<Record<OperationId, number>> = {};
  const urls = new Map<string, number>();
  const other: string[] = [];
  for (const r of seen) {
    if (!r.op) {
      other.push(`${r.method} ${r.url}`);
      continue;
    }
    byOperation[r.op] = (byOperation[r.op] ?? 0) + 1;
    if (r.method === 'GET') urls.set(r.url, (urls.get(r.url) ?? 0) + 1);
  }
  const duplicates = [
    ...[...urls].filter(([, n]) => n > 1).map(([url, n]) => `GET ${url} ×${n}`),
    ...Object.entries(byOperation)
      .filter(([op, n]) => n > (MINIMUM_TWO_ITEMS[op as OperationId] ?? 0))
      .map(([op, n]) => `${op}: ${n} (minimum ${MINIMUM_TWO_ITEMS[op as OperationId] ?? 0})`),
  ];
  const sum = (r: Partial<Record<string, number>>) =>
    Object.values(r).reduce((a: number, b) => a + (b ?? 0), 0);
  return {
    byOperation,
    minimum: MINIMUM_TWO_ITEMS,
    total: sum(byOperation),
    minimumTotal: sum(MINIMUM_TWO_ITEMS),
    duplicates,
    preflights,
    other,
  };
}
