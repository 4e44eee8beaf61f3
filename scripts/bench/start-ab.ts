/**
 * `npx tsx scripts/bench/start-ab.ts [--phone] [--runs N] [--loads loader,es] [a=DIR b=DIR …]`:
 * the start figure alone (browser.ts's: navigation → interactive lookup form, widget ÷ the plain
 * form loaded just before it), for the working tree (no DIR given: built afresh into a temporary
 * folder) or for two or more builds of the CDN folder in one run, so that an A/B comparison meets
 * the same load on the machine. Each round loads the plain page, then every build by every load
 * kind (`loader`, `preload`, `es`, `standalone`), each in a fresh context, the order of the builds
 * rotated each round; one warm-up round is not counted. Prints each build's median ratio and ms.
 * `--cpu` also traces every load and reports the main thread's CPU time (the trace's thread
 * durations) from navigation to the interactive form: it counts work, not waiting, and so moves
 * less than wall time on a loaded machine (tracing slows every load alike).
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
const cpu = args.includes('--cpu');
if (cpu) args.splice(args.indexOf('--cpu'), 1);
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
interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  tdur?: number;
  args?: { name?: string; data?: { isLoadingMainFrame?: boolean } };
}
/** The renderer main thread's CPU (ms) from the main frame's navigation to `interactiveMs`. */
function mainThreadCpu(events: TraceEvent[], interactiveMs: number): number {
  const nav = events.filter(
    (e) => e.name === 'navigationStart' && e.args?.data?.isLoadingMainFrame,
  );
  const start = nav.at(-1);
  if (!start) return NaN;
  const main = events.find(
    (e) => e.ph === 'M' && e.pid === start.pid && e.args?.name === 'CrRendererMain',
  )?.tid;
  const end = start.ts + interactiveMs * 1000;
  let sum = 0;
  for (const e of events) {
    if (e.pid !== start.pid || e.tid !== main || e.ph !== 'X' || e.ts < start.ts || e.ts > end)
      continue;
    if (e.name === 'ThreadControllerImpl::RunTask') sum += (e.tdur ?? 0) / 1000;
  }
  return sum;
}
async function time(url: string): Promise<Bench> {
  const page = await newPage(browser, errors, phone);
  if (cpu) {
    await browser.startTracing(page, {
      categories: ['toplevel', 'devtools.timeline', 'blink.user_timing', '__metadata'],
    });
  }
  await page.goto(url);
  const t = await page.waitForFunction(
    () => (window as unknown as { __bench?: Bench }).__bench?.interactive,
    undefined,
    { timeout: 60_000 },
  );
  const bench = await page.evaluate(() => (window as unknown as { __bench: Bench }).__bench);
  if (cpu) {
    const { traceEvents } = JSON.parse((await browser.stopTracing()).toString()) as {
      traceEvents: TraceEvent[];
    };
    bench['cpu'] = mainThreadCpu(traceEvents, bench['interactive']!);
  }
  await t.dispose();
  await page.context().close();
  return bench;
}
const ratios = new Map<string, number[]>();
const times = new Map<string, number[]>();
const cpus = new Map<string, number[]>();
const plain: number[] = [];
const plainCpu: number[] = [];
try {
  for (let i = -1; i < runs; i++) {
    const plainLoad = await time(`${servers[0]!.url}/plain.html`);
    const p = plainLoad['interactive']!;
    if (i >= 0) plain.push(p);
    if (i >= 0 && cpu) plainCpu.push(plainLoad['cpu']!);
    for (let k = 0; k < builds.length; k++) {
      const b = (k + Math.max(i, 0)) % builds.length;
      for (const kind of loads) {
        const widget = await time(`${servers[b]!.url}/widget.html?load=${kind}`);
        const t = widget['interactive']!;
        if (i < 0) continue;
        const key = `${builds[b]!.name} ${kind}`;
        (ratios.get(key) ?? ratios.set(key, []).get(key)!).push(t / p);
        (times.get(key) ?? times.set(key, []).get(key)!).push(t);
        if (cpu) (cpus.get(key) ?? cpus.set(key, []).get(key)!).push(widget['cpu']!);
      }
    }
  }
} finally {
  await browser.close();
  await Promise.all(servers.map((s) => s.close()));
  if (fresh) await rm(fresh, { recursive: true, force: true });
}
console.log(
  `${phone ? 'phone' : 'desktop'}, ${runs} rounds, load average ${load.toFixed(2)} → ${loadavg()[0]!.toFixed(2)}; plain ${median(plain).toFixed(1)} ms` +
    (cpu ? `, main-thread CPU ${median(plainCpu).toFixed(1)} ms` : ''),
);
for (const [key, rs] of [...ratios].sort()) {
  const ts = times.get(key)!;
  const main = cpu ? `  main-thread CPU ${median(cpus.get(key)!).toFixed(1)} ms` : '';
  console.log(`${key.padEnd(24)} ${median(rs).toFixed(2)}×  ${median(ts).toFixed(1)} ms${main}`);
}
if (errors.length) console.log('page errors:', [...new Set(errors)].slice(0, 5));
