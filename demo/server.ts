/**
 * The embedding demos, served the way a merchant's site would serve them: the BUILT files
 * (`dist/`, `dist-demo/react/`), host pages sent with a strict Content-Security-Policy header, and
 * the reference proxy on the same origin at `/rever` (as a shop's own domain or a Shopify app proxy
 * would), in front of the embedded mock of REVER. `npm start` mounts this in front of Vite; the
 * end-to-end tests start it on its own (startDemoServer) on port 0.
 */
import { getRequestListener } from '@hono/node-server';
import { createReadStream, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startMockRever, type RunningMock } from '../mock/node.ts';
import { createReturnsProxy } from '../proxy/index.ts';
import { createNodeFetch } from '../proxy/node-fetch.ts';
import { isLocalOrigin, randomSessionSecret } from '../proxy/node.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Where the widget's proxy answers on the demo's origin: the pages' `proxy-url`. */
export const PROXY_PATH = '/rever';

/**
 * What a careful merchant sends with a page that embeds the widget: scripts and styles from the
 * page's own origin only (no inline script or style, no eval), Trusted Types required for every
 * DOM sink and only Lit's policy allowed, requests to the own origin only. `images` adds where product images come from.
 */
export function strictCsp(images: string[] = []): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    `img-src 'self' ${images.join(' ')}`.trim(),
    "connect-src 'self'",
    "require-trusted-types-for 'script'",
    // Lit's policy; one per copy of Lit, so a page that loads the widget twice allows duplicates.
    "trusted-types lit-html 'allow-duplicates'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "object-src 'none'",
  ].join('; ');
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

/** URL prefix → folder under the repository; the pages under a prefix get the strict CSP. */
const MOUNTS: { prefix: string; dir: string; csp: boolean }[] = [
  { prefix: '/dist/', dir: 'dist', csp: false },
  { prefix: '/demo/embed/', dir: 'demo/embed', csp: true },
  { prefix: '/demo/react/', dir: 'dist-demo/react', csp: true },
];

type Next = () => void;
export type Middleware = (req: IncomingMessage, res: ServerResponse, next: Next) => void;

export interface DemoHandlerOptions {
  /** REVER's base URL (the embedded mock's) and key, for the proxy at PROXY_PATH. */
  upstream: string;
  apiKey: string;
  /** One line per proxied request; default silent. */
  log?: (line: string) => void;
}

/** Serves MOUNTS and the proxy; anything else goes to `next` (Vite, or a 404). */
export function createDemoMiddleware(options: DemoHandlerOptions): Middleware {
  const proxy = getRequestListener(
    createReturnsProxy({
      upstream: options.upstream,
      apiKey: options.apiKey,
      // A demo's sessions need not outlive the demo: a fresh secret per start.
      sessionSecret: randomSessionSecret(),
      allowedOrigins: isLocalOrigin,
      logger: options.log ?? (() => {}),
      // As `npm run proxy` does on Node: REVER over node:http (proxy/node-fetch.ts).
      fetch: createNodeFetch(),
    }).fetch,
  );
  const csp = strictCsp([new URL(options.upstream).origin]);

  return (req, res, next) => {
    const url = req.url ?? '/';
    if (url === '/favicon.ico') {
      // No icon; an answer all the same, so a browser logs no failed request.
      res.statusCode = 204;
      res.end();
      return;
    }
    if (url === PROXY_PATH || url.startsWith(`${PROXY_PATH}/`)) {
      // The proxy matches the path exactly as sent; it sees the path after its mount point.
      req.url = url.slice(PROXY_PATH.length) || '/';
      void proxy(req, res);
      return;
    }
    let pathname: string;
    try {
      pathname = decodeURIComponent(url.split('?')[0] ?? '/');
    } catch {
      return next();
    }
    const mount = MOUNTS.find((m) => pathname.startsWith(m.prefix));
    if (!mount || (req.method !== 'GET' && req.method !== 'HEAD')) return next();
    const base = join(ROOT, mount.dir);
    let file = normalize(join(base, pathname.slice(mount.prefix.length)));
    if (file !== base && !file.startsWith(base + sep)) return next();
    try {
      if (statSync(file).isDirectory()) file = join(file, 'index.html');
      statSync(file);
    } catch {
      return next();
    }
    res.setHeader('content-type', TYPES[extname(file)] ?? 'application/octet-stream');
    res.setHeader('cache-control', 'no-store');
    res.setHeader('x-content-type-options', 'nosniff');
    if (mount.csp) res.setHeader('content-security-policy', csp);
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    createReadStream(file).pipe(res);
  };
}

export interface RunningDemo {
  /** e.g. `http://127.0.0.1:41234`; pages are under `/demo/`. */
  url: string;
  mock: RunningMock;
  close(): Promise<void>;
}

/** The demo pages alone (no Vite): a mock of REVER, the proxy and the static pages, port 0 by default. */
export async function startDemoServer(
  options: { port?: number; log?: (line: string) => void } = {},
): Promise<RunningDemo> {
  const mock = await startMockRever({ port: 0 });
  const handle = createDemoMiddleware({
    upstream: mock.url,
    apiKey: mock.apiKey,
    ...(options.log ? { log: options.log } : {}),
  });
  const server = createServer((req, res) =>
    handle(req, res, () => {
      res.statusCode = 404;
      res.setHeader('content-type', 'text/plain; charset=utf-8');
      res.end('Not found');
    }),
  );
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    mock,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await mock.close();
    },
  };
}
