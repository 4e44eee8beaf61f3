/** A real HTTP server on loopback whose answers each test scripts: for faults the mock lacks. */
import { serve } from '@hono/node-server';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach } from 'node:test';
import { createReturnsProxy, type ReturnsProxyOptions } from '../../../proxy/index.ts';
import { SESSION_SECRET } from './session.ts';

/** The shop origin the proxy suites allow. */
export const SHOP = 'https://shop.example';

export type Respond = (req: IncomingMessage, res: ServerResponse, body: string) => void;

export interface ScriptedServer {
  url: string;
  requests: { method: string; url: string; headers: IncomingMessage['headers']; body: string }[];
  respond: Respond;
  close(): Promise<void>;
}

export async function scriptedServer(): Promise<ScriptedServer> {
  const state: ScriptedServer = {
    url: '',
    requests: [],
    respond: (_req, res) => res.writeHead(500).end(),
    close: async () => {},
  };
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      state.requests.push({ method: req.method!, url: req.url!, headers: req.headers, body });
      state.respond(req, res, body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  state.close = () =>
    new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return state;
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers = {}): void {
  res
    .writeHead(status, { 'content-type': 'application/json', ...headers })
    .end(JSON.stringify(body));
}

export interface Served {
  url: string;
  close(): Promise<void>;
}

/** Serves a fetch handler (a proxy app) on a free loopback port, as its Node entry would. */
export async function serveFetch(
  fetch: (request: Request) => Response | Promise<Response>,
): Promise<Served> {
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        // Keep-alive sockets would hold close() open until they time out.
        if ('closeAllConnections' in server) server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * Serves a proxy app on loopback, as its Node entry would: the suites' shop origin and session
 * secret, then `options` (an upstream and a key at least).
 */
export function serveProxy(
  options: Partial<ReturnsProxyOptions> & Pick<ReturnsProxyOptions, 'upstream' | 'apiKey'>,
): Promise<Served> {
  return serveFetch(
    createReturnsProxy({ allowedOrigins: [SHOP], sessionSecret: SESSION_SECRET, ...options }).fetch,
  );
}

/** A scripted upstream and a proxy in front of it, both started before a suite and closed after. */
export interface OverScripted {
  upstream: ScriptedServer;
  proxy: Served;
}

/**
 * Registers, in the calling describe, a scripted upstream started before its tests and a proxy in
 * front of it (serveProxy with what `optionsFromUrl` makes of the upstream's URL), both closed
 * after them. The fields are set once the describe's `before` has run.
 */
export function proxyOverScripted(
  optionsFromUrl: (
    upstreamUrl: string,
  ) => Partial<ReturnsProxyOptions> & Pick<ReturnsProxyOptions, 'upstream' | 'apiKey'>,
): OverScripted {
  const fixture = {} as OverScripted;
  before(async () => {
    fixture.upstream = await scriptedServer();
    fixture.proxy = await serveProxy(optionsFromUrl(fixture.upstream.url));
  });
  after(async () => {
    await fixture.proxy.close();
    await fixture.upstream.close();
  });
  return fixture;
}

/**
 * proxyOverScripted as most proxy suites want it: the suite's key, REVER under the upstream's
 * `/base`, the proxy's log lines kept in `lines`, and before each test an upstream that has seen
 * no request and answers 200 `{ ok: true }` (a test scripts another answer after that). `more`
 * makes other options of the upstream's URL, over these.
 */
export function proxyOverOk(
  apiKey: string,
  more: (upstreamUrl: string) => Partial<ReturnsProxyOptions> = () => ({}),
): OverScripted & { lines: string[] } {
  const lines: string[] = [];
  const over = proxyOverScripted((url) => ({
    apiKey,
    upstream: `${url}/base`,
    logger: (l) => lines.push(l),
    ...more(url),
  }));
  beforeEach(() => {
    over.upstream.requests.length = 0;
    over.upstream.respond = (_req, res) => sendJson(res, 200, { ok: true });
  });
  return Object.assign(over, { lines });
}
