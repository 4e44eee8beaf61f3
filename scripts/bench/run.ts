/**
 * `npm run bench`: every figure of issue 6 beside its target, in one run on this machine.
 * Prints a table, writes bench/results.json, and with `--readme` puts the table and the machine
 * into README.md between the `bench:start` / `bench:end` markers.
 * `--only proxy` (or a comma-separated list of bytes, browser, proxy, stores) runs those parts
 * alone: their rows are printed and written to bench/results-only.json (not kept in git), never to
 * the README, whose table is one whole run. `--only big-order` runs the browser part's big order
 * alone (its three rows), a minute instead of the browser part's several.
 * Timing targets are reported here, never asserted in tests; byte budgets are also checked by
 * `npm run test:size`.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import * as prettier from 'prettier';
import { BUDGETS, CEILINGS, WHOLE_RETURN_CEILING, measureBytes } from './bytes.ts';
import { PHONE, runBigOrderBench, runBrowserBench, type StartFigures } from './browser.ts';
import { runLimitsBenchApart, type LimitsCost } from './limits.ts';
import { runProxyBench, serve } from './proxy.ts';
import { runStoreBench } from './stores.ts';
import { randomSessionSecret } from '../../proxy/node.ts';

const quick = process.argv.includes('--quick');
const writeReadme = process.argv.includes('--readme');
const PARTS = ['bytes', 'browser', 'big-order', 'proxy', 'stores'] as const;
type Part = (typeof PARTS)[number];
const onlyAt = process.argv.findIndex((a) => a === '--only' || a.startsWith('--only='));
const onlyArg =
  onlyAt === -1
    ? undefined
    : process.argv[onlyAt]!.startsWith('--only=')
      ? process.argv[onlyAt]!.slice('--only='.length)
      : (process.argv[onlyAt + 1] ?? '');
const only = onlyArg?.split(',').map((part) => part.trim());
if (only?.some((part) => !(PARTS as readonly string[]).includes(part)) || only?.length === 0) {
  throw new Error(`--only takes a comma-separated list of ${PARTS.join(', ')}; got "${onlyArg}"`);
}
if (only && writeReadme) throw new Error('--readme needs every part: the README table is one run');
const runs = (part: Part) => !only || only.includes(part);
/** The big order without the rest of the browser part (which measures it too). */
const bigOrderAlone = !!only?.includes('big-order') && !runs('browser');

const loadBefore = loadavg()[0]!;
const cdnDir = await mkdtemp(join(tmpdir(), 'rever-bench-'));
const servers = runs('browser') || bigOrderAlone || runs('proxy');
const mock = servers ? await serve('mock') : undefined;
const secret = randomSessionSecret();
const proxy = mock ? await serve('proxy', mock.url, mock.apiKey, secret) : undefined;
const withoutLimits =
  mock && runs('proxy')
    ? await serve('proxy-without-limits', mock.url, mock.apiKey, secret)
    : undefined;
const relay = mock && runs('proxy') ? await serve('relay', mock.url, mock.apiKey) : undefined;
let results;
try {
  let bytes;
  if (runs('bytes') || runs('browser') || bigOrderAlone) {
    console.error('bench: building the bundles…');
    bytes = await measureBytes(cdnDir);
  }
  let browser;
  if (runs('browser')) {
    console.error('bench: browser (start, big order, requests)…');
    browser = await runBrowserBench(
      cdnDir,
      proxy!.url,
      quick ? { startRuns: 5, phoneRuns: 5, renderRuns: 3, toggles: 20 } : {},
    );
  }
  let bigOrder;
  if (bigOrderAlone) {
    console.error('bench: browser, the big order alone…');
    bigOrder = await runBigOrderBench(
      cdnDir,
      proxy!.url,
      quick ? { renderRuns: 3, toggles: 20 } : {},
    );
  }
  let proxyFigures;
  if (runs('proxy')) {
    console.error('bench: proxy (latency, CPU per request, throughput)…');
    proxyFigures = await runProxyBench(
      mock!,
      proxy!,
      relay!,
      withoutLimits!,
      quick ? { samples: 1000, seconds: 1, rounds: 3, warmup: 1000 } : {},
    );
    console.error('bench: proxy limits in process (intent limits, session budget)…');
    proxyFigures = {
      ...proxyFigures,
      limitsInProcess: await runLimitsBenchApart(quick),
    };
  }
  let stores;
  if (runs('stores')) {
    console.error(
      'bench: rate-limit stores (memory, Durable Object under workerd; memory, Redis)…',
    );
    stores = await runStoreBench(quick ? { rounds: 1, memoryHits: 20_000, remoteHits: 500 } : {});
  }
  results = {
    date: new Date().toISOString(),
    machine: {
      cpu: cpus()[0]?.model.trim() ?? 'unknown',
      cores: cpus().length,
      memoryGiB: Math.round(totalmem() / 2 ** 30),
      node: process.version,
      /** The 1-minute load average before and after: other work on the machine moves timings. */
      loadAverage: [loadBefore, loadavg()[0]!],
      chromium: browser?.chromium ?? '',
      commit: git(['rev-parse', '--short', 'HEAD']),
      dirty: git(['status', '--porcelain']) !== '',
    },
    ...(only ? { only } : {}),
    bytes: runs('bytes') ? bytes : undefined,
    start: browser?.start,
    startPhone: browser?.startPhone,
    bigOrder: browser?.bigOrder ?? bigOrder,
    requests: browser?.requests,
    requestsEs: browser?.requestsEs,
    proxy: proxyFigures,
    stores,
    pageErrors: browser?.pageErrors ?? bigOrder?.pageErrors ?? [],
  };
} finally {
  mock?.close();
  proxy?.close();
  relay?.close();
  withoutLimits?.close();
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
/**
 * The limits' cost is resolved when the method's own noise is small beside the target: the two
 * builds without the limits (the A/A control) differ by no more than a fifth of it in any round.
 */
const LIMITS_TARGET_US = 10;
const limitsResolved = ({ controlRangeUs: [low, high] }: LimitsCost) =>
  Math.max(-low, high) <= LIMITS_TARGET_US / 5;
const limitsMet = (cost: LimitsCost) => limitsResolved(cost) && cost.costUs <= LIMITS_TARGET_US;
const limitsVerdict = (cost: LimitsCost) =>
  limitsResolved(cost) ? us(cost.costUs) : `${us(cost.costUs)} (not resolved)`;
const limitsRange = ({ rangeUs }: LimitsCost) => rangeUs.map((x) => us(x)).join(' to ');
const limitsControl = ({ controlRangeUs }: LimitsCost) =>
  controlRangeUs.map((x) => us(x)).join(' to ');
type Row = [string, string, string, boolean];
const { bytes, start, startPhone, bigOrder, requests, requestsEs, proxy: px, stores } = r;
const li = px?.limitsInProcess;
const reqLine = (requests: NonNullable<typeof r.requests>) =>
  Object.entries(requests.minimum)
    .map(
      ([op, min]) =>
        `${op} ${requests.byOperation[op as keyof typeof requests.minimum] ?? 0}/${min}`,
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
const codeLine = (c: NonNullable<typeof r.requests>['code']) =>
  c.files.map((f) => `${f.file} ${f.gzip.toLocaleString('en')}`).join(' + ');
const rows: Row[] = [
  ...(bytes
    ? ([
        [
          `ES first load: ${bytes.esFirstLoadFiles.join(' + ')} (gzip -9)`,
          B(bytes.esFirstLoadGzip),
          `≤ ${B(BUDGETS.esFirstLoadGzip)}`,
          bytes.esFirstLoadGzip <= BUDGETS.esFirstLoadGzip,
        ],
        [
          `Script tag first load: the loader rever-returns.iife.js (${B(bytes.loaderGzip)}, ≤ ${B(BUDGETS.loaderGzip)}) + the ES first load (gzip -9)`,
          B(bytes.scriptTagFirstLoadGzip),
          `≤ ${B(BUDGETS.scriptTagFirstLoadGzip)}`,
          bytes.scriptTagFirstLoadGzip <= BUDGETS.scriptTagFirstLoadGzip &&
            bytes.loaderGzip <= BUDGETS.loaderGzip,
        ],
        [
          'Standalone IIFE, whole flow in one file, English (gzip -9; a ceiling against regressions)',
          B(bytes.standaloneGzip),
          `≤ ${B(CEILINGS.standaloneGzip)}`,
          bytes.standaloneGzip <= CEILINGS.standaloneGzip,
        ],
      ] as Row[])
    : []),
  ...(requests && requestsEs && start && startPhone && bigOrder
    ? ([
        [
          `Code fetched for a whole two-item return in English, script tag, in Chromium (gzip -9: ${codeLine(requests.code)}; ${B(requests.code.wire)} on the wire)`,
          B(requests.code.gzip),
          `≤ ${B(WHOLE_RETURN_CEILING)} (ceiling)`,
          requests.code.gzip <= WHOLE_RETURN_CEILING,
        ],
        [
          `The same with the ES build (${codeLine(requestsEs.code)})`,
          B(requestsEs.code.gzip),
          `≤ ${B(WHOLE_RETURN_CEILING)} (ceiling)`,
          requestsEs.code.gzip <= WHOLE_RETURN_CEILING,
        ],
        ...startRows(start, 'on this machine'),
        ...startRows(startPhone, phone),
      ] as Row[])
    : []),
  ...(bigOrder
    ? ([
        [
          `Big order: picker renders ${bigOrder.lines} lines (median of ${bigOrder.renderRuns.length})`,
          ms(bigOrder.renderMedianMs),
          '< 50 ms',
          bigOrder.renderMedianMs < 50,
        ],
        [
          `Big order: toggle a line (median of ${bigOrder.toggles}; p95 ${ms(bigOrder.toggleP95Ms)})`,
          ms(bigOrder.toggleMedianMs),
          '< 5 ms',
          bigOrder.toggleMedianMs < 5,
        ],
        [
          `Big order: ${bigOrder.images} images lazy with width and height; layout shift while scrolling the list`,
          `${yes(bigOrder.imagesLazyAndSized)}; CLS ${bigOrder.layoutShift.toFixed(3)}`,
          'lazy, sized, 0 shift',
          bigOrder.imagesLazyAndSized && bigOrder.layoutShift === 0,
        ],
      ] as Row[])
    : []),
  ...(requests && requestsEs && start && startPhone && bigOrder
    ? ([
        [
          `Requests: a complete two-item return (${reqLine(requests)}; ${requests.preflights} CORS preflights not counted)`,
          `${requests.total} (duplicates: ${requests.duplicates.length ? requests.duplicates.join('; ') : 'none'})`,
          `${requests.minimumTotal}, no duplicates`,
          requests.total === requests.minimumTotal && !requests.duplicates.length,
        ],
        [
          `Confirm → a scannable code on screen: the click on confirm to the QR code drawn at its full size (≥ 200 px), its chunk and encoder loaded on the way (script tag, drop-off with Correos; one run each; the ES build, drop-off with Yamato: ${ms(requestsEs.confirmToCodeMs)})`,
          ms(requests.confirmToCodeMs),
          'reported',
          true,
        ],
        [
          'Requests: the same return with the ES build (its chunks loaded on the way)',
          `${requestsEs.total} (duplicates: ${requestsEs.duplicates.length ? requestsEs.duplicates.join('; ') : 'none'})`,
          `${requestsEs.minimumTotal}, no duplicates`,
          requestsEs.total === requestsEs.minimumTotal && !requestsEs.duplicates.length,
        ],
      ] as Row[])
    : []),
  ...(px && li
    ? ([
        [
          `Proxy: median latency added (${ms(px.directMedianMs)} direct, ${ms(px.proxyMedianMs)} proxied; ${px.latencySamples} sequential each)`,
          ms(px.addedMedianMs),
          '≤ 1 ms',
          px.addedMedianMs <= 1,
        ],
        [
          `Proxy: CPU per request under load ÷ a bare node:http relay's (no checks; same read, same load tool; each server's own CPU, loaded in turn in ${px.rounds} rounds of ${px.secondsPerLoad} s, median of the rounds' ratios, which ranged ${px.cpuRatioRange.map((x) => x.toFixed(2)).join('–')}; medians ${Math.round(px.cpuPerRequestUs.proxy)} against ${Math.round(px.cpuPerRequestUs.relay)} µs)`,
          `${px.cpuRatioToRelay.toFixed(2)}×`,
          '≤ 1.5×',
          px.cpuRatioToRelay <= 1.5,
        ],
        [
          `Proxy: CPU per request the limits cost (intent limits and session budget, memory store), in process: the two layers between what the layers before them hand on and REVER's 200, through Hono's fetch, built with and without them and without again (an A/A control), in rotating blocks of 50 in ${li.rounds} rounds of ${li.requestsPerLoad.toLocaleString('en')} requests per build and kind, each round its median block; median of the rounds' differences per return intent (each from its own address, order and email, all answered) and per read under one of ${li.sessions.toLocaleString('en')} sessions; ranges ${limitsRange(li.intent)} and ${limitsRange(li.session)}; the control's ${limitsControl(li.intent)} and ${limitsControl(li.session)}; medians ${li.intent.withUs.toFixed(1)} against ${li.intent.withoutUs.toFixed(1)} and ${li.session.withUs.toFixed(1)} against ${li.session.withoutUs.toFixed(1)} µs)`,
          `intent ${limitsVerdict(li.intent)}; session call ${limitsVerdict(li.session)}`,
          '≤ 10 µs',
          limitsMet(li.intent) && limitsMet(li.session),
        ],
        [
          `Proxy: CPU per request the limits and checks cost over HTTP (session budget, intent limits, body and query checks): the proxy's less the same proxy's without them, loaded in the same rounds (median of ${px.rounds} rounds' differences, which ranged ${px.limitsCostRangeUs.map((x) => us(x)).join(' to ')}; medians ${Math.round(px.cpuPerRequestUs.proxy)} and ${Math.round(px.cpuPerRequestUs.proxyWithoutLimits)} µs; the HTTP path's own noise swamps a few µs, hence the figure in process above)`,
          px.limitsCostRangeUs[1] - px.limitsCostRangeUs[0] <= 20
            ? us(px.limitsCostUs)
            : `${us(px.limitsCostUs)} (not resolved: the rounds spread wider than 20 µs)`,
          'reported',
          true,
        ],
        [
          `Proxy: throughput kept (${Math.round(px.proxyRps)} ÷ ${Math.round(px.directRps)} req/s; the bare relay ${Math.round(px.relayRps)}, ${((px.relayRps / px.directRps) * 100).toFixed(0)} %; autocannon, 10 connections; bounded on two shared cores, see below)`,
          `${(px.throughputRatio * 100).toFixed(0)} %`,
          'reported',
          true,
        ],
        [
          'Proxy: CPU per request under load, proxy / mock behind it / mock asked directly / load tool (direct, proxied)',
          `${Math.round(px.cpuPerRequestUs.proxy)} / ${Math.round(px.cpuPerRequestUs.mockBehindProxy)} / ${Math.round(px.cpuPerRequestUs.mockDirect)} / ${Math.round(px.cpuPerRequestUs.loadToolDirect)}, ${Math.round(px.cpuPerRequestUs.loadToolProxied)} µs`,
          'reported',
          true,
        ],
      ] as Row[])
    : []),
  ...(stores
    ? ([
        [
          `Rate-limit store, cost per hit, wall (CPU of the process making it): memory under workerd / Durable Object under workerd (a round trip to the key's object, same process) / memory under Node / Redis under Node (loopback; redis-server's CPU not counted); one after another over ${stores.keys} keys, median of ${stores.rounds}`,
          [stores.memoryWorkerd, stores.durableObject, stores.memoryNode, stores.redis]
            .map((cost) => (cost ? `${us(cost.wallUs)} (${us(cost.cpuUs)})` : 'no redis-server'))
            .join(' / '),
          'reported',
          true,
        ],
      ] as Row[])
    : []),
];
const m = r.machine;
const table = [
  `Measured ${r.date.slice(0, 16).replace('T', ' ')} UTC at ${m.commit}${m.dirty ? ' (uncommitted changes)' : ''}` +
    ` on ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB, Node ${m.node}${m.chromium ? `, Chromium ${m.chromium}` : ''};` +
    ` load average ${m.loadAverage.map((l) => l.toFixed(1)).join(' → ')} (other jobs share the machine).`,
  '',
  '| Figure | Measured | Target | Met |',
  '| --- | --- | --- | --- |',
  ...rows.map(([name, value, target, ok]) => `| ${name} | ${value} | ${target} | ${yes(ok)} |`),
].join('\n');
const parts = bytes?.standaloneParts
  .filter((p) => p.marginalGzip >= 100)
  .map((p) => `${p.part} ${p.marginalGzip.toLocaleString('en')}`)
  .join(', ');
const breakdown = parts
  ? `What the whole flow's bytes are (the standalone IIFE, marginal gzip, B, parts of 100 B or more): ${parts}.`
  : '';
const profileOf = (p: Record<string, number>) =>
  Object.entries(p)
    .map(([name, t]) => `${name} ${t.toFixed(1)} ms`)
    .join(', ');
const startProfile =
  start && startPhone
    ? `Where the script-tag page's start goes (traced, per load): on this machine ${profileOf(start.profile)}; ` +
      `as a phone ${profileOf(startPhone.profile)}.`
    : '';
const notes = [breakdown, startProfile].filter(Boolean).join('\n\n');
console.log(table);
if (notes) console.log(`\n${notes}`);
if (r.pageErrors.length) console.log(`\nPage errors:\n${r.pageErrors.join('\n')}`);
if (requests?.other.length)
  console.log(`\nRequests outside the contract:\n${requests.other.join('\n')}`);

await mkdir('bench', { recursive: true });
const resultsFile = only ? 'bench/results-only.json' : 'bench/results.json';
await writeFile(resultsFile, JSON.stringify(r, null, 2) + '\n');
console.error(`bench: wrote ${resultsFile}`);
if (writeReadme) {
  const readme = await readFile('README.md', 'utf8');
  const next = readme.replace(
    /(<!-- bench:start -->\n)[\s\S]*?(\n<!-- bench:end -->)/,
    `$1\n${table}\n\n${notes}\n$2`,
  );
  if (next === readme) throw new Error('README.md has no bench markers');
  const options = (await prettier.resolveConfig('README.md')) ?? {};
  await writeFile('README.md', await prettier.format(next, { ...options, filepath: 'README.md' }));
  console.error('bench: updated README.md');
}
