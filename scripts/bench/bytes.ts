/**
 * The byte figures of the script-tag bundles, built afresh into a temporary folder with the
 * project's own vite.config.ts: the IIFE (the whole flow, English) and the ES build's first load
 * (its entry and every chunk the entry imports statically; dynamic imports load later).
 * The files are built as `npm run build` ships them (source map comment included).
 * gzip at level 9, sizes in bytes; "kB" in budgets means 1000 bytes.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build, type Rolldown } from 'vite';
import { analyze, type PartCost } from './analyze.ts';

export const BUDGETS = { iifeGzip: 20_000, esFirstLoadGzip: 18_000 } as const;

export interface ByteFigures {
  iifeGzip: number;
  iifeRaw: number;
  esFirstLoadGzip: number;
  esFirstLoadFiles: string[];
  /** Every ES file with its gzip size, first load or not. */
  esFiles: { file: string; gzip: number; firstLoad: boolean }[];
  /** What each package or folder costs the IIFE and the ES entry (see analyze.ts). */
  iifeParts: PartCost[];
  esEntryParts: PartCost[];
}

const gzip = (text: string | Uint8Array) => gzipSync(text, { level: 9 }).length;

async function buildMode(mode: 'production' | 'iife', outDir: string) {
  const result = await build({
    mode,
    logLevel: 'silent',
    build: { outDir, emptyOutDir: mode !== 'iife' },
  });
  const outputs = (Array.isArray(result) ? result : [result]) as Rolldown.RolldownOutput[];
  return outputs.flatMap((o) => o.output);
}

/** Builds both bundles into `outDir` (a fresh temporary folder when not given) and measures them. */
export async function measureBytes(keepIn?: string): Promise<ByteFigures> {
  const outDir = keepIn ?? (await mkdtemp(join(tmpdir(), 'rever-size-')));
  try {
    const es = await buildMode('production', outDir);
    const iife = await buildMode('iife', outDir);
    const iifeCode = await readFile(join(outDir, 'rever-returns.iife.js'));
    const chunks = new Map(
      es.filter((o): o is Rolldown.OutputChunk => o.type === 'chunk').map((c) => [c.fileName, c]),
    );
    const entry = [...chunks.values()].find((c) => c.isEntry);
    if (!entry || !iife.length) throw new Error('the build produced no entry');
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
    return {
      iifeGzip: gzip(iifeCode),
      iifeRaw: iifeCode.length,
      esFirstLoadGzip: esFiles.filter((f) => f.firstLoad).reduce((sum, f) => sum + f.gzip, 0),
      esFirstLoadFiles: [...first],
      esFiles,
      iifeParts: await analyze(join(outDir, 'rever-returns.iife.js')),
      esEntryParts: await analyze(join(outDir, entry.fileName)),
    };
  } finally {
    if (!keepIn) await rm(outDir, { recursive: true, force: true });
  }
}
