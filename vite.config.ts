// Vite serves the demo (`npm start`, through demo/start.ts) and builds the script-tag bundles:
// `vite build` the ES module (code-split), `vite build --mode iife` the classic script (one file).
import { defineConfig } from 'vite';
import { iifePlugin, languageChunkCheck, languageChunkName } from './scripts/build/iife.ts';
import { minifyLiteralsPlugin } from './scripts/build/minify-literals.ts';

export default defineConfig(({ mode }) => {
  const iife = mode === 'iife';
  return {
    plugins: [minifyLiteralsPlugin(), iife ? iifePlugin() : languageChunkCheck()],
    build: {
      outDir: 'dist/cdn',
      // The two formats are two builds into one folder: the first empties it, the second adds.
      emptyOutDir: !iife,
      target: 'es2022',
      // Terser, three passes: about 200 B gzip under oxc's minifier here. No `unsafe` options:
      // the 30 B more they give are not worth proving safe for Lit and ky.
      minify: 'terser',
      terserOptions: {
        ecma: 2020,
        compress: { passes: 3, ecma: 2020 },
        // A classic script is decoded in the page's charset, which a CMS may leave at
        // windows-1252: the IIFE escapes every non-ASCII character, so "…" stays "…" anywhere.
        // (Modules, the ES build and the language chunks, are always read as UTF-8.)
        format: { comments: false, ascii_only: iife },
      },
      sourcemap: true,
      lib: {
        entry: 'src/index.ts',
        ...(iife
          ? { name: 'ReverReturns', formats: ['iife'], fileName: () => 'rever-returns.iife.js' }
          : { formats: ['es'], fileName: () => 'rever-returns.js' }),
      },
      rolldownOptions: {
        // The ES entry may export internals for the steps chunk to import, rather than leaving
        // them in a third file (a request and about 1.5 kB gzip more on the first load).
        preserveEntrySignatures: 'allow-extension',
        output: {
          // Language chunks keep a stable name: the IIFE loads them by it (scripts/build/iife.ts).
          chunkFileNames: (chunk) => languageChunkName(chunk) ?? '[name]-[hash].js',
        },
      },
    },
  };
});
