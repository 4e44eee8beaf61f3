/**
 * `npx tsx scripts/bench/start-ab.ts [--phone] [--runs N] [--loads loader,es] [a=DIR b=DIR …]`:
 * the start figure alone (browser.ts's: navigation → interactive lookup form, widget ÷ the plain
 * form loaded just before it), for the working tree (no DIR given: built afresh into a temporary
 * folder) or for two or more builds of the CDN folder in one run, so that an A/B comparison meets
 * the same load on the machine. Each round loads the plain page, then every build by every load
 * kind (`loader`, `preload`, `es`, `standalone`), each in a fresh context, the order of the builds
 * rotated each round; one warm-up round is not counted. Prints each build's median ratio and ms.
 * Build a folder with `vite build --outDir DIR && vite build --mode loader --outDir DIR` (and
 * `--mode standalone` for that load).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { browserPath } from '../executables.ts';
import { median, newPage } from './browser.ts';
import { measureBytes } from './bytes.ts';
import { startPages, type Load } from './pages.ts';

const args = process.argv.slice(2);
const flag = (name: string) => {
  const at = args.indexOf(name);
  if (at === -1) return undefined;
  const [value] = args.splice(at, 2).slice(1);
  return value;
};
const phone = args.includes('--phone');
if (phone) args.splice(args.indexOf('--phone'), 1);
const runs = Number(flag('--runs') ?? 15);
const loads = (flag('--loads') ?? 'loader,es').split(',') as Load[];
const builds = args.map((a) => {
  const [name, dir] = a.split('=');
  if (!name || !dir) throw new Error(`expected name=DIR, got "${a}"`);
  return { name, dir };
});
const fresh = builds.length ? undefined : await mkdtemp(join(tmpdir(), 'rever-start-'));
if (fresh) {
  console.error('start: building the bundles…');
  await measureBytes(fresh);
  builds.push({ name: 'this tree', dir: fresh });
}

const load = loadavg()[0]!;
const servers = await Promise.all(builds.map((b) => startPages(b.dir, 'http://127.0.0.1:9')));
const browser = await chromium.launch({
  executablePath: browserPath(),
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
});
const errors: string[] = [];
type Bench = Record<string, number>;
async function time(url: string): Promise<Bench> {
  const page = await newPage(browser, errors, phone);
  await page.goto(url);
  const t = await page.waitForFunction(
    () => (window as unknown as { __bench?: Bench }).__bench?.interactive,
    undefined,
    { timeout: 60_000 },
  );
  const bench = await page.evaluate(() => (window as unknown as { __bench: Bench }).__bench);
  await t.dispose();
  await page.context().close();
  return bench;
}
const ratios = new Map<string, number[]>();
const times = new Map<string, number[]>();
const plain: number[] = [];
try {
  for (let i = -1; i < runs; i++) {
    const p = (await time(`${servers[0]!.url}/plain.html`))['interactive']!;
    if (i >= 0) plain.push(p);
    for (let k = 0; k < builds.length; k++) {
      const b = (k + Math.max(i, 0)) % builds.length;
      for (const kind of loads) {
        const t = (await time(`${servers[b]!.url}/widget.html?load=${kind}`))['interactive']!;
        if (i < 0) continue;
        const key = `${builds[b]!.name} ${kind}`;
        (ratios.get(key) ?? ratios.set(key, []).get(key)!).push(t / p);
        (times.get(key) ?? times.set(key, []).get(key)!).push(t);
      }
    }
  }
} finally {
  await browser.close();
  await Promise.all(servers.map((s) => s.close()));
  if (fresh) await rm(fresh, { recursive: true, force: true });
}
console.log(
  `${phone ? 'phone' : 'desktop'}, ${runs} rounds, load average ${load.toFixed(2)} → ${loadavg()[0]!.toFixed(2)}; plain ${median(plain).toFixed(1)} ms`,
);
for (const [key, rs] of [...ratios].sort()) {
  const ts = times.get(key)!;
  console.log(`${key.padEnd(24)} ${median(rs).toFixed(2)}×  ${median(ts).toFixed(1)} ms`);
}
if (errors.length) console.log('page errors:', [...new Set(errors)].slice(0, 5));
