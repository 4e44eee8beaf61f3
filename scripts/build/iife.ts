/**
 * What the classic-script (IIFE) build needs that the ES build does not, as one Vite plugin.
 *
 * - The later steps: the root loads them with `import('../steps.ts')`, which the ES build makes a
 *   chunk. An IIFE cannot split, and inlining a dynamic import wraps every module behind it in a
 *   lazy initialiser (about 1 kB gzip here); the IIFE entry (src/iife.ts) imports the steps
 *   statically instead, and this plugin turns that dynamic import into `Promise.resolve()`.
 * - Other languages (src/i18n/<lang>.ts, imported dynamically): not inlined, since the IIFE's
 *   budget is English only. The import stays an `import()` of the ES build's language chunk
 *   (`i18n/<lang>.js`, see `languageChunkName`), which a classic script resolves against its own
 *   URL: the IIFE and the folder it came from must be served together, as dist/cdn is. import()
 *   runs no inline script and no eval, so it holds under `script-src 'self'` and Trusted Types.
 */
import MagicString from 'magic-string';
import type { Plugin } from 'vite';

/** A language module of src/i18n other than English: its two-letter code. */
const LANGUAGE = /\/src\/i18n\/([a-z]{2})\.ts$/;

/** The ES build's file name for a language chunk, stable so the IIFE can name it. */
export function languageChunkName(chunk: { facadeModuleId: string | null }): string | undefined {
  const lang = chunk.facadeModuleId && LANGUAGE.exec(chunk.facadeModuleId)?.[1];
  return lang && lang !== 'en' ? `i18n/${lang}.js` : undefined;
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
      if (options.kind !== 'dynamic-import' || !importer) return null;
      const resolved = await this.resolve(source, importer, { skipSelf: true });
      const lang = resolved && LANGUAGE.exec(resolved.id)?.[1];
      if (!lang || lang === 'en') return null;
      return { id: `./i18n/${lang}.js`, external: true };
    },
    transform(code, id) {
      if (!id.endsWith('/src/components/rever-returns/rever-returns.ts')) return null;
      const found = /import\((['"])\.\.\/steps\.ts\1\)/.exec(code);
      if (!found) return this.error('the dynamic import of ../steps.ts is gone: update iife.ts');
      const out = new MagicString(code);
      out.overwrite(found.index, found.index + found[0].length, 'Promise.resolve()');
      return { code: out.toString(), map: out.generateMap({ hires: true, source: id }) };
    },
  };
}
