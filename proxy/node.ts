/**
 * The proxy on Node: `npm run proxy`. With REVER_API_URL unset it starts the embedded mock of
 * REVER in-process, so the whole flow runs on one machine with no key.
 */
import { serve } from '@hono/node-server';
import type { Hono } from 'hono';
import { randomBytes } from 'node:crypto';
import { realpathSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { MockRever } from '../mock/app.ts';
import { createNodeFetch } from './node-fetch.ts';
import { parseOrigins } from './origins.ts';
import { resilientStore, type StoreFailureMode } from './rate-limit.ts';
import { rotationSecrets } from './session.ts';
import { createReturnsProxy, type OriginPolicy, type ReturnsProxyOptions } from './index.ts';

export interface StartProxyOptions {
  /** Default 8787; 0 picks a free port. */
  port?: number;
  /** The interface to listen on; default 127.0.0.1 (loopback only). */
  host?: string;
  /** REVER's base URL; unset starts the embedded mock. */
  upstream?: string;
  /** REVER's key; required with `upstream`. Without it, the embedded mock's key (or this one). */
  apiKey?: string;
  /** Exact origins (or a predicate); unset allows localhost origins only (see isLocalOrigin). */
  allowedOrigins?: OriginPolicy;
  /** Signs session tokens; required with `upstream`. Without it, a random one for this run. */
  sessionSecret?: string;
  /** The secret before the last rotation: its tokens still verify; nothing is signed with it. */
  sessionSecretPrevious?: string;
  /** The header a trusted proxy or CDN puts the client IP in (see ReturnsProxyOptions). */
  trustProxyHeader?: string;
  /** Rate limits and their store (see ReturnsProxyOptions). */
  intentLimits?: ReturnsProxyOptions['intentLimits'];
  rateLimitStore?: ReturnsProxyOptions['rateLimitStore'];
  /**
   * A Redis shared by every instance for the rate limits (`redis://…`), in place of each
   * instance's memory. Ignored when `rateLimitStore` is given.
   */
  redisUrl?: string;
  /** While Redis fails: `open` (default) counts per instance meanwhile, `closed` refuses intents. */
  onStoreFailure?: StoreFailureMode;
  /** One line per request (default console.log). */
  log?: (line: string) => void;
  /** Warnings: the store failing and coming back (default console.warn). */
  warn?: (line: string) => void;
}

export interface RunningProxy {
  /** Where the proxy answers, e.g. `http://localhost:8787`: the widget's proxy-url. */
  url: string;
  /** REVER's base URL the proxy forwards to (the embedded mock's when there is one). */
  upstream: string;
  embeddedMock: boolean;
  /** The embedded mock itself (state, and fault injection for tests), when there is one. */
  mock?: MockRever;
  /** True when no session secret was given and a random one was made for this run. */
  randomSessionSecret: boolean;
  close(): Promise<void>;
}

/**
 * A session secret for one run (a demo, a test, a benchmark): 32 random bytes. Sessions signed
 * with it end when the process does; production sets SESSION_SECRET, the same on every instance.
 */
export function randomSessionSecret(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * The default origin policy: any port on localhost, 127.0.0.1 or [::1], over http or https. It
 * fits the demo and development and nothing else; production lists its shop's origins.
 */
export function isLocalOrigin(origin: string): boolean {
  return /^https?:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d{1,5})?$/.test(origin);
}

/** The URL a person types for a listening address (loopback and wildcard read as localhost). */
function displayUrl(host: string, port: number): string {
  if (['127.0.0.1', 'localhost', '0.0.0.0', '::', '::1'].includes(host)) {
    return `http://localhost:${port}`;
  }
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

type NodeServer = ReturnType<typeof serve>;

function listen(app: Hono, port: number, host: string): Promise<NodeServer> {
  return new Promise<NodeServer>((resolve, reject) => {
    const server = serve({ fetch: app.fetch, port, hostname: host }, () => resolve(server));
    server.once('error', reject);
  });
}

function closeServer(server: NodeServer): Promise<void> {
  return new Promise((resolve) => {
    // Keep-alive sockets would hold close() open until they time out.
    if ('closeAllConnections' in server) server.closeAllConnections();
    server.close(() => resolve());
  });
}

/** Starts the proxy on Node, in front of REVER or (no upstream given) the embedded mock. */
export async function startProxy(options: StartProxyOptions = {}): Promise<RunningProxy> {
  const log = options.log ?? ((line: string) => console.log(line));
  let upstream = options.upstream ?? '';
  let apiKey = options.apiKey ?? '';
  let stopMock = async () => {};
  let mock: MockRever | undefined;
  if (options.upstream && !options.sessionSecret) {
    throw new TypeError('startProxy: sessionSecret is required in front of a real REVER');
  }
  // Only with the embedded mock: sessions then last as long as this process, which is enough.
  const sessionSecret = options.sessionSecret ?? randomSessionSecret();
  if (!options.upstream) {
    // Imported only when used, so a production proxy never loads the mock or its seed.
    const { startMockRever } = await import('../mock/node.ts');
    const running = await startMockRever({ port: 0, ...(options.apiKey ? { apiKey } : {}) });
    upstream = running.url;
    apiKey = running.apiKey;
    mock = running.mock;
    stopMock = () => running.close();
  }
  const host = options.host ?? '127.0.0.1';
  let server: NodeServer;
  let closeStore = async () => {};
  let rateLimitStore = options.rateLimitStore;
  if (!rateLimitStore && options.redisUrl) {
    // Imported only when used: a proxy without Redis never loads its client.
    const { createRedisStore } = await import('./redis-store.ts');
    const warn = options.warn ?? ((line: string) => console.warn(line));
    const redis = createRedisStore({ url: options.redisUrl, warn });
    closeStore = () => redis.close();
    rateLimitStore = resilientStore(redis, { onFailure: options.onStoreFailure ?? 'open', warn });
  }
  try {
    const app = createReturnsProxy({
      upstream,
      apiKey,
      allowedOrigins: options.allowedOrigins ?? isLocalOrigin,
      sessionSecret: options.sessionSecretPrevious
        ? [sessionSecret, options.sessionSecretPrevious]
        : sessionSecret,
      logger: log,
      // REVER is called over node:http rather than the runtime's fetch: the same calls, less CPU.
      fetch: createNodeFetch(),
      ...(options.trustProxyHeader ? { trustProxyHeader: options.trustProxyHeader } : {}),
      ...(options.intentLimits ? { intentLimits: options.intentLimits } : {}),
      ...(rateLimitStore ? { rateLimitStore } : {}),
    });
    server = await listen(app, options.port ?? 8787, host);
  } catch (error) {
    await closeStore();
    await stopMock();
    throw error;
  }
  const { port } = server.address() as AddressInfo;
  return {
    url: displayUrl(host, port),
    upstream,
    embeddedMock: !options.upstream,
    ...(mock ? { mock } : {}),
    randomSessionSecret: !options.sessionSecret,
    close: async () => {
      await closeServer(server);
      await closeStore();
      await stopMock();
    },
  };
}

export type EnvConfig = { ok: true; options: StartProxyOptions } | { ok: false; error: string };

const isHttpUrl = (value: string) => {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && !url.search && !url.hash;
  } catch {
    return false;
  }
};

/** `scheme://host[:port]` and nothing more: what a browser sends as Origin. */
/**
 * Reads the proxy's configuration from the environment; pure, so it is tested without a process.
 * PORT (default 8787), HOST (default 127.0.0.1), REVER_API_URL (unset: the embedded mock),
 * REVER_API_KEY (required with REVER_API_URL), ALLOWED_ORIGINS (comma-separated exact origins;
 * unset: localhost origins on any port, see isLocalOrigin), SESSION_SECRET (required with
 * REVER_API_URL; unset with the mock: a random one per run), SESSION_SECRET_PREVIOUS (during a
 * rotation, the secret before: verifies, never signs), TRUST_PROXY_HEADER (the header a
 * proxy or CDN in front puts the client IP in, e.g. cf-connecting-ip; unset: the connection's).
 */
export function configFromEnv(env: Record<string, string | undefined>): EnvConfig {
  const rawPort = env['PORT']?.trim() || '8787';
  const port = Number(rawPort);
  if (!/^\d+$/.test(rawPort) || port > 65535) {
    return { ok: false, error: `PORT must be a port number (0-65535), not "${rawPort}".` };
  }
  const options: StartProxyOptions = { port };
  if (env['HOST']?.trim()) options.host = env['HOST'].trim();
  const url = env['REVER_API_URL']?.trim();
  if (url) {
    if (!isHttpUrl(url)) {
      return {
        ok: false,
        error: `REVER_API_URL must be REVER's absolute http(s) base URL (no query), not "${url}".`,
      };
    }
    const key = env['REVER_API_KEY']?.trim();
    if (!key) {
      return {
        ok: false,
        error:
          'REVER_API_KEY is not set. With REVER_API_URL set, the proxy needs the REVER API key ' +
          "your account manager gave you: set REVER_API_KEY in the proxy's environment (never in " +
          'the page). Unset REVER_API_URL to use the embedded mock instead.',
      };
    }
    const secret = env['SESSION_SECRET']?.trim();
    if (!secret) {
      return {
        ok: false,
        error:
          "SESSION_SECRET is not set. With REVER_API_URL set, the proxy signs shoppers' sessions " +
          'with a secret of yours: set SESSION_SECRET to a random string of 32 characters or more ' +
          '(e.g. `openssl rand -base64 32`), the same on every instance.',
      };
    }
    options.upstream = url;
    options.apiKey = key;
    options.sessionSecret = secret;
  } else if (env['SESSION_SECRET']?.trim()) {
    options.sessionSecret = env['SESSION_SECRET'].trim();
  }
  if (options.sessionSecret !== undefined && options.sessionSecret.length < 32) {
    return { ok: false, error: 'SESSION_SECRET must be at least 32 characters long.' };
  }
  if (env['SESSION_SECRET_PREVIOUS']?.trim()) {
    if (options.sessionSecret === undefined) {
      return { ok: false, error: 'SESSION_SECRET_PREVIOUS is set without SESSION_SECRET.' };
    }
    const rotation = rotationSecrets(options.sessionSecret, env['SESSION_SECRET_PREVIOUS']);
    if (!rotation.ok) return rotation;
    if (rotation.secrets[1]) options.sessionSecretPrevious = rotation.secrets[1];
  }
  const trusted = env['TRUST_PROXY_HEADER']?.trim().toLowerCase();
  if (trusted) {
    if (!/^[a-z0-9-]{1,64}$/.test(trusted)) {
      return {
        ok: false,
        error: `TRUST_PROXY_HEADER must be a header name (e.g. cf-connecting-ip), not "${trusted}".`,
      };
    }
    options.trustProxyHeader = trusted;
  }
  const redisUrl = env['REDIS_URL']?.trim();
  if (redisUrl) {
    if (!/^rediss?:\/\/[^\s]+$/.test(redisUrl)) {
      return { ok: false, error: 'REDIS_URL must be a redis:// or rediss:// URL.' };
    }
    options.redisUrl = redisUrl;
  }
  const onFailure = env['RATE_LIMIT_STORE_FAILURE']?.trim().toLowerCase();
  if (onFailure) {
    if (onFailure !== 'open' && onFailure !== 'closed') {
      return { ok: false, error: 'RATE_LIMIT_STORE_FAILURE must be "open" or "closed".' };
    }
    options.onStoreFailure = onFailure;
  }
  const origins = parseOrigins(env['ALLOWED_ORIGINS']);
  if (!origins.ok) return origins;
  if (origins.origins.length) options.allowedOrigins = origins.origins;
  return { ok: true, options };
}

async function main(): Promise<void> {
  const config = configFromEnv(process.env);
  if (!config.ok) {
    console.error(`rever-returns proxy: ${config.error}`);
    process.exit(1);
  }
  const { options } = config;
  let proxy: RunningProxy;
  try {
    proxy = await startProxy(options);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    const why = code === 'EADDRINUSE' ? `port ${options.port} is in use (set PORT)` : String(error);
    console.error(`rever-returns proxy: could not start: ${why}`);
    process.exit(1);
  }
  const target = proxy.embeddedMock
    ? `embedded mock of REVER at ${proxy.upstream} (REVER_API_URL unset, no key needed)`
    : proxy.upstream;
  const origins = Array.isArray(options.allowedOrigins)
    ? options.allowedOrigins.join(', ')
    : 'localhost origins, any port';
  console.log(`rever-returns proxy on ${proxy.url} → ${target}; allowed origins: ${origins}`);
  if (options.redisUrl) {
    const mode = options.onStoreFailure ?? 'open';
    console.log(
      `rate limits shared in Redis; while it fails: ${mode === 'open' ? 'counted per instance (fail-open)' : 'return intents refused (fail-closed)'}`,
    );
  }
  if (proxy.randomSessionSecret) {
    console.log(
      'SESSION_SECRET unset: session tokens are signed with a random secret for this run ' +
        '(sessions end when the proxy restarts; set SESSION_SECRET to keep them).',
    );
  }
  const stop = () => void proxy.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

/** True when this file is the process's entry (`tsx proxy/node.ts`), not an import. */
function isEntry(): boolean {
  const entry = process.argv[1];
  if (!entry) return false;
  try {
    return realpathSync(entry) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isEntry()) await main();
