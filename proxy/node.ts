/**
 * The proxy on Node: `npm run proxy`. With REVER_API_URL unset it starts the embedded mock of
 * REVER in-process, so the whole flow runs on one machine with no key.
 */
import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { createReturnsProxy } from './index.ts';

export interface StartProxyOptions {
  port?: number;
  host?: string;
  /** REVER's base URL; unset starts the embedded mock. */
  upstream?: string;
  apiKey?: string;
  /** Exact origins; unset allows localhost origins only. */
  allowedOrigins?: string[];
  log?: (line: string) => void;
}

export interface RunningProxy {
  url: string;
  upstream: string;
  embeddedMock: boolean;
  close(): Promise<void>;
}

/** Any port on localhost or 127.0.0.1, over http: the demo and development, nothing else. */
export function isLocalOrigin(origin: string): boolean {
  return /^http:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d{1,5})?$/.test(origin);
}

export async function startProxy(options: StartProxyOptions = {}): Promise<RunningProxy> {
  const log = options.log ?? ((line: string) => console.log(line));
  let target = { upstream: options.upstream ?? '', apiKey: options.apiKey ?? '' };
  let stopMock = async () => {};
  if (!options.upstream) {
    const { startMockRever } = await import('../mock/node.ts');
    const mock = await startMockRever({ port: 0 });
    target = { upstream: mock.url, apiKey: mock.apiKey };
    stopMock = () => mock.close();
  }
  const { upstream, apiKey } = target;
  const app = createReturnsProxy({
    upstream,
    apiKey,
    allowedOrigins: options.allowedOrigins ?? isLocalOrigin,
    logger: log,
  });
  const host = options.host ?? '127.0.0.1';
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port: options.port ?? 8787, hostname: host }, () =>
      resolve(s),
    );
    s.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host === '127.0.0.1' ? 'localhost' : host}:${port}`,
    upstream,
    embeddedMock: !options.upstream,
    close: async () => {
      await new Promise<void>((resolve) => {
        if ('closeAllConnections' in server) server.closeAllConnections();
        server.close(() => resolve());
      });
      await stopMock();
    },
  };
}

export type EnvConfig = { ok: true; options: StartProxyOptions } | { ok: false; error: string };

/** Reads the proxy's configuration from the environment; pure, so it is tested without a process. */
export function configFromEnv(env: Record<string, string | undefined>): EnvConfig {
  const port = Number(env['PORT'] ?? 8787);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    return { ok: false, error: `PORT must be a port number, not "${env['PORT']}".` };
  }
  const options: StartProxyOptions = { port };
  if (env['HOST']) options.host = env['HOST'];
  const url = env['REVER_API_URL'];
  if (url) {
    if (!env['REVER_API_KEY']) {
      return {
        ok: false,
        error:
          'REVER_API_KEY is not set. With REVER_API_URL set, the proxy needs the REVER API key ' +
          "your account manager gave you: set REVER_API_KEY in the proxy's environment (never in " +
          'the page). Unset REVER_API_URL to use the embedded mock instead.',
      };
    }
    options.upstream = url;
    options.apiKey = env['REVER_API_KEY'];
  }
  const origins = env['ALLOWED_ORIGINS']
    ?.split(',')
    .map((o) => o.trim().replace(/\/+$/, ''))
    .filter(Boolean);
  if (origins?.length) options.allowedOrigins = origins;
  return { ok: true, options };
}

async function main(): Promise<void> {
  const config = configFromEnv(process.env);
  if (!config.ok) {
    console.error(`rever-returns proxy: ${config.error}`);
    process.exit(1);
  }
  const proxy = await startProxy(config.options);
  console.log(
    `rever-returns proxy on ${proxy.url} → ${proxy.embeddedMock ? 'embedded mock of REVER' : proxy.upstream}` +
      `; allowed origins: ${config.options.allowedOrigins?.join(', ') ?? 'localhost only'}`,
  );
  const stop = () => void proxy.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
