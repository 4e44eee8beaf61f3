/**
 * What the classic-script (IIFE) build needs that the ES build does not, as Vite plugins.
 *
 * - `services/lazy-client.ts` (which loads ky and the client on first use) is replaced by
 *   `services/client.ts` itself: the same export, and nothing to load later in a single file.
 * - The widget's own dynamic imports (the later steps, the REVER client) are chunks in the ES
 *   build. An IIFE cannot split, and inlining a dynamic import wraps every module behind it in a
 *   lazy initialiser (about 1 kB gzip here); so in the IIFE build each becomes a static import
 *   and `import('./x.ts')` becomes `Promise.resolve(x)`: the same code paths, already loaded.
 * - Other languages (src/i18n/<lang>.ts, imported dynamically) are not inlined, since the IIFE's
 *   budget is English only. The import stays an `import()` of the ES build's language chunk
 *   (`i18n/<lang>.js`, see `languageChunkName`), which a classic script resolves against its own
 *   URL: the IIFE and the folder it came from must be served together, as dist/cdn is. import()
 *   runs no inline script and no eval, so it holds under `script-src 'self'` and Trusted Types.
 */
import MagicString from 'magic-string';
import { dirname, resolve } from 'node:path';
import type { Plugin } from 'vite';

/** A language module of src/i18n other than English: its two-letter code. */
const LANGUAGE = /\/src\/i18n\/([a-z]{2})\.ts$/;

const isOtherLanguage = (path: string) => {
  const lang = LANGUAGE.exec(path)?.[1];
  return lang !== undefined && lang !== 'en' ? lang : undefined;
};

/** The ES build's file name for a language chunk, stable so the IIFE can name it. */
export function languageChunkName(chunk: { facadeModuleId: string | null }): string | undefined {
  const lang = chunk.facadeModuleId && isOtherLanguage(chunk.facadeModuleId);
  return lang ? `i18n/${lang}.js` : undefined;
}

/**
 * For the ES build: a language chunk must stand alone (data only), or the IIFE, which loads it,
 * would pull in the ES build's own chunks and a second copy of everything in them.
 */
export function languageChunkCheck(): Plugin {
  return {
    name: 'rever:language-chunks',
    apply: 'build',
    generateBundle(_options, bundle) {
      for (const chunk of Object.values(bundle)) {
        if (chunk.type === 'chunk' && languageChunkName(chunk) && chunk.imports.length) {
          this.error(`${chunk.fileName} imports ${chunk.imports.join(', ')}: keep languages data`);
        }
      }
    },
  };
}

export function iifePlugin(): Plugin {
  return {
    name: 'rever:iife',
    apply: 'build',
    enforce: 'pre',
    async resolveId(source, importer, options) {
      if (!importer) return null;
      // A client loaded on first use gains nothing in a file that holds the client anyway.
      if (source.endsWith('/lazy-client.ts')) {
        return this.resolve(source.replace(/lazy-client\.ts$/, 'client.ts'), importer, {
          skipSelf: true,
        });
      }
      if (options.kind !== 'dynamic-import') return null;
      const resolved = await this.resolve(source, importer, { skipSelf: true });
      const lang = resolved && isOtherLanguage(resolved.id);
      return lang ? { id: `./i18n/${lang}.js`, external: true } : null;
    },
    transform(code, id) {
      if (!/\/src\/.*\.ts$/.test(id) || !code.includes('import(')) return null;
      const out = new MagicString(code);
      let n = 0;
      for (const found of code.matchAll(/\bimport\((['"])(\.{1,2}\/[^'"]+\.ts)\1\)/g)) {
        const spec = found[2]!;
        if (isOtherLanguage(resolve(dirname(id), spec))) continue;
        const name = `__iife_static_${n++}`;
        out.prepend(`import * as ${name} from '${spec}';\n`);
        out.overwrite(found.index, found.index + found[0].length, `Promise.resolve(${name})`);
      }
      return n ? { code: out.toString(), map: out.generateMap({ hires: true, source: id }) } : null;
    },
  };
}
