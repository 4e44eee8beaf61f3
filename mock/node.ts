/**
 * The embedded mock of REVER on Node: in-process for the proxy and the tests, and on its own with
 * `npm run mock` (PORT, default 8790).
 */
import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { API_KEY_HEADER } from '../contract/index.ts';
import { createMockRever } from './app.ts';
import { DEMO_ORDERS, MOCK_API_KEY } from './seed.ts';

export interface RunningMock {
  /** e.g. `http://127.0.0.1:8790`, without a trailing slash. */
  url: string;
  apiKey: string;
  close(): Promise<void>;
  mock: ReturnType<typeof createMockRever>;
}

/** Starts a mock with its own state; port 0 (the default) picks a free port. */
export async function startMockRever(
  options: { port?: number; host?: string; apiKey?: string } = {},
): Promise<RunningMock> {
  const apiKey = options.apiKey ?? MOCK_API_KEY;
  const host = options.host ?? '127.0.0.1';
  const mock = createMockRever({ apiKey });
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const s = serve({ fetch: mock.app.fetch, port: options.port ?? 0, hostname: host }, () =>
      resolve(s),
    );
    s.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    apiKey,
    mock,
    close: () =>
      new Promise<void>((resolve, reject) => {
        // Keep-alive connections would hold close() open until they time out.
        if ('closeAllConnections' in server) server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

async function main() {
  const port = Number(process.env['PORT'] ?? 8790);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`PORT must be a port number, not "${process.env['PORT']}".`);
    process.exit(1);
  }
  const running = await startMockRever({ port });
  console.log(`Mock REVER on ${running.url}`);
  console.log(`  ${API_KEY_HEADER}: ${running.apiKey} (a mock key, not a secret)`);
  console.log('\nOrders to try (email / order number):');
  for (const o of DEMO_ORDERS) {
    console.log(
      `  ${o.email.padEnd(30)} ${o.orderNumber.padEnd(6)} ${o.currency}  ${o.description}`,
    );
  }
  const stop = () => void running.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
