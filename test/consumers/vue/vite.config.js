import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';

export default defineConfig({
  // Vue's compiler leaves <rever-returns> to the browser.
  plugins: [
    vue({ template: { compilerOptions: { isCustomElement: (tag) => tag.startsWith('rever-') } } }),
  ],
  logLevel: 'warn',
});
