// What `npm publish` would ship, checked on the BUILT package (npm run test:e2e builds first):
// the files `npm pack` takes, the exports and what they point at, sideEffects, the custom
// elements manifest against the README's public API, the types as a consumer compiles them, and
// the proxy entry running against the mock.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startMockRever } from '../../mock/node.ts';
import type * as ProxyModule from '../../proxy/index.ts';
import type * as NodeFetchModule from '../../proxy/node-fetch.ts';
import { DEMO_ORDERS } from '../../mock/seed.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  name: string;
  exports: Record<string, string | Record<string, string>>;
  types: string;
  customElements: string;
  sideEffects: string[];
  dependencies: Record<string, string>;
};

let packed: string[] = [];

before(() => {
  const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  packed = (JSON.parse(out) as { files: { path: string }[] }[])[0]!.files.map((f) => f.path);
});

/** `**` any path, `*` one name, as npm and bundlers read sideEffects globs. */
function globToRegExp(glob: string): RegExp {
  const body = glob
    .replace(/^\.\//, '')
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*\*\//g, '(?:.*/)?')
    .replace(/\*/g, '[^/]*');
  return new RegExp(`^${body}$`);
}

const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');

describe('npm pack', () => {
  it('ships the ESM build, its types, the CDN bundles, the proxy, the manifest and the README', () => {
    for (const path of [
      'package.json',
      'README.md',
      'custom-elements.json',
      'dist/src/index.js',
      'dist/src/index.d.ts',
      'dist/src/components/rever-returns/rever-returns.js',
      'dist/src/components/rever-returns/rever-returns.d.ts',
      'dist/src/events.d.ts',
      'dist/contract/index.js',
      'dist/contract/index.d.ts',
      'dist/cdn/rever-returns.js',
      'dist/cdn/rever-returns.iife.js',
      'dist/cdn/rever-returns.standalone.iife.js',
      'dist/proxy/index.js',
      'dist/proxy/index.d.ts',
      'dist/proxy/node-fetch.js',
      'dist/proxy/node-fetch.d.ts',
    ]) {
      assert.ok(packed.includes(path), `${path} is packed`);
    }
    // Every module of the element build is there with its declarations.
    for (const js of packed.filter((p) => /^dist\/(?!cdn\/).*\.js$/.test(p))) {
      assert.ok(packed.includes(js.replace(/\.js$/, '.d.ts')), `${js} has its .d.ts`);
    }
  });

  it('ships source maps that carry their sources, since src/ is not shipped', () => {
    const maps = packed.filter((p) => p.endsWith('.map'));
    assert.ok(maps.length > 20);
    for (const map of maps) {
      const { sources, sourcesContent } = JSON.parse(read(map)) as {
        sources: string[];
        sourcesContent?: (string | null)[];
      };
      assert.equal(
        sourcesContent?.filter((c) => typeof c === 'string').length,
        sources.length,
        map,
      );
    }
  });

  it('ships nothing else: no tests, mock, demo, sources, scripts or dependencies', () => {
    const unexpected = packed.filter(
      (p) =>
        !/^(package\.json|README\.md|LICENSE(\.md)?|custom-elements\.json|dist\/.+)$/.test(p) ||
        /(^|\/)(test|tests|mock|demo|node_modules|dist-demo)\//.test(p) ||
        /\.test\.|\.tsbuildinfo$/.test(p),
    );
    assert.deepEqual(unexpected, []);
    // The mock's seed (its fake shoppers) is in no shipped file.
    const shipped = packed.filter((p) => /\.(js|json)$/.test(p) && p !== 'package.json');
    for (const path of shipped) {
      assert.ok(!read(path).includes(DEMO_ORDERS[0]!.email), `${path} holds no mock data`);
    }
  });

  it('points every export, types and customElements at a packed file', () => {
    const targets: string[] = [pkg.types, pkg.customElements];
    for (const [key, value] of Object.entries(pkg.exports)) {
      if (key === './cdn/*') {
        for (const file of [
          'rever-returns.js',
          'rever-returns.iife.js',
          'rever-returns.standalone.iife.js',
        ]) {
          targets.push((value as string).replace('*', file));
        }
      } else if (typeof value === 'string') targets.push(value);
      else targets.push(...Object.values(value));
    }
    assert.deepEqual(Object.keys(pkg.exports).sort(), [
      '.',
      './cdn/*',
      './contract',
      './custom-elements.json',
      './jsx',
      './package.json',
      './proxy',
      './proxy/node-fetch',
      './svelte',
      './vue',
    ]);
    for (const target of targets) {
      assert.ok(packed.includes(target.replace(/^\.\//, '')), `${target} is packed`);
    }
  });

  it('keeps every module that defines an element in sideEffects', () => {
    const globs = pkg.sideEffects.map(globToRegExp);
    const defining = packed.filter(
      (p) => p.endsWith('.js') && /\bdefine\(\s*['"]rever-/.test(read(p)),
    );
    assert.ok(defining.length >= 7, `${defining.length} modules define elements`);
    for (const path of defining) {
      assert.ok(
        globs.some((g) => g.test(path)),
        `${path} is in sideEffects`,
      );
    }
    // …and the CDN bundles (built from src/ with the same field) kept every element.
    const tags = [
      ...new Set(
        packed
          .filter((p) => /^dist\/src\/components\/.*\.js$/.test(p))
          .flatMap((p) => [...read(p).matchAll(/\bdefine\(\s*['"](rever-[a-z-]+)['"]/g)])
          .map((m) => m[1]!),
      ),
    ];
    assert.ok(tags.includes('rever-returns') && tags.includes('rever-line-item-picker'));
    // A module that only imports elements for their definitions (dist/src/components/steps.js, the
    // later steps the root loads with import()) is all side effects too.
    for (const path of packed.filter((p) => /^dist\/(?!cdn\/).*\.js$/.test(p))) {
      if (/^import\s*['"]\.[^'"]*['"]/m.test(read(path))) {
        assert.ok(
          globs.some((g) => g.test(path)),
          `${path} imports for side effects and is in sideEffects`,
        );
      }
    }
    // The ES bundle is the entry and the chunks it imports (the later steps load with import()
    // while the shopper fills in the lookup form); the standalone IIFE is one file; the script
    // tag's IIFE is a loader of the ES bundle beside it.
    const loader = read('dist/cdn/rever-returns.iife.js');
    assert.match(loader, /["']rever-returns\.js["']/, 'the loader imports the ES bundle');
    assert.doesNotMatch(loader, /customElements/, 'the loader holds no element');
    const withChunks = (entry: string): string => {
      const seen = new Set<string>();
      const visit = (path: string) => {
        if (seen.has(path)) return;
        seen.add(path);
        const code = read(path);
        for (const [, spec] of code.matchAll(/(?:from|import)\s*\(?\s*["'](\.\/[^"']+\.js)["']/g)) {
          const next = join(path, '..', spec!).replace(/\\/g, '/');
          if (packed.includes(next)) visit(next);
        }
      };
      visit(entry);
      return [...seen].map(read).join('\n');
    };
    for (const bundle of [
      'dist/cdn/rever-returns.js',
      'dist/cdn/rever-returns.standalone.iife.js',
    ]) {
      const code = withChunks(bundle);
      for (const tag of tags) {
        // Minifiers quote with any of the three.
        assert.match(code, new RegExp(`["'\`]${tag}["'\`]`), `${bundle} defines <${tag}>`);
      }
      assert.doesNotMatch(code, /from\s*["']lit|import\(["']lit/, `${bundle} is self-contained`);
    }
  });

  it("keeps the proxy out of the shopper's bundles", () => {
    for (const bundle of [
      'dist/cdn/rever-returns.js',
      'dist/cdn/rever-returns.iife.js',
      'dist/cdn/rever-returns.standalone.iife.js',
    ]) {
      const code = read(bundle);
      assert.doesNotMatch(code, /hono|createReturnsProxy|x-rever-api-key/i, bundle);
    }
    const index = read('dist/src/index.js');
    assert.doesNotMatch(index, /proxy/, 'the root entry does not reach the proxy');
  });

  it('depends on exactly the packages its unbundled modules import', () => {
    const imported = new Set<string>();
    const importingNode = new Set<string>();
    for (const path of packed.filter((p) => /^dist\/(?!cdn\/).*\.js$/.test(p))) {
      for (const [, specifier] of read(path).matchAll(
        /^(?:import|export)\b[^;]*?from\s*'([^']+)'/gms,
      )) {
        if (specifier!.startsWith('node:')) importingNode.add(path);
        // Relative, or Node's own: no package to depend on.
        if (specifier!.startsWith('.') || specifier!.startsWith('node:')) continue;
        const parts = specifier!.split('/');
        imported.add(specifier!.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!);
      }
    }
    // lit, @lit/task, ky and the QR encoder stay dependencies of the ESM build (@lit/context is
    // only the tests': src/context.ts speaks its protocol), hono of the proxy; the rest is dev-only.
    assert.deepEqual([...imported].sort(), ['@lit/task', '@paulmillr/qr', 'hono', 'ky', 'lit']);
    assert.deepEqual(Object.keys(pkg.dependencies).sort(), [...imported].sort());
    // Node's modules only in the proxy's Node transport: not the elements, not the fetch handler.
    assert.deepEqual([...importingNode], ['dist/proxy/node-fetch.js']);
  });
});

describe('custom-elements.json', () => {
  type Named = { name: string };
  type Decl = {
    tagName?: string;
    customElement?: boolean;
    attributes?: (Named & { fieldName?: string })[];
    events?: Named[];
    members?: (Named & { kind: string; privacy?: string; readonly?: boolean })[];
    cssParts?: Named[];
    cssProperties?: Named[];
  };
  const manifest = JSON.parse(read('custom-elements.json')) as {
    modules: { path: string; declarations?: Decl[]; exports?: { kind: string; name: string }[] }[];
  };
  const root = manifest.modules
    .flatMap((m) => m.declarations ?? [])
    .find((d) => d.tagName === 'rever-returns');
  const names = (list: Named[] | undefined) => (list ?? []).map((x) => x.name).sort();

  // Written from the README's "Attributes and properties", "Events" and "Styling" sections.
  it('names <rever-returns> and its public attributes and properties', () => {
    assert.ok(root?.customElement);
    assert.deepEqual(names(root.attributes), [
      'email',
      'history',
      'locale',
      'order-number',
      'proxy-url',
      'theme',
    ]);
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
    assert.ok(fields.find((f) => f.name === 'step')?.readonly, 'step is read-only');
    const methods = (root.members ?? []).filter((m) => m.kind === 'method');
    assert.deepEqual(names(methods), ['reset']);
  });

  it('names its public events, and none of the internal ones', () => {
    assert.deepEqual(names(root?.events), [
      'rever-error',
      'rever-order-found',
      'rever-ready',
      'rever-return-confirmed',
      'rever-step-change',
    ]);
  });

  it('names its CSS parts and custom properties', () => {
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
    const properties = names(root?.cssProperties);
    for (const property of [
      '--rever-font-family',
      '--rever-color-text',
      '--rever-color-muted',
      '--rever-color-accent',
      '--rever-color-on-accent',
      '--rever-color-danger',
      '--rever-color-border',
      '--rever-radius',
      '--rever-spacing',
      '--rever-focus-ring',
      '--rever-max-width',
    ]) {
      assert.ok(properties.includes(property), property);
    }
  });

  it('describes every attribute, field, event, part and custom property', () => {
    const described = (list: { name: string; description?: string }[] | undefined) =>
      (list ?? []).filter((x) => !x.description?.trim()).map((x) => x.name);
    assert.deepEqual(
      [
        ...described(root?.attributes as { name: string; description?: string }[]),
        ...described(root?.members),
        ...described(root?.events),
        ...described(root?.cssParts),
        ...described(root?.cssProperties),
      ],
      [],
    );
  });

  it('points at modules the package ships, with the element definition', () => {
    for (const mod of manifest.modules) assert.ok(packed.includes(mod.path), mod.path);
    const definitions = manifest.modules.flatMap((m) =>
      (m.exports ?? []).filter((e) => e.kind === 'custom-element-definition').map((e) => e.name),
    );
    assert.ok(definitions.includes('rever-returns'));
  });
});

describe('as a consumer sees it', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'rever-consumer-'));
    mkdirSync(join(dir, 'node_modules'));
    symlinkSync(ROOT, join(dir, 'node_modules', pkg.name), 'dir');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('type-checks against the published types (NodeNext, strict, no skipLibCheck)', () => {
    writeFileSync(join(dir, 'package.json'), '{ "type": "module" }');
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          target: 'ES2022',
          lib: ['ES2023', 'DOM'],
          types: [],
          noEmit: true,
          skipLibCheck: false,
        },
        files: ['good.ts'],
      }),
    );
    writeFileSync(
      join(dir, 'good.ts'),
      `import { ReverReturns, type ReturnConfirmedDetail } from 'rever-returns';
import { createReturnsProxy } from 'rever-returns/proxy';
import { createNodeFetch } from 'rever-returns/proxy/node-fetch';
const el: ReverReturns = document.createElement('rever-returns');
el.proxyUrl = '/apps/rever';
el.addEventListener('rever-return-confirmed', (e) => {
  const detail: ReturnConfirmedDetail = e.detail;
  console.log(detail.refundTotal.toFixed(0));
});
const app = createReturnsProxy({ upstream: 'https://rever.example', apiKey: 'k', sessionSecret: 'a secret of at least thirty-two characters', allowedOrigins: ['https://shop.example'], fetch: createNodeFetch() });
export const handler: (request: Request) => Response | Promise<Response> = app.fetch;
`,
    );
    const tsc = join(ROOT, 'node_modules', '.bin', 'tsc');
    execFileSync(tsc, ['-p', dir], { encoding: 'utf8' });
    // And the types do bite: a wrong property type is an error.
    writeFileSync(
      join(dir, 'good.ts'),
      `import type { ReverReturns } from 'rever-returns';\nexport const f = (el: ReverReturns) => { el.proxyUrl = 5; };\n`,
    );
    assert.throws(
      () => execFileSync(tsc, ['-p', dir], { encoding: 'utf8' }),
      (error: Error & { stdout?: string }) => {
        assert.match(String(error.stdout), /TS2322/);
        return true;
      },
    );
  });

  it('runs the built proxy (rever-returns/proxy, over its node:http transport) in front of the mock', async () => {
    const mock = await startMockRever({ port: 0 });
    try {
      const { createReturnsProxy } = (await import(
        join(ROOT, 'dist/proxy/index.js')
      )) as typeof ProxyModule;
      const { createNodeFetch } = (await import(
        join(ROOT, 'dist/proxy/node-fetch.js')
      )) as typeof NodeFetchModule;
      const app = createReturnsProxy({
        upstream: mock.url,
        apiKey: mock.apiKey,
        sessionSecret: 'a test secret of at least thirty-two characters',
        allowedOrigins: ['https://shop.example'],
        fetch: createNodeFetch(),
      });
      const start = await app.fetch(
        new Request('http://proxy.test/returns/intent/start', {
          method: 'POST',
          headers: { 'content-type': 'application/json', origin: 'https://shop.example' },
          body: JSON.stringify({ email: 'ana.garcia@example.com', order_number: '1001' }),
        }),
      );
      assert.equal(start.status, 200, await start.clone().text());
      const unknown = await app.fetch(new Request('http://proxy.test/admin'));
      assert.equal(unknown.status, 404);
    } finally {
      await mock.close();
    }
  });
});
