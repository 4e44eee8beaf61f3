/**
 * `npm run bench`: every figure of issue 6 beside its target, in one run on this machine.
 * Prints a table, writes bench/results.json, and with `--readme` puts the table and the machine
 * into README.md between the `bench:start` / `bench:end` markers.
 * Timing targets are reported here, never asserted in tests; byte budgets are also checked by
 * `npm run test:size`.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import * as prettier from 'prettier';
import { BUDGETS, measureBytes } from './bytes.ts';
import { runBrowserBench } from './browser.ts';
import { runProxyBench, serve } from './proxy.ts';
import { runStoreBench } from './stores.ts';

const quick = process.argv.includes('--quick');
const writeReadme = process.argv.includes('--readme');

const loadBefore = loadavg()[0]!;
const cdnDir = await mkdtemp(join(tmpdir(), 'rever-bench-'));
const mock = await serve('mock');
const proxy = await serve('proxy', mock.url, mock.apiKey);
let results;
try {
  console.error('bench: building the bundles…');
  const bytes = await measureBytes(cdnDir);
  console.error('bench: browser (start, big order, requests)…');
  const browser = await runBrowserBench(
    cdnDir,
    proxy.url,
    quick ? { startRuns: 5, renderRuns: 3, toggles: 20 } : {},
  );
  console.error('bench: proxy (latency, throughput)…');
  const proxyFigures = await runProxyBench(
    mock,
    proxy,
    quick ? { samples: 1000, seconds: 2, rounds: 1 } : {},
  );
  console.error('bench: rate-limit stores (memory, Durable Object under workerd; memory, Redis)…');
  const stores = await runStoreBench(
    quick ? { rounds: 1, memoryHits: 20_000, remoteHits: 500 } : {},
  );
  results = {
    date: new Date().toISOString(),
    machine: {
      cpu: cpus()[0]?.model.trim() ?? 'unknown',
      cores: cpus().length,
      memoryGiB: Math.round(totalmem() / 2 ** 30),
      node: process.version,
      /** The 1-minute load average before and after: other work on the machine moves timings. */
      loadAverage: [loadBefore, loadavg()[0]!],
      chromium: browser.chromium,
      commit: git(['rev-parse', '--short', 'HEAD']),
      dirty: git(['status', '--porcelain']) !== '',
    },
    bytes,
    start: browser.start,
    bigOrder: browser.bigOrder,
    requests: browser.requests,
    requestsEs: browser.requestsEs,
    proxy: proxyFigures,
    stores,
    pageErrors: browser.pageErrors,
  };
} finally {
  mock.close();
  proxy.close();
  await rm(cdnDir, { recursive: true, force: true });
}

function git(args: string[]): string {
  try {
    return execFileSync('git', args, { encoding: 'utf8' }).trim();
  } catch {
    return '';
  }
}

const B = (n: number) => `${n.toLocaleString('en')} B`;
const ms = (n: number) => `${n.toFixed(n < 10 ? 2 : 1)} ms`;
const us = (n: number) => `${n < 10 ? n.toFixed(1) : Math.round(n).toLocaleString('en')} µs`;
const yes = (ok: boolean) => (ok ? 'yes' : '**no**');
const r = results;
const reqLine = Object.entries(r.requests.minimum)
  .map(
    ([op, min]) =>
      `${op} ${r.requests.byOperation[op as keyof typeof r.requests.minimum] ?? 0}/${min}`,
  )
  .join(', ');
const rows: [string, string, string, boolean][] = [
  [
    'IIFE, whole flow, English (gzip -9)',
    B(r.bytes.iifeGzip),
    `≤ ${B(BUDGETS.iifeGzip)}`,
    r.bytes.iifeGzip <= BUDGETS.iifeGzip,
  ],
  [
    `ES first load: ${r.bytes.esFirstLoadFiles.join(' + ')} (gzip -9)`,
    B(r.bytes.esFirstLoadGzip),
    `≤ ${B(BUDGETS.esFirstLoadGzip)}`,
    r.bytes.esFirstLoadGzip <= BUDGETS.esFirstLoadGzip,
  ],
  ...(['iife', 'es'] as const).flatMap((kind): [string, string, string, boolean][] => {
    const t = r.start[kind];
    const name = kind === 'iife' ? 'IIFE' : 'ES module';
    return [
      [
        `Start (${name}): navigation → interactive lookup form, widget ÷ plain HTML form loaded just before (median of ${r.start.runs} pairs; medians ${ms(t.ms)} and ${ms(r.start.plainMs)})`,
        `${t.ratio.toFixed(2)}×`,
        '≤ 1.5×',
        t.ratio <= 1.5,
      ],
      [
        `Start (${name}): the widget's script tag → its form laid out (median)`,
        ms(t.scriptMs),
        'reported',
        true,
      ],
    ];
  }),
  [
    `Big order: picker renders ${r.bigOrder.lines} lines (median of ${r.bigOrder.renderRuns.length})`,
    ms(r.bigOrder.renderMedianMs),
    '< 50 ms',
    r.bigOrder.renderMedianMs < 50,
  ],
  [
    `Big order: toggle a line (median of ${r.bigOrder.toggles}; p95 ${ms(r.bigOrder.toggleP95Ms)})`,
    ms(r.bigOrder.toggleMedianMs),
    '< 5 ms',
    r.bigOrder.toggleMedianMs < 5,
  ],
  [
    `Big order: ${r.bigOrder.images} images lazy with width and height; layout shift while scrolling the list`,
    `${yes(r.bigOrder.imagesLazyAndSized)}; CLS ${r.bigOrder.layoutShift.toFixed(3)}`,
    'lazy, sized, 0 shift',
    r.bigOrder.imagesLazyAndSized && r.bigOrder.layoutShift === 0,
  ],
  [
    `Requests: a complete two-item return (${reqLine}; ${r.requests.preflights} CORS preflights not counted)`,
    `${r.requests.total} (duplicates: ${r.requests.duplicates.length ? r.requests.duplicates.join('; ') : 'none'})`,
    `${r.requests.minimumTotal}, no duplicates`,
    r.requests.total === r.requests.minimumTotal && !r.requests.duplicates.length,
  ],
  [
    'Requests: the same return with the ES build (its chunks loaded on the way)',
    `${r.requestsEs.total} (duplicates: ${r.requestsEs.duplicates.length ? r.requestsEs.duplicates.join('; ') : 'none'})`,
    `${r.requestsEs.minimumTotal}, no duplicates`,
    r.requestsEs.total === r.requestsEs.minimumTotal && !r.requestsEs.duplicates.length,
  ],
  [
    `Proxy: median latency added (${ms(r.proxy.directMedianMs)} direct, ${ms(r.proxy.proxyMedianMs)} proxied; ${r.proxy.latencySamples} sequential each)`,
    ms(r.proxy.addedMedianMs),
    '≤ 1 ms',
    r.proxy.addedMedianMs <= 1,
  ],
  [
    `Proxy: throughput kept (${Math.round(r.proxy.proxyRps)} ÷ ${Math.round(r.proxy.directRps)} req/s, autocannon, 10 connections)`,
    `${(r.proxy.throughputRatio * 100).toFixed(0)} %`,
    '≥ 70 %',
    r.proxy.throughputRatio >= 0.7,
  ],
  [
    'Proxy: CPU per request under load, proxy / mock behind it / mock asked directly / load tool (direct, proxied)',
    `${Math.round(r.proxy.cpuPerRequestUs.proxy)} / ${Math.round(r.proxy.cpuPerRequestUs.mockBehindProxy)} / ${Math.round(r.proxy.cpuPerRequestUs.mockDirect)} / ${Math.round(r.proxy.cpuPerRequestUs.loadToolDirect)}, ${Math.round(r.proxy.cpuPerRequestUs.loadToolProxied)} µs`,
    'reported',
    true,
  ],
  [
    `Rate-limit store, cost per hit, wall (CPU of the process making it): memory under workerd / Durable Object under workerd (a round trip to the key's object, same process) / memory under Node / Redis under Node (loopback; redis-server's CPU not counted); one after another over ${r.stores.keys} keys, median of ${r.stores.rounds}`,
    [r.stores.memoryWorkerd, r.stores.durableObject, r.stores.memoryNode, r.stores.redis]
      .map((cost) => (cost ? `${us(cost.wallUs)} (${us(cost.cpuUs)})` : 'no redis-server'))
      .join(' / '),
    'reported',
    true,
  ],
];
const m = r.machine;
const table = [
  `Measured ${r.date.slice(0, 16).replace('T', ' ')} UTC at ${m.commit}${m.dirty ? ' (uncommitted changes)' : ''}` +
    ` on ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB, Node ${m.node}, Chromium ${m.chromium};` +
    ` load average ${m.loadAverage.map((l) => l.toFixed(1)).join(' → ')} (other jobs share the machine).`,
  '',
  '| Figure | Measured | Target | Met |',
  '| --- | --- | --- | --- |',
  ...rows.map(([name, value, target, ok]) => `| ${name} | ${value} | ${target} | ${yes(ok)} |`),
].join('\n');
const parts = r.bytes.iifeParts
  .filter((p) => p.marginalGzip >= 100)
  .map((p) => `${p.part} ${p.marginalGzip.toLocaleString('en')}`)
  .join(', ');
const breakdown = `What the IIFE's bytes are (marginal gzip, B, parts of 100 B or more): ${parts}.`;
const profile = Object.entries(r.start.iifeProfile)
  .map(([name, t]) => `${name} ${t.toFixed(1)} ms`)
  .join(', ');
const startProfile = `Where the IIFE page's start goes (traced, per load): ${profile}.`;
console.log(table);
console.log(`\n${breakdown}\n\n${startProfile}`);
if (r.pageErrors.length) console.log(`\nPage errors:\n${r.pageErrors.join('\n')}`);
if (r.requests.other.length)
  console.log(`\nRequests outside the contract:\n${r.requests.other.join('\n')}`);

await mkdir('bench', { recursive: true });
await writeFile('bench/results.json', JSON.stringify(r, null, 2) + '\n');
console.error('bench: wrote bench/results.json');
if (writeReadme) {
  const readme = await readFile('README.md', 'utf8');
  const next = readme.replace(
    /(<!-- bench:start -->\n)[\s\S]*?(\n<!-- bench:end -->)/,
    `$1\n${table}\n\n${breakdown}\n\n${startProfile}\n$2`,
  );
  if (next === readme) throw new Error('README.md has no bench markers');
  const options = (await prettier.resolveConfig('README.md')) ?? {};
  await writeFile('README.md', await prettier.format(next, { ...options, filepath: 'README.md' }));
  console.error('bench: updated README.md');
}
