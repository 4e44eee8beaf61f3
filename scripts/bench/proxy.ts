/**
 * The proxy's cost, side by side in one run: the embedded mock and the reference proxy in front
 * of it, each in a process of its own on loopback, asked the same read (a return's refund options)
 * directly and through the proxy.
 * - Added latency: sequential keep-alive requests, alternating blocks of each, medians compared
 *   (sub-millisecond timing; a load tool's histogram rounds to whole milliseconds).
 * - CPU per request under load (autocannon, 10 connections), read by each server process itself
 *   (process.cpuUsage, asked over its stdin before and after a load: never the load tool's nor
 *   the mock's CPU in the proxy's figure). Four targets are loaded in turn in every round, in an
 *   order that rotates from round to round: the mock asked directly, the proxy, a bare relay
 *   (relay.ts: node:http in and out, REVER's key added, nothing checked) and the same proxy built
 *   without its limits and checks. What is reported is paired within a round (the proxy ÷ the
 *   relay, the proxy − the proxy without limits) and the median over the rounds taken, so load
 *   from other work that comes and goes moves both sides of a pair alike.
 * - Throughput: the same loads' mean requests per second (reported only: on two shared cores it
 *   is bounded by the load tool and the mock sharing them).
 */
import autocannon from 'autocannon';
import { spawn, type ChildProcess } from 'node:child_process';
import { Agent, request } from 'node:http';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { API_KEY_HEADER, CUSTOMER_TOKEN_HEADER, SESSION_HEADER } from '../../contract/index.ts';
import { median, quantile, range } from './browser.ts';

export interface Served {
  url: string;
  apiKey: string;
  pid: number;
  /** The CPU time (user + system, µs) the server's process has used so far. */
  cpuUs(): Promise<number>;
  close(): void;
}

/** Starts `serve.ts` in a child process (see there) and waits for its URL. */
export function serve(...args: string[]): Promise<Served> {
  return serveScript(fileURLToPath(new URL('./serve.ts', import.meta.url)), ...args);
}

/** Starts a `serve.ts` (this tree's, or another checkout's) in a child process. */
export async function serveScript(script: string, ...args: string[]): Promise<Served> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const waiting: { resolve(line: string): void; reject(error: Error): void }[] = [];
  createInterface({ input: child.stdout! }).on('line', (line) => waiting.shift()?.resolve(line));
  child.once('exit', (code) => {
    for (const w of waiting.splice(0)) w.reject(new Error(`serve.ts ${args[0]} exited (${code})`));
  });
  const nextLine = () =>
    new Promise<string>((resolve, reject) => waiting.push({ resolve, reject }));
  const { url, apiKey } = JSON.parse(await nextLine()) as { url: string; apiKey: string };
  return {
    url,
    apiKey,
    pid: child.pid!,
    cpuUs: async () => {
      const answer = nextLine();
      child.stdin!.write('cpu\n');
      return (JSON.parse(await answer) as { cpuUs: number }).cpuUs;
    },
    close: () => child.stdin!.end(),
  };
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
  /**
   * CPU per request under load (µs, the median over the rounds), each read by the server process
   * itself: the mock's when asked directly; the proxy's and the mock's when asked through the
   * proxy; the bare relay's; the proxy's without its limits; the load tool's own (this process),
   * asked directly and through the proxy.
   */
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
   * What the limits and checks cost per request (µs of CPU): in each round, the proxy's CPU per
   * request less that of the same proxy without them, loaded next to it; the median of the rounds'.
   */
  limitsCostUs: number;
  /** The lowest and highest of the rounds' differences, to show the noise around the median. */
  limitsCostRangeUs: [number, number];
  rounds: number;
  /** Seconds each target was loaded, per round. */
  secondsPerLoad: number;
  /** The proxy's CPU per request ÷ the bare relay's, in each round; the median of the rounds'. */
  cpuRatioToRelay: number;
  /** The lowest and highest of the rounds' ratios. */
  cpuRatioRange: [number, number];
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

/**
 * Loads one target for `seconds` (or for `amount` requests); the CPU per request of each server
 * given, and the load tool's.
 */
async function load(target: Target, seconds: number, servers: Served[], amount?: number) {
  const before = await Promise.all(servers.map((s) => s.cpuUs()));
  const own = process.cpuUsage();
  const result = await autocannon({
    url: target.url,
    headers: target.headers,
    connections: 10,
    ...(amount ? { amount } : { duration: seconds }),
  });
  const used = process.cpuUsage(own);
  const after = await Promise.all(servers.map((s) => s.cpuUs()));
  const requests = result.requests.total;
  // A refusal (a 429 past the session budget, say) costs far less than a forwarded read: a
  // figure measured on refusals is no figure, so the run stops instead.
  if (result.errors || result.non2xx || !requests) {
    throw new Error(
      `${target.url}: ${result.non2xx} answers not 2xx and ${result.errors} errors under load`,
    );
  }
  return {
    rps: result.requests.average,
    errors: result.errors + result.non2xx,
    cpuUs: servers.map((_, i) => (after[i]! - before[i]!) / requests),
    loadToolUs: (used.user + used.system) / requests,
  };
}

/**
 * The bench's read: a return of order 1001 started through the proxy at `proxyUrl`, the path of
 * its refund options, and the headers a call needs: the customer token, and the session token
 * the intent's answer carries (valid on every proxy given the same secret).
 */
export async function benchRead(proxyUrl: string) {
  const started = await fetch(`${proxyUrl}/returns/intent/start`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'ana.garcia@example.com', order_number: '1001' }),
  });
  const { order } = (await started.json()) as {
    order: { return_id: string; customer_token: string };
  };
  return {
    path: `/returns/${order.return_id}/refund_options`,
    token: { [CUSTOMER_TOKEN_HEADER]: order.customer_token },
    session: { [SESSION_HEADER]: started.headers.get(SESSION_HEADER) ?? '' },
  };
}

export async function runProxyBench(
  mock: Served,
  proxy: Served,
  relay: Served,
  withoutLimits: Served,
  opts: { samples?: number; seconds?: number; rounds?: number; warmup?: number } = {},
): Promise<ProxyFigures> {
  // The direct calls go with REVER's key instead of the session.
  const { path, token, session } = await benchRead(proxy.url);
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

  const seconds = opts.seconds ?? 2;
  const rounds = opts.rounds ?? 5;
  type Kind = 'direct' | 'proxied' | 'relayed' | 'unlimited';
  const loads: Record<Kind, { target: Target; servers: Served[] }> = {
    direct: { target: direct, servers: [mock] },
    proxied: { target: proxied, servers: [proxy, mock] },
    relayed: { target: relayed, servers: [relay, mock] },
    unlimited: { target: unlimited, servers: [withoutLimits, mock] },
  };
  const kinds = Object.keys(loads) as Kind[];
  // Every server warm before any round: its code compiled by the JIT's optimising tier (a number
  // of calls, not of seconds: on a loaded machine a second is a few hundred requests, and a
  // server still partly interpreted was measured 30 % dearer) and its connections open.
  const warmup = opts.warmup ?? 3000;
  for (const kind of kinds) await load(loads[kind].target, 0, loads[kind].servers, warmup);
  const measured = kinds.map(() => [] as Awaited<ReturnType<typeof load>>[]);
  const byKind = Object.fromEntries(kinds.map((k, i) => [k, measured[i]!])) as Record<
    Kind,
    Awaited<ReturnType<typeof load>>[]
  >;
  for (let r = 0; r < rounds; r++) {
    // Rotated each round, so no target always runs first (after an idle pause) or last.
    for (let k = 0; k < kinds.length; k++) {
      const kind = kinds[(k + r) % kinds.length]!;
      byKind[kind].push(await load(loads[kind].target, seconds, loads[kind].servers));
    }
  }
  const { direct: d, proxied: p, relayed: b, unlimited: u } = byKind;
  const ratios = p.map((x, i) => x.cpuUs[0]! / b[i]!.cpuUs[0]!);
  const limitCosts = p.map((x, i) => x.cpuUs[0]! - u[i]!.cpuUs[0]!);
  const mean = (xs: number[]) => xs.reduce((a, c) => a + c, 0) / xs.length;
  const directMedianMs = median(times[0]);
  const proxyMedianMs = median(times[1]);
  return {
    latencySamples: samples,
    directMedianMs,
    proxyMedianMs,
    addedMedianMs: proxyMedianMs - directMedianMs,
    directP99Ms: quantile(times[0], 0.99),
    proxyP99Ms: quantile(times[1], 0.99),
    directRps: mean(d.map((x) => x.rps)),
    proxyRps: mean(p.map((x) => x.rps)),
    throughputRatio: mean(p.map((x) => x.rps)) / mean(d.map((x) => x.rps)),
    cpuPerRequestUs: {
      mockDirect: median(d.map((x) => x.cpuUs[0]!)),
      proxy: median(p.map((x) => x.cpuUs[0]!)),
      mockBehindProxy: median(p.map((x) => x.cpuUs[1]!)),
      loadToolDirect: median(d.map((x) => x.loadToolUs)),
      loadToolProxied: median(p.map((x) => x.loadToolUs)),
      relay: median(b.map((x) => x.cpuUs[0]!)),
      proxyWithoutLimits: median(u.map((x) => x.cpuUs[0]!)),
    },
    limitsCostUs: median(limitCosts),
    limitsCostRangeUs: range(limitCosts),
    relayRps: mean(b.map((x) => x.rps)),
    rounds,
    secondsPerLoad: seconds,
    cpuRatioToRelay: median(ratios),
    cpuRatioRange: range(ratios),
    errors: [...d, ...p, ...b, ...u].reduce((n, x) => n + x.errors, 0),
  };
}
