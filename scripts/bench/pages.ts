/**
 * The benchmark's host pages, served from memory beside the freshly built bundles, every one
 * under the strict policy the widget promises to work in:
 * `script-src 'self'; require-trusted-types-for 'script'` (no inline script anywhere here).
 */
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, normalize } from 'node:path';

export const CSP =
  "default-src 'self'; script-src 'self'; require-trusted-types-for 'script'; " +
  "object-src 'none'; base-uri 'none'; img-src 'self' http: https: data:; " +
  "style-src 'self' 'unsafe-inline'; connect-src 'self' http://localhost:* http://127.0.0.1:*";

/** The same shop page around both forms, so only the form differs. */
const shell = (body: string) => `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Returns</title>
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

/** Serves the pages and `/cdn/*` from `cdnDir`; `proxyUrl` goes into the widget's attribute. */
export async function startPages(cdnDir: string, proxyUrl: string): Promise<BenchServer> {
  const widget = (script: string) =>
    shell(`<rever-returns proxy-url="${proxyUrl}" locale="en"></rever-returns>
<script src="/bench/widget.js"></script>${script}`);
  const pages: Record<string, [string, string]> = {
    '/plain.html': ['text/html', shell(PLAIN_FORM)],
    '/widget-iife.html': [
      'text/html',
      widget('<script src="/cdn/rever-returns.iife.js"></script>'),
    ],
    '/widget-es.html': [
      'text/html',
      widget('<script type="module" src="/cdn/rever-returns.js"></script>'),
    ],
    '/shop.css': ['text/css', SHOP_CSS],
    '/bench/plain.js': ['text/javascript', PLAIN_JS],
    '/bench/widget.js': ['text/javascript', WIDGET_JS],
  };
  const server: Server = createServer((req, res) => {
    void (async () => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      const page = pages[path];
      const headers = { 'content-security-policy': CSP, 'cache-control': 'no-store' };
      if (page) {
        res.writeHead(200, { ...headers, 'content-type': `${page[0]}; charset=utf-8` });
        return res.end(page[1]);
      }
      if (path.startsWith('/cdn/')) {
        const file = normalize(path.slice(5));
        if (file.startsWith('..')) return res.writeHead(400).end();
        try {
          const body = await readFile(join(cdnDir, file));
          res.writeHead(200, { ...headers, 'content-type': 'text/javascript; charset=utf-8' });
          return res.end(body);
        } catch {
          // Falls through to 404.
        }
      }
      res.writeHead(404, headers).end();
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://localhost:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
