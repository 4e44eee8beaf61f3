/**
 * The benchmark's host pages, served from memory beside the freshly built bundles, every one
 * under the strict policy the widget promises to work in:
 * `script-src 'self'; require-trusted-types-for 'script'` (no inline script anywhere here).
 * Files go gzip-compressed when the browser asks (as any CDN sends them), so a throttled network
 * carries what a shopper's would.
 *
 * `/widget.html?load=loader` is the shop page with the widget, loaded by the script tags named in
 * `load` (comma-separated, in order): `loader` (rever-returns.iife.js), `preload` (the same
 * with `<link rel="modulepreload">` of the ES build beside it), `standalone`
 * (rever-returns.standalone.iife.js) or `es` (rever-returns.js as a module). More parameters:
 * `locale` (the element's, `en` by default), `charset=windows-1252` (the page's, as a CMS may leave
 * it), `cdn=cross` (the bundles from another origin, a CDN folder, allowed by the policy),
 * `crossorigin` (the classic scripts' tags get `crossorigin="anonymous"`).
 */
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, normalize } from 'node:path';

import { gzipSync } from 'node:zlib';

/** The policy of every page; `scriptOrigin`: another origin the bundles may come from. */
export const csp = (scriptOrigin = '') =>
  `default-src 'self'; script-src 'self'${scriptOrigin ? ` ${scriptOrigin}` : ''}; ` +
  "require-trusted-types-for 'script'; object-src 'none'; base-uri 'none'; " +
  "img-src 'self' http: https: data:; style-src 'self' 'unsafe-inline'; " +
  "connect-src 'self' http://localhost:* http://127.0.0.1:*";

/** The same shop page around both forms, so only the form differs. */
const shell = (body: string, charset = 'utf-8') => `<!doctype html>
<html lang="en">
<head><meta charset="${charset}"><title>Returns</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,"><link rel="stylesheet" href="/shop.css"></head>
<body><header><strong>Example shop</strong> · Returns</header><main>
${body}
</main></body></html>`;

const SHOP_CSS = `body{font-family:system-ui,sans-serif;margin:0}header{padding:1rem;border-bottom:1px solid #ddd}
main{max-width:40rem;margin:1rem auto;padding:0 1rem}label{display:block;font-weight:600}
input{display:block;width:100%;min-height:44px;margin-bottom:1rem}`;

/** The lookup step's form in plain HTML: what the widget is compared with. */
const PLAIN_FORM = `<section><h2>Find your order</h2>
<p>Enter the email address and the order number from your order confirmation.</p>
<form><label for="email">Email address</label><input id="email" type="email" autocomplete="email">
<label for="orderNumber">Order number</label>
<span>It is in your order confirmation email, for example 1001.</span>
<input id="orderNumber" autocomplete="off"><button type="submit">Find my order</button></form></section>
<script src="/bench/plain.js"></script>`;

/** Marks when the plain form is laid out (the script runs after the form is parsed). */
const PLAIN_JS = `document.getElementById('email').getBoundingClientRect();
window.__bench = { interactive: performance.now() };`;

/**
 * Marks when the widget's script tag is reached and when its lookup form is laid out (a module
 * script runs later than its tag, after the page is parsed): on `rever-ready`
 * (the first render), the email field must exist in the step's shadow root and have a size.
 */
const WIDGET_JS = `window.__bench = { scriptStart: performance.now() };
document.addEventListener('rever-ready', () => {
  if (window.__bench.interactive) return;
  const lookup = document.querySelector('rever-returns').shadowRoot.querySelector('rever-order-lookup');
  if (!lookup) return;
  const ready = () => {
    const input = lookup.shadowRoot && lookup.shadowRoot.querySelector('#email');
    if (!input || !input.getBoundingClientRect().width) return false;
    window.__bench.interactive = performance.now();
    return true;
  };
  if (!ready()) lookup.updateComplete.then(ready);
});`;

export interface BenchServer {
  url: string;
  close(): Promise<void>;
}

/** How a page loads the widget: each a script tag, in order. */
export type Load = 'loader' | 'preload' | 'standalone' | 'es';

const TAGS: Record<Load, (cdn: string, attrs: string) => string> = {
  loader: (cdn, attrs) => `<script src="${cdn}/rever-returns.iife.js"${attrs}></script>`,
  // The loader with the hint the README suggests to hosts that can add a <link>: the module is
  // fetched with the page instead of after the loader (the same credentials mode as its import()).
  preload: (cdn, attrs) =>
    `<link rel="modulepreload" href="${cdn}/rever-returns.js">` +
    `<script src="${cdn}/rever-returns.iife.js"${attrs}></script>`,
  standalone: (cdn, attrs) =>
    `<script src="${cdn}/rever-returns.standalone.iife.js"${attrs}></script>`,
  es: (cdn) => `<script type="module" src="${cdn}/rever-returns.js"></script>`,
};

/** Serves the pages and `/cdn/*` from `cdnDir`; `proxyUrl` goes into the widget's attribute. */
export async function startPages(cdnDir: string, proxyUrl: string): Promise<BenchServer> {
  let port = 0;
  const widgetPage = (query: URLSearchParams) => {
    const cross = query.get('cdn') === 'cross';
    const cdnOrigin = cross ? `http://127.0.0.1:${port}` : '';
    const charset = query.get('charset') ?? 'utf-8';
    const load = (query.get('load') ?? 'loader').split(',') as Load[];
    if (!load.every((l) => l in TAGS)) return undefined;
    const locale = (query.get('locale') ?? 'en').replace(/[^a-z-]/gi, '');
    const attrs = query.has('crossorigin') ? ' crossorigin="anonymous"' : '';
    const body = shell(
      `<rever-returns proxy-url="${proxyUrl}" locale="${locale}"></rever-returns>
<script src="/bench/widget.js"></script>${load.map((l) => TAGS[l](`${cdnOrigin}/cdn`, attrs)).join('')}`,
      charset,
    );
    return { body, charset, policy: csp(cdnOrigin) };
  };
  const files: Record<string, [string, string]> = {
    '/plain.html': ['text/html', shell(PLAIN_FORM)],
    '/shop.css': ['text/css', SHOP_CSS],
    '/bench/plain.js': ['text/javascript', PLAIN_JS],
    '/bench/widget.js': ['text/javascript', WIDGET_JS],
  };
  const gzipped = new Map<string, Buffer>();
  const server: Server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://x');
      const path = url.pathname;
      const send = (type: string, body: string | Buffer, policy = csp(), charset = 'utf-8') => {
        const headers: Record<string, string> = {
          'content-security-policy': policy,
          'cache-control': 'no-store',
          'content-type': `${type}; charset=${charset}`,
          // The bundles may come from another origin, a CDN: modules need CORS there.
          'access-control-allow-origin': '*',
          vary: 'accept-encoding',
        };
        if (/\bgzip\b/.test(String(req.headers['accept-encoding']))) {
          const key = path + url.search;
          let packed = gzipped.get(key);
          if (!packed) gzipped.set(key, (packed = gzipSync(body, { level: 9 })));
          res.writeHead(200, { ...headers, 'content-encoding': 'gzip' });
          return res.end(packed);
        }
        res.writeHead(200, headers);
        res.end(body);
      };
      if (path === '/widget.html') {
        const page = widgetPage(url.searchParams);
        if (page)
          return send(
            'text/html',
            Buffer.from(page.body, page.charset === 'utf-8' ? 'utf8' : 'latin1'),
            page.policy,
            page.charset,
          );
      }
      const file = files[path];
      if (file) return send(file[0], file[1]);
      if (path.startsWith('/cdn/')) {
        const name = normalize(path.slice(5));
        if (name.startsWith('..')) return res.writeHead(400).end();
        try {
          const body = await readFile(join(cdnDir, name));
          return send(name.endsWith('.map') ? 'application/json' : 'text/javascript', body);
        } catch {
          // Falls through to 404.
        }
      }
      res.writeHead(404, { 'content-security-policy': csp() }).end();
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  return {
    url: `http://localhost:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
