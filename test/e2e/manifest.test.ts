// The custom elements manifest and the shipped JavaScript as tools this project did not write
// read them, on the BUILT package (npm run test:e2e builds first): custom-elements.json against
// its schema, every reference in it resolving, only the public API listed; and
// web-component-analyzer finding <rever-returns> in dist/ by itself.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, describe, it } from 'node:test';
import { Ajv } from 'ajv';

const ROOT = resolve(import.meta.dirname, '../..');
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');

interface Reference {
  name: string;
  module?: string;
  package?: string;
}
interface Described {
  name: string;
  description?: string;
  default?: string;
  type?: { text: string; references?: (Reference & { start?: number; end?: number })[] };
}
interface Declaration extends Described {
  kind: string;
  tagName?: string;
  customElement?: boolean;
  superclass?: Reference;
  attributes?: (Described & { fieldName?: string })[];
  members?: (Described & { kind: string; privacy?: string; readonly?: boolean })[];
  events?: Described[];
  cssParts?: Described[];
  cssProperties?: Described[];
}
interface Module {
  kind: string;
  path: string;
  declarations?: Declaration[];
  exports?: { kind: string; name: string; declaration: Reference }[];
}

const manifest = JSON.parse(read('custom-elements.json')) as {
  schemaVersion: string;
  modules: Module[];
};
const declarations = manifest.modules.flatMap((m) => m.declarations ?? []);
const root = declarations.find((d) => d.tagName === 'rever-returns');
const names = (list: { name: string }[] | undefined) => (list ?? []).map((x) => x.name).sort();

/** Every reference object in the manifest, with where it was found. */
function references(node: unknown, at = '$'): [string, Reference][] {
  if (Array.isArray(node)) return node.flatMap((x, i) => references(x, `${at}[${i}]`));
  if (!node || typeof node !== 'object') return [];
  return Object.entries(node).flatMap(([key, value]): [string, Reference][] => {
    const here = `${at}.${key}`;
    if (['declaration', 'superclass', 'inheritedFrom'].includes(key)) {
      return [[here, value as Reference], ...references(value, here)];
    }
    if (['references', 'mixins'].includes(key) && Array.isArray(value)) {
      return (value as Reference[]).map((r, i): [string, Reference] => [`${here}[${i}]`, r]);
    }
    return references(value, here);
  });
}

describe('custom-elements.json', () => {
  it('validates against the custom elements manifest schema', () => {
    const schema = JSON.parse(
      readFileSync(join(ROOT, 'node_modules/custom-elements-manifest/schema.json'), 'utf8'),
    ) as object;
    const ajv = new Ajv({ strict: false, allErrors: true });
    const validate = ajv.compile(schema);
    assert.ok(validate(manifest), ajv.errorsText(validate.errors));
    assert.equal(manifest.schemaVersion, '1.0.0');
  });

  it('resolves every reference to a module and declaration it contains', () => {
    const found = references(manifest.modules);
    assert.ok(found.length > 20, `only ${found.length} references`);
    const unresolved = found.filter(([, ref]) => {
      if (ref.package) return false; // another package's (lit) or a global (`global:`)
      const mod = manifest.modules.find((m) => m.path === ref.module);
      return !mod?.declarations?.some((d) => d.name === ref.name);
    });
    assert.deepEqual(
      unresolved.map(([at, ref]) => `${at}: ${ref.name} in ${ref.module}`),
      [],
    );
    // Module paths are the files the package ships, not sources.
    for (const [, ref] of found) assert.doesNotMatch(ref.module ?? '', /\.ts$/);
    for (const mod of manifest.modules) {
      assert.match(mod.path, /^dist\/src\/.+\.js$/);
      assert.ok(readFileSync(join(ROOT, mod.path)), mod.path);
    }
  });

  it('lists the public API only: what the entry exports, no internals, no phantom element', () => {
    const entry = manifest.modules.find((m) => m.path === 'dist/src/index.js');
    assert.deepEqual(names(entry?.exports), [
      'LANGUAGES',
      'ReverError',
      'ReverErrorEvent',
      'ReverOrderFoundEvent',
      'ReverReadyEvent',
      'ReverReturnConfirmedEvent',
      'ReverReturns',
      'ReverStepChangeEvent',
      'createReverClient',
      'formatMoney',
    ]);
    assert.deepEqual(manifest.modules.map((m) => m.path).sort(), [
      'dist/src/components/rever-returns/rever-returns.js',
      'dist/src/events.js',
      'dist/src/i18n/i18n.js',
      'dist/src/index.js',
      'dist/src/services/errors.js',
      'dist/src/services/lazy-client.js',
      'dist/src/services/money.js',
    ]);
    // No state, decoders, define() helper (once read as an element named `name`), or steps.
    assert.deepEqual(
      declarations.filter((d) => d.customElement).map((d) => d.tagName),
      ['rever-returns'],
    );
    const definitions = manifest.modules.flatMap((m) =>
      (m.exports ?? []).filter((e) => e.kind === 'custom-element-definition'),
    );
    assert.deepEqual(
      definitions.map((d) => [d.name, d.declaration.name]),
      [['rever-returns', 'ReverReturns']],
    );
    const everything = JSON.stringify(manifest);
    for (const internal of ['decode', 'state/', 'internal/', 'define.js', '"_']) {
      assert.ok(!everything.includes(internal), internal);
    }
    assert.ok(!declarations.some((d) => d.name === 'name' || d.tagName === 'name'));
  });

  it('gives <rever-returns> its attributes and properties, typed and described', () => {
    assert.ok(root);
    const attributes = Object.fromEntries(
      (root.attributes ?? []).map((a) => [a.name, [a.fieldName, a.type?.text]]),
    );
    assert.deepEqual(attributes, {
      'proxy-url': ['proxyUrl', 'string'],
      locale: ['locale', 'string | undefined'],
      email: ['email', 'string'],
      'order-number': ['orderNumber', 'string'],
      theme: ['theme', "'light' | 'dark' | undefined"],
      history: ['history', "'none' | 'steps' | undefined"],
    });
    const fields = (root.members ?? []).filter((m) => m.kind === 'field');
    assert.deepEqual(names(fields), [
      'client',
      'email',
      'history',
      'locale',
      'orderNumber',
      'proxyUrl',
      'step',
      'strings',
      'theme',
    ]);
    for (const field of fields) assert.ok(field.type?.text, `${field.name} has a type`);
    assert.ok(fields.find((f) => f.name === 'step')?.readonly);
    assert.deepEqual(names((root.members ?? []).filter((m) => m.kind === 'method')), ['reset']);
    assert.ok((root.members ?? []).every((m) => !m.privacy || m.privacy === 'public'));
  });

  it('types every event with its class, whose detail is typed', () => {
    const events = Object.fromEntries((root?.events ?? []).map((e) => [e.name, e]));
    const expected: Record<string, [string, string]> = {
      'rever-ready': ['ReverReadyEvent', 'ReadyDetail'],
      'rever-order-found': ['ReverOrderFoundEvent', 'OrderFoundDetail'],
      'rever-step-change': ['ReverStepChangeEvent', 'StepChangeDetail'],
      'rever-return-confirmed': ['ReverReturnConfirmedEvent', 'ReturnConfirmedDetail'],
      'rever-error': ['ReverErrorEvent', 'ReverErrorDetail'],
    };
    assert.deepEqual(Object.keys(events).sort(), Object.keys(expected).sort());
    const types = read('dist/src/events.d.ts');
    for (const [name, [type, detail]] of Object.entries(expected)) {
      assert.equal(events[name]?.type?.text, type, name);
      assert.deepEqual(events[name]?.type?.references, [
        { name: type, module: 'dist/src/events.js', start: 0, end: type.length },
      ]);
      assert.ok(events[name]?.description?.includes(detail), `${name} names ${detail}`);
      // The class the manifest names is the one the shipped types declare for that detail.
      assert.match(types, new RegExp(`class ${type} extends ReverEvent<${detail}>`));
      assert.match(read('dist/src/events.js'), new RegExp(`super\\('${name}'`));
    }
  });

  it('names the CSS parts, and every CSS custom property with its default', () => {
    assert.deepEqual(names(root?.cssParts), [
      'button',
      'credit-summary',
      'error',
      'heading',
      'input',
      'instructions',
      'label-link',
      'print-button',
      'progress',
      'qr-code',
      'tracking-link',
    ]);
    const properties = root?.cssProperties ?? [];
    assert.equal(properties.length, 18);
    // Every `--rever-*` the styles read, and with the fallback they read it with.
    const css = [
      read('dist/src/components/internal/shared.styles.js'),
      read('dist/src/components/rever-returns/rever-returns.styles.js'),
    ].join('\n');
    const read_ = new Set([...css.matchAll(/var\((--rever-[a-z-]+)/g)].map((m) => m[1]));
    assert.deepEqual(names(properties), [...read_].sort());
    for (const property of properties) {
      assert.ok(property.default, `${property.name} has a default`);
      assert.ok(property.description, `${property.name} is described`);
      const fallback = property.default
        .replace('var(--rever-color-accent)', 'var(--_rever-accent)')
        .replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      assert.match(css, new RegExp(`var\\(${property.name}, ${fallback}\\)`), property.name);
    }
  });
});

describe('web-component-analyzer on the shipped JavaScript', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rever-wca-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('finds <rever-returns> with its events, parts and custom properties', () => {
    const out = join(dir, 'wca.json');
    execFileSync(
      join(ROOT, 'node_modules/.bin/wca'),
      ['analyze', 'dist/**/*.js', '--format', 'json', '--outFile', out],
      { cwd: ROOT, stdio: 'pipe' },
    );
    const result = JSON.parse(readFileSync(out, 'utf8')) as {
      tags: {
        name: string;
        properties?: { name: string }[];
        events?: { name: string }[];
        cssParts?: { name: string }[];
        cssProperties?: { name: string; default?: string }[];
      }[];
    };
    assert.deepEqual(names(result.tags), ['rever-returns']);
    const [tag] = result.tags;
    assert.deepEqual(names(tag?.events), names(root?.events));
    assert.deepEqual(names(tag?.cssParts), names(root?.cssParts));
    assert.deepEqual(names(tag?.cssProperties), names(root?.cssProperties));
    assert.ok(tag?.cssProperties?.every((p) => p.default));
    for (const property of ['proxyUrl', 'email', 'orderNumber', 'step']) {
      assert.ok(names(tag?.properties).includes(property), property);
    }
  });
});
