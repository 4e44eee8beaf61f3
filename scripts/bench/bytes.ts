/**
 * The byte figures of the CDN bundles, built afresh into a temporary folder with the project's
 * own vite.config.ts: the ES build's first load (its entry and every chunk the entry imports
 * statically; dynamic imports load later), the script tag's (the loader, rever-returns.iife.js,
 * and the ES first load it imports) and the standalone IIFE (the whole flow, English).
 * The files are built as `npm run build` ships them (source map comment included).
 * gzip at level 9, sizes in bytes; "kB" in budgets means 1000 bytes.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build, type Rolldown } from 'vite';
import { analyze, type PartCost } from './analyze.ts';

/** What a shopper downloads before the form shows, by either embedding (issue 17). */
export const BUDGETS = {
  esFirstLoadGzip: 18_000,
  scriptTagFirstLoadGzip: 18_000,
  loaderGzip: 1_000,
} as const;

/**
 * Regression guards, not targets: the standalone IIFE (one file, the whole flow; for hosts that
 * can serve one file only). Its ceiling was 31,750 B when the loader replaced it as the script tag
 * (31,508 B then); the merge of return logistics (contract, decoders, client calls), the root's
 * controllers and right-to-left support brought it to 32,846 B, so 33,000; the return method step
 * (issue 14), the effects taken out of the views (issue 12) and the Japanese and Arabic work
 * brought it to 34,032 B, so 34,250; right to left, the theme's scheme and padding (issue 13) and the
 * later steps' English in a module of its own to 34,563 B, so 34,750; the return method step in
 * the flow (issue 14: its element, drop-off search, pickup form and opening hours) to 37,718 B,
 * so 38,000; the Back button (issue 13, item 8: the history controller) to 38,278 B, so 38,300;
 * the done step's instructions with the QR encoder (issue 14, item 5: @paulmillr/qr's encoder
 * 6,746 B marginal gzip, the element 1,204 B, its strings) to 46,579 B before the Back button
 * merged, so 46,750 + 600 = 47,350 with both; then, merged together, the shopper-experience
 * issue's money and focus (exchanges by their replacement, costs in summary, review and done, unit
 * prices, the masked account, the Back question: about 2.1 kB) and the return windows,
 * recommended exchanges, country field and offline handling (about 0.9 kB) to 49,928 B, so 50,250;
 * the way back to a return (issue 13, item 9: the returns view, active and past, the kept
 * confirmation) and the steps' effects object (issue 12) to 50,921 B, so 51,250; IBM's two
 * findings fixed (issue 16, item 9: each element's own radio names, the pickup slots as one group
 * of lists, a merchant's background drawn again in rgb(): 222 B) to 51,378 B, so 51,500.
 * Raise one only with a reason in the commit.
 */
export const CEILINGS = { standaloneGzip: 51_500 } as const;

/**
 * The code a whole two-item return in English fetches (gzip -9, every file, the script tag's path),
 * counted in Chromium by browser.ts `measureRequests`; a regression guard checked by
 * test/node/bundle.test.ts and reported by `npm run bench`. Set when the loader came in, after
 * the merge of return logistics: 36,114 B (the loader 441, the ES entry 17,450, steps 9,688,
 * client 6,077, decode 2,458), rounded up; then 37,325 B after main's 'Send it back' strings and
 * issue 12's effects (ES entry 18,201, steps 10,148), so 37,500; then 40,690 B once the return
 * walks through the return method step (issue 14: the step's element and the drop-off search in
 * the steps chunk, the later steps' English moved there from the entry), so 41,000; then
 * 50,027 B once the done step shows the drop-off's QR code (issue 14, item 5: the chunk
 * return-instructions-*.js, 8,348 B, the element and @paulmillr/qr's encoder, loaded on the done
 * step only; main's return windows had brought the rest to about 41,700), so 50,250; then
 * 53,295 B with main's later work merged (the Back button and the rest: a larger entry and steps
 * chunk; main as of 05:00), so 53,500; then 54,481 B with the returns view and the kept
 * confirmation (issue 13, item 9), the steps' effects (issue 12) and the masked account and costs
 * (issue 13) merged, so 54,750; then 54,802 B with the returns shown first (issue 13, item 9: the
 * lookup of 1001 now opens its returns, so the returns view's code is fetched on the way), the
 * focus kept off body and fields shown with their labels (item 5, item 6) and IBM's findings
 * fixed (issue 16, item 9), so 55,000.
 */
export const WHOLE_RETURN_CEILING = 55_000;

export interface ByteFigures {
  /** The loader, rever-returns.iife.js. */
  loaderGzip: number;
  /** The script tag's first load: the loader and the ES first load it imports. */
  scriptTagFirstLoadGzip: number;
  standaloneGzip: number;
  standaloneRaw: number;
  esFirstLoadGzip: number;
  esFirstLoadFiles: string[];
  /** Every ES file with its gzip size, first load or not. */
  esFiles: { file: string; gzip: number; firstLoad: boolean }[];
  /** What each package or folder costs the standalone IIFE and the ES entry (see analyze.ts). */
  standaloneParts: PartCost[];
  esEntryParts: PartCost[];
}

const gzip = (text: string | Uint8Array) => gzipSync(text, { level: 9 }).length;

async function buildMode(mode: 'production' | 'loader' | 'standalone', outDir: string) {
  const result = await build({
    mode,
    logLevel: 'silent',
    build: { outDir, emptyOutDir: mode === 'production' },
  });
  const outputs = (Array.isArray(result) ? result : [result]) as Rolldown.RolldownOutput[];
  return outputs.flatMap((o) => o.output);
}

/** Builds both bundles into `outDir` (a fresh temporary folder when not given) and measures them. */
export async function measureBytes(keepIn?: string): Promise<ByteFigures> {
  const outDir = keepIn ?? (await mkdtemp(join(tmpdir(), 'rever-size-')));
  try {
    const es = await buildMode('production', outDir);
    const loader = await buildMode('loader', outDir);
    const standalone = await buildMode('standalone', outDir);
    const loaderCode = await readFile(join(outDir, 'rever-returns.iife.js'));
    const standaloneCode = await readFile(join(outDir, 'rever-returns.standalone.iife.js'));
    const chunks = new Map(
      es.filter((o): o is Rolldown.OutputChunk => o.type === 'chunk').map((c) => [c.fileName, c]),
    );
    const entry = [...chunks.values()].find((c) => c.isEntry);
    if (!entry || !loader.length || !standalone.length)
      throw new Error('the build produced no entry');
    const first = new Set<string>();
    const visit = (file: string) => {
      if (first.has(file)) return;
      first.add(file);
      for (const dep of chunks.get(file)?.imports ?? []) visit(dep);
    };
    visit(entry.fileName);
    const esFiles = [...chunks.values()].map((c) => ({
      file: c.fileName,
      gzip: gzip(c.code),
      firstLoad: first.has(c.fileName),
    }));
    const esFirstLoadGzip = esFiles.filter((f) => f.firstLoad).reduce((sum, f) => sum + f.gzip, 0);
    return {
      loaderGzip: gzip(loaderCode),
      scriptTagFirstLoadGzip: gzip(loaderCode) + esFirstLoadGzip,
      standaloneGzip: gzip(standaloneCode),
      standaloneRaw: standaloneCode.length,
      esFirstLoadGzip,
      esFirstLoadFiles: [...first],
      esFiles,
      standaloneParts: await analyze(join(outDir, 'rever-returns.standalone.iife.js')),
      esEntryParts: await analyze(join(outDir, entry.fileName)),
    };
  } finally {
    if (!keepIn) await rm(outDir, { recursive: true, force: true });
  }
}
