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
import { BUDGETS, CEILINGS, WHOLE_RETURN_CEILING, measureBytes } from './bytes.ts';
import { PHONE, runBrowserBench, type StartFigures } from './browser.ts';
import { runProxyBench, serve } from './proxy.ts';
import { runStoreBench } from './stores.ts';
import { randomSessionSecret } from '../../proxy/node.ts';

const quick = process.argv.includes('--quick');
const writeReadme = process.argv.includes('--readme');

const loadBefore = loadavg()[0]!;
const cdnDir = await mkdtemp(join(tmpdir(), 'rever-bench-'));
const mock = await serve('mock');
const secret = randomSessionSecret();
const proxy = await serve('proxy', mock.url, mock.apiKey, secret);
const withoutLimits = await serve('proxy-without-limits', mock.url, mock.apiKey, secret);
const relay = await serve('relay', mock.url, mock.apiKey);
let results;
try {
  console.error('bench: building the bundles…');
  const bytes = await measureBytes(cdnDir);
  console.error('bench: browser (start, big order, requests)…');
  const browser = await runBrowserBench(
    cdnDir,
    proxy.url,
    quick ? { startRuns: 5, phoneRuns: 5, renderRuns: 3, toggles: 20 } : {},
  );
  console.error('bench: proxy (latency, throughput)…');
  const proxyFigures = await runProxyBench(
    mock,
    proxy,
    relay,
    withoutLimits,
    quick ? { samples: 1000, seconds: 2, rounds: 1 } : { rounds: 3 },
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
    startPhone: browser.startPhone,
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
  relay.close();
  withoutLimits.close();
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
const startRows = (start: StartFigures, where: string): [string, string, string, boolean][] =>
  (['loader', 'preload', 'es', 'standalone'] as const).flatMap(
    (kind): [string, string, string, boolean][] => {
      const t = start[kind];
      const name = {
        loader: 'script tag, the loader',
        preload: 'script tag, the loader with a modulepreload link',
        es: 'ES module',
        standalone: 'standalone IIFE',
      }[kind];
      return [
        [
          `Start ${where} (${name}): navigation → interactive lookup form, widget ÷ plain HTML form loaded just before (median of ${start.runs} pairs; medians ${ms(t.ms)} and ${ms(start.plainMs)}; its script tag → form laid out ${ms(t.scriptMs)})`,
          `${t.ratio.toFixed(2)}×`,
          kind === 'standalone' || kind === 'preload' ? 'reported' : '≤ 1.5×',
          kind === 'standalone' || kind === 'preload' || t.ratio <= 1.5,
        ],
      ];
    },
  );
const phone = `as a phone (CPU ${PHONE.cpuSlowdown}× slower, ${PHONE.latencyMs} ms round trip, ${(PHONE.downBytesPerS * 8) / 1e6} Mbit/s down)`;
const codeLine = (c: typeof r.requests.code) =>
  c.files.map((f) => `${f.file} ${f.gzip.toLocaleString('en')}`).join(' + ');
const rows: [string, string, string, boolean][] = [
  [
    `ES first load: ${r.bytes.esFirstLoadFiles.join(' + ')} (gzip -9)`,
    B(r.bytes.esFirstLoadGzip),
    `≤ ${B(BUDGETS.esFirstLoadGzip)}`,
    r.bytes.esFirstLoadGzip <= BUDGETS.esFirstLoadGzip,
  ],
  [
    `Script tag first load: the loader rever-returns.iife.js (${B(r.bytes.loaderGzip)}, ≤ ${B(BUDGETS.loaderGzip)}) + the ES first load (gzip -9)`,
    B(r.bytes.scriptTagFirstLoadGzip),
    `≤ ${B(BUDGETS.scriptTagFirstLoadGzip)}`,
    r.bytes.scriptTagFirstLoadGzip <= BUDGETS.scriptTagFirstLoadGzip &&
      r.bytes.loaderGzip <= BUDGETS.loaderGzip,
  ],
  [
    'Standalone IIFE, whole flow in one file, English (gzip -9; a ceiling against regressions)',
    B(r.bytes.standaloneGzip),
    `≤ ${B(CEILINGS.standaloneGzip)}`,
    r.bytes.standaloneGzip <= CEILINGS.standaloneGzip,
  ],
  [
    `Code fetched for a whole two-item return in English, script tag, in Chromium (gzip -9: ${codeLine(r.requests.code)}; ${B(r.requests.code.wire)} on the wire)`,
    B(r.requests.code.gzip),
    `≤ ${B(WHOLE_RETURN_CEILING)} (ceiling)`,
    r.requests.code.gzip <= WHOLE_RETURN_CEILING,
  ],
  [
    `The same with the ES build (${codeLine(r.requestsEs.code)})`,
    B(r.requestsEs.code.gzip),
    `≤ ${B(WHOLE_RETURN_CEILING)} (ceiling)`,
    r.requestsEs.code.gzip <= WHOLE_RETURN_CEILING,
  ],
  ...startRows(r.start, 'on this machine'),
  ...startRows(r.startPhone, phone),
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
    `Confirm → a scannable code on screen: the click on confirm to the QR code drawn at its full size (≥ 200 px), its chunk and encoder loaded on the way (script tag, drop-off with Correos; one run each; the ES build, drop-off with Yamato: ${ms(r.requestsEs.confirmToCodeMs)})`,
    ms(r.requests.confirmToCodeMs),
    'reported',
    true,
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
    `Proxy: CPU per request under load ÷ a bare node:http relay's (no checks; same read, same load tool, same rounds; median of ${r.proxy.rounds} rounds' ratios; ${Math.round(r.proxy.cpuPerRequestUs.proxy)} against ${Math.round(r.proxy.cpuPerRequestUs.relay)} µs)`,
    `${r.proxy.cpuRatioToRelay.toFixed(2)}×`,
    '≤ 1.5×',
    r.proxy.cpuRatioToRelay <= 1.5,
  ],
  [
    `Proxy: CPU per request the limits and checks cost (session budget, intent limits, body and query checks): the proxy's less the same proxy's without them (same read, same rounds; median of ${r.proxy.rounds} rounds' differences; ${Math.round(r.proxy.cpuPerRequestUs.proxy)} − ${Math.round(r.proxy.cpuPerRequestUs.proxyWithoutLimits)} µs)`,
    us(r.proxy.limitsCostUs),
    '≤ 10 µs',
    r.proxy.limitsCostUs <= 10,
  ],
  [
    `Proxy: throughput kept (${Math.round(r.proxy.proxyRps)} ÷ ${Math.round(r.proxy.directRps)} req/s; the bare relay ${Math.round(r.proxy.relayRps)}, ${((r.proxy.relayRps / r.proxy.directRps) * 100).toFixed(0)} %; autocannon, 10 connections; bounded on two shared cores, see below)`,
    `${(r.proxy.throughputRatio * 100).toFixed(0)} %`,
    'reported',
    true,
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
const parts = r.bytes.standaloneParts
  .filter((p) => p.marginalGzip >= 100)
  .map((p) => `${p.part} ${p.marginalGzip.toLocaleString('en')}`)
  .join(', ');
const breakdown = `What the whole flow's bytes are (the standalone IIFE, marginal gzip, B, parts of 100 B or more): ${parts}.`;
const profileOf = (p: Record<string, number>) =>
  Object.entries(p)
    .map(([name, t]) => `${name} ${t.toFixed(1)} ms`)
    .join(', ');
const startProfile =
  `Where the script-tag page's start goes (traced, per load): on this machine ${profileOf(r.start.profile)}; ` +
  `as a phone ${profileOf(r.startPhone.profile)}.`;
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
