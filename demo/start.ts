/**
 * `npm start`: the whole flow on one machine with no key. The reference proxy starts with the
 * embedded mock of REVER in-process, and Vite serves the demo pages that point at the proxy.
 */
import { createServer } from 'vite';
import { DEMO_ORDERS } from '../mock/seed.ts';
import { startProxy } from '../proxy/node.ts';

const proxyPort = Number(process.env.PROXY_PORT ?? 8787);
const demoPort = Number(process.env.PORT ?? 5173);

const proxy = await startProxy({ port: proxyPort, log: (line) => console.log(`[proxy] ${line}`) });
const vite = await createServer({
  configFile: new URL('../vite.config.ts', import.meta.url).pathname,
  define: { __REVER_PROXY_URL__: JSON.stringify(proxy.url) },
  server: { port: demoPort, strictPort: true, open: process.env.CI ? false : '/demo/' },
});
await vite.listen();

const demoUrl = `http://localhost:${demoPort}/demo/`;
console.log(`
rever-returns demo: ${demoUrl}
  proxy:  ${proxy.url} (${proxy.embeddedMock ? 'embedded mock of REVER, no key needed' : proxy.upstream})

Orders to try (email / order number):
${DEMO_ORDERS.map((o) => `  ${o.email.padEnd(30)} ${o.orderNumber.padEnd(8)} ${o.currency}  ${o.description}`).join('\n')}
`);

async function stop() {
  await vite.close();
  await proxy.close();
  process.exit(0);
}
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
