// A/B: the proxy of this tree against the proxy of another tree (BASE, default /tmp/relay17/base),
// with the bare relay, in the bench's rotated rounds. Not part of the bench.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { randomSessionSecret } from '../../proxy/node.ts';
import { runProxyBench, serve, type Served } from './proxy.ts';

async function serveAt(script: string, ...args: string[]): Promise<Served> {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const waiting: ((line: string) => void)[] = [];
  createInterface({ input: child.stdout }).on('line', (line) => waiting.shift()?.(line));
  const nextLine = () => new Promise<string>((resolve) => waiting.push(resolve));
  const { url, apiKey } = JSON.parse(await nextLine()) as { url: string; apiKey: string };
  return {
    url,
    apiKey,
    pid: child.pid!,
    cpuUs: async () => {
      const answer = nextLine();
      child.stdin.write('cpu\n');
      return (JSON.parse(await answer) as { cpuUs: number }).cpuUs;
    },
    close: () => child.stdin.end(),
  };
}

const base = process.env['BASE'] ?? '/tmp/relay17/base';
const mock = await serve('mock');
const secret = randomSessionSecret();
const proxy = await serve('proxy', mock.url, mock.apiKey, secret);
const relay = await serve('relay', mock.url, mock.apiKey);
const old = await serveAt(`${base}/scripts/bench/serve.ts`, 'proxy', mock.url, mock.apiKey, secret);
try {
  const f = await runProxyBench(mock, proxy, relay, old, {
    samples: 250,
    rounds: Number(process.env['ROUNDS'] ?? 7),
  });
  const c = f.cpuPerRequestUs;
  console.log(
    `new ${c.proxy.toFixed(0)} µs, base ${c.proxyWithoutLimits.toFixed(0)} µs, relay ${c.relay.toFixed(0)} µs; ` +
      `new−base median ${f.limitsCostUs.toFixed(0)} µs (rounds ${f.limitsCostRangeUs.map((x) => x.toFixed(0)).join('…')}); ` +
      `new÷relay ${f.cpuRatioToRelay.toFixed(2)} (${f.cpuRatioRange.map((x) => x.toFixed(2)).join('–')}), base÷relay ${(c.proxyWithoutLimits / c.relay).toFixed(2)}`,
  );
} finally {
  for (const s of [mock, proxy, relay, old]) s.close();
}
