/**
 * What each part of a bundle costs: its minified bytes (from the source map) and its marginal
 * gzip, the bundle's gzip size minus the gzip size of the bundle without that part's text. The
 * parts are packages and folders, so the figures say where a budget goes.
 */
import { readFile } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import { SourceMapConsumer, type RawSourceMap } from 'source-map-js';

export interface PartCost {
  part: string;
  raw: number;
  marginalGzip: number;
}

/** The part a source file belongs to. */
export function partOf(source: string): string {
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(source)?.[1];
  if (pkg)
    return ['lit-html', 'lit-element', '@lit/reactive-element', 'lit'].includes(pkg) ? 'lit' : pkg;
  const src = /\/?src\/(.*)$/.exec(source)?.[1];
  if (!src) return 'other (bundler helpers)';
  if (src.startsWith('i18n/')) return `src/${src}`;
  if (src.startsWith('components/'))
    return `src/components/${src.split('/')[1]!.replace(/\.ts$/, '')}`;
  return `src/${src.split('/')[0]!.replace(/\.ts$/, '')}`;
}

const gzip = (text: string) => gzipSync(text, { level: 9 }).length;

export async function analyze(file: string): Promise<PartCost[]> {
  const code = await readFile(file, 'utf8');
  const map = new SourceMapConsumer(
    JSON.parse(await readFile(`${file}.map`, 'utf8')) as RawSourceMap,
  );
  const lines = code.split('\n');
  const lineStarts: number[] = [];
  let offset = 0;
  for (const line of lines) {
    lineStarts.push(offset);
    offset += line.length + 1;
  }
  // Each generated character belongs to the part of the mapping segment it falls in.
  const owner = new Array<string | undefined>(code.length);
  const segments: { at: number; part: string }[] = [];
  map.eachMapping((m) => {
    if (m.source) {
      segments.push({
        at: lineStarts[m.generatedLine - 1]! + m.generatedColumn,
        part: partOf(m.source),
      });
    }
  });
  segments.sort((a, b) => a.at - b.at);
  for (let i = 0; i < segments.length; i++) {
    const end = segments[i + 1]?.at ?? code.length;
    for (let k = segments[i]!.at; k < end; k++) owner[k] = segments[i]!.part;
  }
  const parts = new Map<string, number>();
  for (const p of owner) if (p) parts.set(p, (parts.get(p) ?? 0) + 1);
  const whole = gzip(code);
  const costs = [...parts].map(([part, raw]) => {
    let without = '';
    for (let k = 0; k < code.length; k++) if (owner[k] !== part) without += code[k];
    return { part, raw, marginalGzip: whole - gzip(without) };
  });
  return costs.sort((a, b) => b.marginalGzip - a.marginalGzip);
}
