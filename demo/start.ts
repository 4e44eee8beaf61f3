/**
 * `npm start`: every demo on one machine with no key. It builds the package and the React demo
 * first (the embedding pages use the BUILT files, as a merchant would), starts the embedded mock
 * of REVER, the reference proxy on PROXY_PORT (8787) for the playground, and one server on PORT
 * (5173): the embedding pages with their strict CSP header and the proxy at /rever (demo/server.ts),
 * and Vite for the playground and the other pages, which load the source and reload on edits.
 */
import { spawnSync } from 'node:child_process';
import { createServer } from 'vite';
import { DEMO_ORDERS } from '../mock/seed.ts';
import { startMockRever } from '../mock/node.ts';
import { randomSessionSecret, startProxy } from '../proxy/node.ts';
import { startPrism } from '../scripts/prism.ts';
import { openBrowser } from './open-browser.ts';
import { createDemoMiddleware, PROXY_PATH } from './server.ts';

const proxyPort = Number(process.env.PROXY_PORT ?? 8787);
// `npm run sandbox` (`--sandbox`, `--sandbox --dynamic`): Stoplight Prism serves the OpenAPI
// document in place of the embedded mock, so the flow runs on nothing but the contract: its
// examples (static), or answers generated from its schemas on every request (dynamic).
const sandbox = process.argv.includes('--sandbox');
const dynamic = process.argv.includes('--dynamic');
const demoPort = Number(process.env.PORT ?? 5173);

for (const script of ['build', 'build:demo']) {
  console.log(`[start] npm run ${script}`);
  const run = spawnSync('npm', ['run', '--silent', script], { stdio: 'inherit' });
  if (run.status !== 0) process.exit(run.status ?? 1);
}

const log = (line: string) => console.log(`[proxy] ${line}`);
// One mock behind both doors, so a return made on one page shows on the others.
const mock = sandbox
  ? await startPrism({ dynamic }).then((prism) => ({ ...prism, apiKey: 'sandbox-key' }))
  : await startMockRever({ port: 0 });
const proxy = await startProxy({
  port: proxyPort,
  upstream: mock.url,
  apiKey: mock.apiKey,
  // The demo's sessions need not outlive it: a fresh secret per start.
  sessionSecret: randomSessionSecret(),
  log,
});
const vite = await createServer({
  configFile: new URL('../vite.config.ts', import.meta.url).pathname,
  define: { __REVER_PROXY_URL__: JSON.stringify(proxy.url) },
  // Opened below, only where a browser can be (demo/open-browser.ts), never by Vite.
  server: { port: demoPort, strictPort: true, open: false },
  plugins: [
    {
      name: 'rever-embedding-demos',
      configureServer(server) {
        // Ahead of Vite's own middleware: these pages are served as built, with their headers.
        server.middlewares.use(
          createDemoMiddleware({ upstream: mock.url, apiKey: mock.apiKey, log }),
        );
      },
    },
  ],
});
await vite.listen();

const demoUrl = `http://localhost:${demoPort}/demo/`;
console.log(`
rever-returns demos: ${demoUrl}
  proxy:  ${proxy.url} and ${`http://localhost:${demoPort}${PROXY_PATH}`} (${sandbox ? `Prism${dynamic ? ', dynamic,' : ''} serving contract/rever-storefront.yaml at ${mock.url}` : 'embedded mock of REVER'}, no key needed)

${
  sandbox
    ? `Any email and order number: ${dynamic ? 'every answer is generated from the schemas' : "Prism answers the document's examples"}.`
    : `Orders to try (email / order number):
${DEMO_ORDERS.map((o) => `  ${o.email.padEnd(30)} ${o.orderNumber.padEnd(8)} ${o.currency}  ${o.description}`).join('\n')}`
}
`);
openBrowser(demoUrl);

async function stop() {
  await vite.close();
  await proxy.close();
  await mock.close();
  process.exit(0);
}
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
