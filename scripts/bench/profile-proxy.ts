/**
 * `npx tsx scripts/bench/profile-proxy.ts [proxy|relay|proxy-without-limits]`: a `--cpu-prof`
 * profile of one server of the proxy bench under the bench's load (the same read, autocannon,
 * 10 connections), the mock in a process of its own. Prints the profile's heaviest self-time
 * functions and groups (by file), so a change's effect on the proxy's CPU is read as shares.
 */
import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { randomSessionSecret } from '../../proxy/node.ts';
import { benchRead, serve } from './proxy.ts';

const kind = process.argv[2] ?? 'proxy';
const amount = Number(process.env['AMOUNT'] ?? 30000);
const dir = mkdtempSync(join(tmpdir(), 'proxy-prof-'));
const mock = await serve('mock');
const secret = randomSessionSecret();
const session = await serve('proxy', mock.url, mock.apiKey, secret);
const script = fileURLToPath(new URL('./serve.ts', import.meta.url));
const child = spawn(
  process.execPath,
  [
    '--cpu-prof',
    '--cpu-prof-dir',
    dir,
    '--import',
    'tsx',
    script,
    kind,
    mock.url,
    mock.apiKey,
    secret,
  ],
  { stdio: ['pipe', 'pipe', 'inherit'] },
);
const lines = createInterface({ input: child.stdout });
const { url } = JSON.parse(await new Promise<string>((resolve) => lines.once('line', resolve))) as {
  url: string;
};
const read = await benchRead(session.url);
const result = await autocannon({
  url: url + read.path,
  headers: { ...read.token, ...read.session },
  connections: 10,
  amount,
});
if (result.non2xx || result.errors)
  throw new Error(`${result.non2xx} non-2xx, ${result.errors} errors`);
await new Promise<void>((resolve) => {
  child.once('exit', () => resolve());
  child.stdin.end();
});
session.close();
mock.close();

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
// tsx's loader thread writes a profile too: the main thread's is the largest.
const file = readdirSync(dir)
  .filter((f) => f.endsWith('.cpuprofile'))
  .map((f) => join(dir, f))
  .sort((a, b) => statSync(b).size - statSync(a).size)[0]!;
const profile = JSON.parse(readFileSync(file, 'utf8')) as {
  nodes: Node[];
  samples: number[];
  timeDeltas: number[];
};
const self = new Map<number, number>();
profile.samples.forEach((id, i) =>
  self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)),
);
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const total = [...self.entries()]
  .filter(([id]) => byId.get(id)!.callFrame.functionName !== '(idle)')
  .reduce((a, [, t]) => a + t, 0);
const fns = new Map<string, number>();
const files = new Map<string, number>();
for (const [id, t] of self) {
  const { functionName, url: u, lineNumber } = byId.get(id)!.callFrame;
  if (functionName === '(idle)') continue;
  const short = u
    .replace(/^.*node_modules\//, 'nm/')
    .replace(new URL('../../', import.meta.url).href, '');
  fns.set(
    `${functionName || '(anon)'} ${short}:${lineNumber + 1}`,
    (fns.get(`${functionName || '(anon)'} ${short}:${lineNumber + 1}`) ?? 0) + t,
  );
  const group = short.startsWith('nm/')
    ? short
        .split('/')
        .slice(0, short.startsWith('nm/@') ? 3 : 2)
        .join('/')
    : short || functionName;
  files.set(group, (files.get(group) ?? 0) + t);
}
const pct = (t: number) => `${((t / total) * 100).toFixed(1)} %`;
console.log(
  `${kind}: ${result.requests.total} requests, ${(total / result.requests.total).toFixed(0)} µs profiled CPU a request; ${file}`,
);
for (const [name, t] of [...files].sort((a, b) => b[1] - a[1]).slice(0, 25))
  console.log(`  ${pct(t)}  ${name}`);
console.log('functions:');
for (const [name, t] of [...fns].sort((a, b) => b[1] - a[1]).slice(0, 40))
  console.log(`  ${pct(t)}  ${name}`);
