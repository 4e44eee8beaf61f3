/**
 * `BASE=<another checkout> npx tsx scripts/bench/ab.ts`: this tree's proxy against another
 * tree's (a commit before a change), with the bare relay, the bench's read under load, in many
 * short rotated rounds (ROUNDS of AMOUNT requests each); the medians of the rounds' ratios, each
 * server reading its own CPU. For weighing one change on a shared machine; not part of the bench.
 */
import { randomSessionSecret } from '../../proxy/node.ts';
import autocannon from 'autocannon';
import { benchRead, serve, serveScript, type Served } from './proxy.ts';

const base = process.env['BASE'];
if (!base)
  throw new Error('BASE=<another checkout of this project, with node_modules> is required');
const mock = await serve('mock');
const secret = randomSessionSecret();
const proxy = await serve('proxy', mock.url, mock.apiKey, secret);
const relay = await serve('relay', mock.url, mock.apiKey);
const old = await serveScript(
  `${base}/scripts/bench/serve.ts`,
  'proxy',
  mock.url,
  mock.apiKey,
  secret,
);
try {
  // A session and a return, opened through the new proxy (the same secret: valid on the base).
  const { path, token, session } = await benchRead(proxy.url);
  const headers = { ...token, ...session };
  const targets = { new: proxy, base: old, relay } as const;
  const names = Object.keys(targets) as (keyof typeof targets)[];
  const amount = Number(process.env['AMOUNT'] ?? 2000);
  const perRequest = async (server: Served) => {
    const before = await server.cpuUs();
    const result = await autocannon({ url: server.url + path, headers, connections: 10, amount });
    if (result.non2xx || result.errors) throw new Error(`${server.url}: not 2xx`);
    return ((await server.cpuUs()) - before) / result.requests.total;
  };
  for (const name of names) await perRequest(targets[name]); // warm
  for (const name of names) await perRequest(targets[name]);
  const rounds = Number(process.env['ROUNDS'] ?? 20);
  const us: Record<string, number[]> = { new: [], base: [], relay: [] };
  for (let r = 0; r < rounds; r++) {
    for (let k = 0; k < names.length; k++) {
      const name = names[(k + r) % names.length]!;
      us[name]!.push(await perRequest(targets[name]));
    }
  }
  const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const ratio = (a: string, b: string) => med(us[a]!.map((x, i) => x / us[b]![i]!));
  console.log(
    `${rounds} rounds of ${amount}: new ${med(us['new']!).toFixed(0)} µs, base ${med(us['base']!).toFixed(0)} µs, relay ${med(us['relay']!).toFixed(0)} µs; ` +
      `new÷base ${ratio('new', 'base').toFixed(3)}, new÷relay ${ratio('new', 'relay').toFixed(2)}, base÷relay ${ratio('base', 'relay').toFixed(2)}`,
  );
} finally {
  for (const s of [mock, proxy, relay, old]) s.close();
}
