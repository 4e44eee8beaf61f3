/**
 * The script-tag build, `dist/cdn/rever-returns.iife.js`: a classic script (for hosts that cannot
 * add `type="module"`: tag managers, CMS fields) that only loads the ES build, `rever-returns.js`,
 * from its own folder. A script-tag shopper so downloads the ES build's first load (its later
 * steps load while they type) plus this file, instead of the whole flow in one file
 * (`rever-returns.standalone.iife.js`, for hosts that can serve one file only).
 *
 * - `import()` of a URL runs no inline script and no eval, so it holds under
 *   `script-src 'self'; require-trusted-types-for 'script'` (the folder must be allowed in
 *   `script-src`, and a CDN must send CORS headers, as public npm CDNs do).
 * - A module is always read as UTF-8, so a page left in windows-1252 still shows "…" right; this
 *   file is ASCII (the build escapes the rest).
 * - Loaded twice: the browser evaluates a module URL once; the second tag only warns, once per
 *   page with src/components/internal/define.ts, which keeps a second copy's elements out.
 */
import { REGISTRY, warnLoadedTwice, type Registry } from './components/internal/define.ts';
import { VERSION } from './version.ts';

const LOADED = Symbol.for('rever-returns.loader');
const page = globalThis as typeof globalThis & {
  [LOADED]?: Record<string, true>;
  [REGISTRY]?: Registry;
};

// A script inside a shadow root has no currentScript: the page's own tag for this file then.
const src =
  (document.currentScript as HTMLScriptElement | null)?.src ||
  document.querySelector<HTMLScriptElement>('script[src*="rever-returns"][src$=".iife.js"]')?.src;

if (!src) {
  console.error(
    'rever-returns: cannot tell where rever-returns.iife.js came from; load it with <script src>.',
  );
} else {
  const url = new URL('rever-returns.js', src).href;
  const loaded = (page[LOADED] ??= {});
  const again = loaded[url];
  loaded[url] = true;
  import(/* @vite-ignore */ url).then(
    () => {
      const shared = page[REGISTRY];
      if (again && shared) warnLoadedTwice(shared, VERSION);
    },
    (error: unknown) => console.error(`rever-returns: could not load ${url}`, error),
  );
}
