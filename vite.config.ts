// Vite serves the demo (`npm start`, through demo/start.ts) and builds the script-tag bundles.
import { defineConfig } from 'vite';

export default defineConfig({
  build: {
    outDir: 'dist/cdn',
    emptyOutDir: true,
    target: 'es2022',
    // Library builds are not minified unless asked; shoppers download these files.
    minify: true,
    sourcemap: true,
    lib: {
      entry: 'src/index.ts',
      name: 'ReverReturns',
      formats: ['es', 'iife'],
      fileName: (format) => (format === 'es' ? 'rever-returns.js' : `rever-returns.${format}.js`),
    },
  },
});
