/**
 * The proxy's cost, side by side in one run: the embedded mock and the reference proxy in front
 * of it, each in a process of its own on loopback, asked the same read (a return's refund options)
 * directly and through the proxy.
 * - Added latency: sequential keep-alive requests, alternating blocks of each, medians compared
 *   (sub-millisecond timing; a load tool's histogram rounds to whole milliseconds).
 * - Throughput: autocannon, 10 connections, alternating runs of each, mean requests per second.
 * - CPU per request under that load, read from /proc for each process: the proxy's, against a
 *   bare relay's (relay.ts: node:http in and out, REVER's key added, nothing checked) asked the
 *   same read with the same load tool in the same rounds. That ratio is the proxy's figure: on two
 *   shared cores, throughput is bounded by the load tool and the mock sharing them.
 */
import autocannon from 'autocannon';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { Agent, request } from 'node:http';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { API_KEY_HEADER, CUSTOMER_TOKEN_HEADER, SESSION_HEADER } from '../../contract/index.ts';
import { median, quantile } from './browser.ts';

export interface Served {
  url: string;
  apiKey: string;
  pid: number;
  close(): void;
}

/** CPU time (user + system, ms) a process has used so far; Linux only, else NaN. */
async function cpuMs(pid: number): Promise<number> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces): utime and stime are 14th and 15th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return NaN;
  }
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
  return { url, apiKey, pid: child.pid!, close: () => child.stdin!.end() };
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
  /** CPU per request under load (µs): the mock's when asked directly; the proxy's and the mock's
   *  when asked through the proxy; the load tool's own (this process), asked directly and through
   *  the proxy. Where they share cores, the ratio is bounded by these. */
  cpuPerRequestUs: {
    mockDirect: number;
    proxy: number;
    mockBehindProxy: number;
    loadToolDirect: number;
    loadToolProxied: number;
    relay: number;
    /** The same proxy without its session budget, intent limits and request checks. */
    proxyWithoutLimits: number;
  };
  relayRps: number;
  /**
   * What the limits and checks cost per request (µs of CPU): the proxy's CPU per request less
   * that of the same proxy without them, same read, same rounds (median of the rounds').
   */
  limitsCostUs: number;
  rounds: number;
  /** The proxy's CPU per request ÷ the bare relay's (median of the rounds' ratios). */
  cpuRatioToRelay: number;
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

async function load(target: Target, seconds: number, pids: number[]) {
  const before = await Promise.all(pids.map(cpuMs));
  const own = process.cpuUsage();
  const result = await autocannon({
    url: target.url,
    headers: target.headers,
    connections: 10,
    duration: seconds,
  });
  const used = process.cpuUsage(own);
  const after = await Promise.all(pids.map(cpuMs));
  const requests = result.requests.total;
  // A refusal (a 429 past the session budget, say) costs far less than a forwarded read: a
  // figure measured on refusals is no figure, so the run stops instead.
  if (result.errors || result.non2xx) {
    throw new Error(
      `${target.url}: ${result.non2xx} answers not 2xx and ${result.errors} errors under load`,
    );
  }
  return {
    rps: result.requests.average,
    errors: result.errors + result.non2xx,
    cpuUs: pids.map((_, i) => ((after[i]! - before[i]!) * 1000) / requests),
    loadToolUs: (used.user + used.system) / requests,
  };
}

export async function runProxyBench(
  mock: Served,
  proxy: Served,
  relay: Served,
  withoutLimits: Served,
  opts: { samples?: number; seconds?: number; rounds?: number } = {},
): Promise<ProxyFigures> {
  // A return to read from, started through the proxy: its answer carries the session token
  // every later call through the proxy needs (the direct calls go with REVER's key instead).
  const started = await fetch(`${proxy.url}/returns/intent/start`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'ana.garcia@example.com', order_number: '1001' }),
  });
  const session = { [SESSION_HEADER]: started.headers.get(SESSION_HEADER) ?? '' };
  const { order } = (await started.json()) as {
    order: { return_id: string; customer_token: string };
  };
  const path = `/returns/${order.return_id}/refund_options`;
  const token = { [CUSTOMER_TOKEN_HEADER]: order.customer_token };
  const direct: Target = {
    url: mock.url + path,
    headers: { ...token, [API_KEY_HEADER]: mock.apiKey },
  };
  const proxied: Target = { url: proxy.url + path, headers: { ...token, ...session } };
  const relayed: Target = { url: relay.url + path, headers: { ...token } };
  // The same secret: the session opened through the proxy is valid here too.
  const unlimited: Target = { url: withoutLimits.url + path, headers: { ...token, ...session } };

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
  const rps: [number[], number[], number[]] = [[], [], []];
  const cpu = {
    mockDirect: [] as number[],
    proxy: [] as number[],
    mockBehindProxy: [] as number[],
    loadToolDirect: [] as number[],
    loadToolProxied: [] as number[],
    relay: [] as number[],
    proxyWithoutLimits: [] as number[],
  };
  const ratios: number[] = [];
  const limitCosts: number[] = [];
  let errors = 0;
  for (let r = 0; r < rounds; r++) {
    const d = await load(direct, seconds, [mock.pid]);
    rps[0].push(d.rps);
    cpu.mockDirect.push(d.cpuUs[0]!);
    cpu.loadToolDirect.push(d.loadToolUs);
    const p = await load(proxied, seconds, [proxy.pid, mock.pid]);
    rps[1].push(p.rps);
    cpu.proxy.push(p.cpuUs[0]!);
    cpu.mockBehindProxy.push(p.cpuUs[1]!);
    cpu.loadToolProxied.push(p.loadToolUs);
    const b = await load(relayed, seconds, [relay.pid, mock.pid]);
    rps[2].push(b.rps);
    cpu.relay.push(b.cpuUs[0]!);
    ratios.push(p.cpuUs[0]! / b.cpuUs[0]!);
    const u = await load(unlimited, seconds, [withoutLimits.pid, mock.pid]);
    cpu.proxyWithoutLimits.push(u.cpuUs[0]!);
    limitCosts.push(p.cpuUs[0]! - u.cpuUs[0]!);
    errors += d.errors + p.errors + b.errors + u.errors;
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
    cpuPerRequestUs: {
      mockDirect: mean(cpu.mockDirect),
      proxy: mean(cpu.proxy),
      mockBehindProxy: mean(cpu.mockBehindProxy),
      loadToolDirect: mean(cpu.loadToolDirect),
      loadToolProxied: mean(cpu.loadToolProxied),
      relay: mean(cpu.relay),
      proxyWithoutLimits: mean(cpu.proxyWithoutLimits),
    },
    limitsCostUs: median(limitCosts),
    relayRps: mean(rps[2]),
    rounds,
    cpuRatioToRelay: median(ratios),
    errors,
  };
}
