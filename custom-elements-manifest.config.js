// `cem analyze` (part of `npm run build`): custom-elements.json from the elements' JSDoc, for
// editors, Storybook and framework wrappers. `packagejson: false`, or the analyzer would rewrite
// package.json's `customElements` field itself.

/** Modules are named as published: `src/x.ts` is `dist/src/x.js` in the package. */
const published = (path) => path.replace(/^\/?src\/(.*)\.ts$/, 'dist/src/$1.js');

function rewriteModules(node) {
  if (Array.isArray(node)) node.forEach(rewriteModules);
  else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if ((key === 'path' || key === 'module') && typeof value === 'string') {
        node[key] = published(value);
      } else rewriteModules(value);
    }
  }
}

/**
 * Only the public API: the analyzer also lists `dispatchEvent(new X())` calls as nameless events
 * (the JSDoc names them) and private members. Elements are defined through `define()`, so their
 * definitions are added from `@tag`. Then modules are renamed to the files the package ships.
 */
function publicApiOnly() {
  return {
    name: 'rever-public-api-only',
    packageLinkPhase({ customElementsManifest }) {
      for (const mod of customElementsManifest.modules) {
        for (const declaration of mod.declarations ?? []) {
          if (declaration.events) declaration.events = declaration.events.filter((e) => e.name);
          if (declaration.members) {
            declaration.members = declaration.members.filter(
              (m) => !m.privacy || m.privacy === 'public',
            );
          }
          if (declaration.customElement && declaration.tagName) {
            mod.exports ??= [];
            mod.exports.push({
              kind: 'custom-element-definition',
              name: declaration.tagName,
              declaration: { name: declaration.name, module: mod.path },
            });
          }
        }
      }
      rewriteModules(customElementsManifest);
    },
  };
}

export default {
  globs: ['src/**/*.ts'],
  exclude: ['src/**/*.styles.ts', 'src/**/*.gen.ts'],
  outdir: '.',
  litelement: true,
  packagejson: false,
  plugins: [publicApiOnly()],
};
