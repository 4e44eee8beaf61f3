/** The embedded mock of REVER on Node: `npm run mock`, and in-process for the proxy and tests. */
import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { createMockRever } from './app.ts';
import { DEMO_ORDERS, MOCK_API_KEY } from './seed.ts';

export interface RunningMock {
  url: string;
  apiKey: string;
  mock: ReturnType<typeof createMockRever>;
  close(): Promise<void>;
}

export async function startMockRever(
  options: { port?: number; host?: string; apiKey?: string } = {},
): Promise<RunningMock> {
  const apiKey = options.apiKey ?? MOCK_API_KEY;
  const mock = createMockRever({ apiKey });
  const host = options.host ?? '127.0.0.1';
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const s = serve({ fetch: mock.app.fetch, port: options.port ?? 0, hostname: host }, () =>
      resolve(s),
    );
    s.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}`,
    apiKey,
    mock,
    close: () =>
      new Promise<void>((resolve) => {
        if ('closeAllConnections' in server) server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const running = await startMockRever({ port: Number(process.env.PORT ?? 8790) });
  console.log(`Mock REVER on ${running.url} (x-rever-api-key: ${running.apiKey})`);
  for (const o of DEMO_ORDERS) console.log(`  ${o.email}  ${o.orderNumber}  ${o.description}`);
  const stop = () => void running.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
