/**
 * The proxy's cost, side by side in one run: the embedded mock and the reference proxy in front
 * of it, each in a process of its own on loopback, asked the same read (a return's refund options)
 * directly and through the proxy.
 * - Added latency: sequential keep-alive requests, alternating blocks of each, medians compared
 *   (sub-millisecond timing; a load tool's histogram rounds to whole milliseconds).
 * - Throughput: autocannon, 10 connections, alternating runs of each, mean requests per second.
 */
import autocannon from 'autocannon';
import { spawn, type ChildProcess } from 'node:child_process';
import { Agent, request } from 'node:http';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { API_KEY_HEADER, CUSTOMER_TOKEN_HEADER } from '../../src/services/contract.ts';
import { median, quantile } from './browser.ts';

export interface Served {
  url: string;
  apiKey: string;
  close(): void;
}

/** Starts `serve.ts` in a child process (see there) and waits for its URL. */
export async function serve(...args: string[]): Promise<Served> {
  const script = fileURLToPath(new URL('./serve.ts', import.meta.url));
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`serve.ts ${args[0]} exited (${code})`)));
  });
  const { url, apiKey } = JSON.parse(line) as { url: string; apiKey: string };
  return { url, apiKey, close: () => child.stdin!.end() };
}

export interface ProxyFigures {
  latencySamples: number;
  directMedianMs: number;
  proxyMedianMs: number;
  addedMedianMs: number;
  directP99Ms: number;
  proxyP99Ms: number;
  directRps: number;
  proxyRps: number;
  throughputRatio: number;
  errors: number;
}

interface Target {
  url: string;
  headers: Record<string, string>;
}

function timeOne(agent: Agent, target: Target): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const req = request(target.url, { agent, headers: target.headers }, (res) => {
      res.resume();
      res.on('end', () =>
        res.statusCode === 200
          ? resolve(performance.now() - t0)
          : reject(new Error(`HTTP ${res.statusCode} from ${target.url}`)),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

async function load(target: Target, seconds: number) {
  const result = await autocannon({
    url: target.url,
    headers: target.headers,
    connections: 10,
    duration: seconds,
  });
  return { rps: result.requests.average, errors: result.errors + result.non2xx };
}

export async function runProxyBench(
  mock: Served,
  proxy: Served,
  opts: { samples?: number; seconds?: number; rounds?: number } = {},
): Promise<ProxyFigures> {
  // A return to read from: started at the mock with REVER's key, as the proxy would.
  const started = await fetch(`${mock.url}/returns/intent/start`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [API_KEY_HEADER]: mock.apiKey },
    body: JSON.stringify({ email: 'ana.garcia@example.com', order_number: '1001' }),
  });
  const { order } = (await started.json()) as {
    order: { return_id: string; customer_token: string };
  };
  const path = `/returns/${order.return_id}/refund_options`;
  const token = { [CUSTOMER_TOKEN_HEADER]: order.customer_token };
  const direct: Target = {
    url: mock.url + path,
    headers: { ...token, [API_KEY_HEADER]: mock.apiKey },
  };
  const proxied: Target = { url: proxy.url + path, headers: token };

  const samples = opts.samples ?? 3000;
  const block = 250;
  const agents = [
    new Agent({ keepAlive: true, maxSockets: 1 }),
    new Agent({ keepAlive: true, maxSockets: 1 }),
  ];
  const times: [number[], number[]] = [[], []];
  // Warm both paths, then alternate blocks so drift (GC, other load) hits both alike.
  for (let i = 0; i < 200; i++) {
    await timeOne(agents[0]!, direct);
    await timeOne(agents[1]!, proxied);
  }
  for (let done = 0; done < samples; done += block) {
    for (const [k, target] of [direct, proxied].entries()) {
      for (let i = 0; i < block; i++) times[k]!.push(await timeOne(agents[k]!, target));
    }
  }
  agents.forEach((a) => a.destroy());

  const seconds = opts.seconds ?? 5;
  const rounds = opts.rounds ?? 2;
  const rps: [number[], number[]] = [[], []];
  let errors = 0;
  for (let r = 0; r < rounds; r++) {
    for (const [k, target] of [direct, proxied].entries()) {
      const run = await load(target, seconds);
      rps[k]!.push(run.rps);
      errors += run.errors;
    }
  }
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const directMedianMs = median(times[0]);
  const proxyMedianMs = median(times[1]);
  return {
    latencySamples: samples,
    directMedianMs,
    proxyMedianMs,
    addedMedianMs: proxyMedianMs - directMedianMs,
    directP99Ms: quantile(times[0], 0.99),
    proxyP99Ms: quantile(times[1], 0.99),
    directRps: mean(rps[0]),
    proxyRps: mean(rps[1]),
    throughputRatio: mean(rps[1]) / mean(rps[0]),
    errors,
  };
}
