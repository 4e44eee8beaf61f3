// Vite serves the demo (`npm start`, through demo/start.ts) and builds the CDN bundles, one mode a
// build into one folder: `vite build` the ES module (code-split), `vite build --mode loader` the
// script tag (a classic script that imports the ES build: src/loader.ts), and
// `vite build --mode standalone` the whole flow in one classic script.
import { defineConfig } from 'vite';
import { iifePlugin, languageChunkCheck, languageChunkName } from './scripts/build/iife.ts';
import { minifyLiteralsPlugin } from './scripts/build/minify-literals.ts';

export default defineConfig(({ mode }) => {
  const standalone = mode === 'standalone';
  const loader = mode === 'loader';
  // Both classic scripts: no imports of their own, ASCII only (see below).
  const classic = standalone || loader;
  return {
    plugins: [minifyLiteralsPlugin(), standalone ? iifePlugin() : languageChunkCheck()],
    build: {
      outDir: 'dist/cdn',
      // The three are three builds into one folder: the first empties it, the others add.
      emptyOutDir: !classic,
      target: 'es2022',
      // Terser, three passes: about 200 B gzip under oxc's minifier here. No `unsafe` options:
      // the 30 B more they give are not worth proving safe for Lit and ky.
      minify: 'terser',
      terserOptions: {
        ecma: 2020,
        compress: { passes: 3, ecma: 2020 },
        // A classic script is decoded in the page's charset, which a CMS may leave at
        // windows-1252: the IIFEs escape every non-ASCII character, so "…" stays "…" anywhere.
        // (Modules, the ES build and the language chunks, are always read as UTF-8.)
        format: { comments: false, ascii_only: classic },
      },
      sourcemap: true,
      lib: {
        ...(loader
          ? {
              entry: 'src/loader.ts',
              // Required for an IIFE; the loader exports nothing, so it makes no global.
              name: 'ReverReturnsLoader',
              formats: ['iife'],
              fileName: () => 'rever-returns.iife.js',
            }
          : standalone
            ? {
                entry: 'src/index.ts',
                name: 'ReverReturns',
                formats: ['iife'],
                fileName: () => 'rever-returns.standalone.iife.js',
              }
            : { entry: 'src/index.ts', formats: ['es'], fileName: () => 'rever-returns.js' }),
      },
      rolldownOptions: {
        // The ES entry may export internals for the steps chunk to import, rather than leaving
        // them in a third file (a request and about 1.5 kB gzip more on the first load).
        preserveEntrySignatures: 'allow-extension',
        output: {
          // Language chunks keep a stable name: the standalone IIFE loads them by it (scripts/build/iife.ts).
          chunkFileNames: (chunk) => languageChunkName(chunk) ?? '[name]-[hash].js',
        },
      },
    },
  };
});
