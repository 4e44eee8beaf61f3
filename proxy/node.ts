/**
 * The proxy on Node, as a library: startProxy serves the handler (index.ts) over node:http, in
 * front of REVER or, with no upstream given, the embedded mock of REVER in-process, so the whole
 * flow runs on one machine with no key. The environment is read by env.ts, the command line
 * (`npm run proxy`) is cli.ts.
 */
import { serve } from '@hono/node-server';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { MockRever } from '../mock/app.ts';
import { createNodeFetch } from './node-fetch.ts';
import { resilientStore, type StoreFailureMode } from './rate-limit.ts';
import {
  createReturnsProxy,
  type OriginPolicy,
  type ReturnsProxy,
  type ReturnsProxyOptions,
} from './index.ts';

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
  /** Calls allowed per session, per class; what is left out keeps its default. */
  sessionBudget?: ReturnsProxyOptions['sessionBudget'];
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
  /** How long a client may take and how many may be connected at once (see SERVER_LIMITS). */
  serverLimits?: Partial<ServerLimits>;
  /**
   * The benchmark's proxy without its session budget, intent limits and request checks, served
   * exactly as the real one otherwise (see createReturnsProxy's `withoutLimits`). Never deploy it.
   * @internal
   */
  withoutLimits?: boolean;
}

/**
 * What a slow or greedy client may hold of the Node server. A returns call is a few hundred bytes
 * of headers and at most 16 KiB of body, so a client that needs seconds for them is not a shopper
 * on a slow line but someone holding sockets open (slowloris): the defaults are seconds, not
 * Node's minutes, and a cap on the connections open at once keeps the process's sockets and
 * memory for others. Every value is configurable (env.ts: HEADERS_TIMEOUT, REQUEST_TIMEOUT,
 * KEEP_ALIVE_TIMEOUT, MAX_CONNECTIONS).
 */
export interface ServerLimits {
  /** Milliseconds from a request's first byte to the end of its headers (Node's: 60 s). */
  headersTimeoutMs: number;
  /** Milliseconds from a request's first byte to the end of its body (Node's: 300 s). */
  requestTimeoutMs: number;
  /** Milliseconds an idle kept-alive connection stays open between requests (Node's: 5 s). */
  keepAliveTimeoutMs: number;
  /** Connections open at once; beyond, a new one is closed at once (Node's: no limit). */
  maxConnections: number;
}

export const SERVER_LIMITS: ServerLimits = {
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 20_000,
  keepAliveTimeoutMs: 5_000,
  maxConnections: 1_000,
};

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

function listen(
  app: ReturnsProxy,
  port: number,
  host: string,
  limits: ServerLimits,
): Promise<NodeServer> {
  return new Promise<NodeServer>((resolve, reject) => {
    const server = serve(
      {
        fetch: app.fetch,
        port,
        hostname: host,
        serverOptions: {
          headersTimeout: limits.headersTimeoutMs,
          requestTimeout: limits.requestTimeoutMs,
          keepAliveTimeout: limits.keepAliveTimeoutMs,
          // Node looks for expired requests at this interval (30 s by default, which would let a
          // slow client hold its socket for up to 30 s past the timeouts).
          connectionsCheckingInterval: Math.max(
            50,
            Math.min(1000, Math.floor(limits.headersTimeoutMs / 4)),
          ),
        },
      },
      () => resolve(server),
    );
    server.maxConnections = limits.maxConnections;
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
    const app = createReturnsProxy(
      {
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
        ...(options.sessionBudget ? { sessionBudget: options.sessionBudget } : {}),
        ...(rateLimitStore ? { rateLimitStore } : {}),
      },
      { withoutLimits: options.withoutLimits === true },
    );
    server = await listen(app, options.port ?? 8787, host, {
      ...SERVER_LIMITS,
      ...options.serverLimits,
    });
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
