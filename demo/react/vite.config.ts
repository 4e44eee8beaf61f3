// The React demo's own build (demo/build.ts runs it; the library's build is ../../vite.config.ts).
// `rever-returns` resolves to this repository's package: its `exports`, so the npm build in dist/.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/demo/react/',
  resolve: {
    alias: [
      { find: /^rever-returns$/, replacement: fileURLToPath(new URL('../..', import.meta.url)) },
    ],
  },
  build: {
    outDir: fileURLToPath(new URL('../../dist-demo/react', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
  },
});
