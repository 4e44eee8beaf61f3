// `cem analyze` (part of `npm run build`): custom-elements.json from the elements' JSDoc, for
// editors, Storybook and framework wrappers. `packagejson: false`, or the analyzer would rewrite
// package.json's `customElements` field itself. test/e2e/manifest.test.ts checks the result.

/** The package's entry: the manifest lists what it exports, and nothing else. */
const ENTRY = 'src/index.ts';

/** Modules are named as published: `src/x.ts` is `dist/src/x.js` in the package. */
const published = (path) => path.replace(/^(?:\.\/|\/)?((?:src|contract)\/.*)\.ts$/, 'dist/$1.js');

/** `./a/b.ts` seen from `src/x/y.ts` is `src/x/a/b.ts`. */
function resolveFrom(from, specifier) {
  if (!specifier.startsWith('.')) return specifier.replace(/^\//, '');
  const parts = from.split('/').slice(0, -1);
  for (const part of specifier.split('/')) {
    if (part === '..') parts.pop();
    else if (part !== '.') parts.push(part);
  }
  return parts.join('/');
}

/**
 * Only the public API, as the entry exports it. The analyzer reads every module under src/: it
 * lists internals (state, decoders, the `define()` helper, read as an element named `name`), keeps
 * re-exports pointing at `.ts` files, and names TypeScript types (which a manifest cannot
 * declare) as exports. So: follow the entry's exports to the declarations they name; keep those
 * modules with only those declarations; drop exports that name no declaration (types, and
 * `@internal` classes the analyzer leaves out); add each element's definition from its tag.
 */
function publicApiOnly() {
  return {
    name: 'rever-public-api-only',
    packageLinkPhase({ customElementsManifest }) {
      const byPath = new Map(customElementsManifest.modules.map((m) => [m.path, m]));
      const declarationIn = (path, name) =>
        byPath.get(path)?.declarations?.find((d) => d.name === name);
      /** The module and declaration an export leads to, through re-exports; or none. */
      function follow(path, name, seen = new Set()) {
        const key = `${path}#${name}`;
        if (seen.has(key)) return undefined;
        seen.add(key);
        const declaration = declarationIn(path, name);
        if (declaration) return { path, declaration };
        for (const exp of byPath.get(path)?.exports ?? []) {
          if (exp.kind !== 'js' || !exp.declaration?.module) continue;
          const target = resolveFrom(path, exp.declaration.module);
          if (exp.name === name) return follow(target, exp.declaration.name, seen);
          if (exp.name === '*') {
            const found = follow(target, name, seen);
            if (found) return found;
          }
        }
        return undefined;
      }
      /** Every name a module exports (`export *` expanded), with what it leads to. */
      function exported(path, seen = new Set()) {
        if (seen.has(path)) return [];
        seen.add(path);
        return (byPath.get(path)?.exports ?? []).flatMap((exp) => {
          if (exp.kind !== 'js' || !exp.declaration?.module) return [];
          const target = resolveFrom(path, exp.declaration.module);
          if (exp.name === '*') return exported(target, seen);
          const found = follow(target, exp.declaration.name);
          return found ? [{ name: exp.name, ...found }] : [];
        });
      }

      const keep = new Map();
      const entryExports = exported(ENTRY);
      for (const { path, declaration } of entryExports) {
        if (!keep.has(path)) keep.set(path, new Set());
        keep.get(path).add(declaration);
      }

      const modules = [
        {
          kind: 'javascript-module',
          path: ENTRY,
          ...(byPath.get(ENTRY)?.description && { description: byPath.get(ENTRY).description }),
          declarations: [],
          exports: entryExports.map(({ name, path, declaration }) => ({
            kind: 'js',
            name,
            declaration: { name: declaration.name, module: path },
          })),
        },
      ];
      for (const [path, declarations] of keep) {
        const mod = byPath.get(path);
        const kept = mod.declarations.filter((d) => declarations.has(d));
        const exports = [];
        for (const declaration of kept) {
          tidy(declaration, declarationIn);
          exports.push({
            kind: 'js',
            name: declaration.name,
            declaration: { name: declaration.name, module: path },
          });
          if (declaration.customElement && declaration.tagName) {
            exports.push({
              kind: 'custom-element-definition',
              name: declaration.tagName,
              declaration: { name: declaration.name, module: path },
            });
          }
        }
        modules.push({ ...mod, declarations: kept, exports });
      }
      // An event's type names its class (`ReverReadyEvent`, whose `detail` is typed): link it.
      const classes = new Map(
        [...keep].flatMap(([path, set]) => [...set].map((d) => [d.name, path])),
      );
      for (const declaration of [...keep.values()].flatMap((set) => [...set])) {
        for (const event of declaration.events ?? []) {
          const text = event.type?.text;
          if (text && classes.has(text)) {
            event.type.references = [
              { name: text, module: classes.get(text), start: 0, end: text.length },
            ];
          }
        }
      }
      customElementsManifest.modules = modules;
      rewriteModules(customElementsManifest);
    },
  };
}

/**
 * One declaration as its users see it: public members only; events named by their JSDoc only
 * (the analyzer also lists each `dispatchEvent(new X())` as a nameless event). The analyzer
 * places a built-in superclass (`Error`) in the module that extends it: it is a global. The
 * events' private base class is said to be the `CustomEvent` it extends.
 */
function tidy(declaration, declaredIn) {
  if (declaration.events) declaration.events = declaration.events.filter((e) => e.name);
  if (declaration.members) {
    declaration.members = declaration.members.filter((m) => !m.privacy || m.privacy === 'public');
  }
  const superclass = declaration.superclass;
  if (superclass?.name === 'ReverEvent') {
    declaration.superclass = { name: 'CustomEvent', package: 'global:' };
  } else if (
    superclass?.module &&
    !declaredIn(superclass.module, superclass.name) &&
    typeof globalThis[superclass.name] === 'function'
  ) {
    declaration.superclass = { name: superclass.name, package: 'global:' };
  }
}

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

export default {
  globs: ['src/**/*.ts'],
  exclude: ['src/**/*.styles.ts', 'src/**/*.gen.ts'],
  outdir: '.',
  litelement: true,
  packagejson: false,
  plugins: [publicApiOnly()],
};
