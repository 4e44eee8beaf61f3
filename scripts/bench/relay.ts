/**
 * A bare relay: what the proxy is compared with in `npm run bench` (proxy.ts). `node:http` in,
 * `node:http` out over a kept-alive Agent, REVER's key added, nothing checked: no contract match,
 * no origin or session check, no limits, no size caps, no log. Its CPU per request is the floor
 * any Node proxy pays for the two HTTP hops; the proxy's CPU per request is reported against it.
 * Never a way to deploy: it forwards whatever it is sent.
 */
import { Agent, createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { API_KEY_HEADER } from '../../contract/index.ts';

export interface RunningRelay {
  url: string;
  close(): Promise<void>;
}

export async function startRelay(upstream: string, apiKey: string): Promise<RunningRelay> {
  const target = new URL(upstream);
  // As the proxy's transport (node-fetch.ts): idle connections close before the upstream's
  // announced keep-alive timeout, so no call goes out on a socket the upstream is closing (a
  // 502 here would stop the bench).
  const agent = new Agent({ keepAlive: true, timeout: 30_000 });
  const server: Server = createServer((req, res) => {
    const headers = { ...req.headers, host: target.host, [API_KEY_HEADER]: apiKey };
    const out = request(
      {
        host: target.hostname,
        port: target.port,
        method: req.method,
        path: req.url,
        headers,
        agent,
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    out.on('error', () => res.writeHead(502).end());
    req.pipe(out);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        agent.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
