// The published types as consumers' TypeScript reads them, on the BUILT package (npm run
// test:e2e builds first): the declarations import each other with `.js` specifiers, and a
// consumer compiles against them with the oldest TypeScript the README names (5.0, installed as
// the dev dependency `typescript-5.0`) and with the project's own (5.9). `@ts-expect-error` lines
// prove the types are there: were they lost (`any`), each would be an unused directive.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { rewriteDeclaration } from '../../scripts/build/dts-extensions.ts';

const ROOT = resolve(import.meta.dirname, '../..');

const COMPILERS = {
  '5.0': join(ROOT, 'node_modules/typescript-5.0/bin/tsc'),
  '5.9': join(ROOT, 'node_modules/typescript/bin/tsc'),
};

/** The element, its events and the contract: typed, and wrong uses refused. */
const WIDGET = `import { ReverReturns, ReverError, createReverClient, formatMoney, type ReturnConfirmedDetail, type ReverClient } from 'rever-returns';
import { ID_PATTERN, type Order, type OrderLineItem } from 'rever-returns/contract';
const el: ReverReturns = document.createElement('rever-returns');
el.proxyUrl = '/apps/rever';
el.theme = 'dark';
el.addEventListener('rever-return-confirmed', (e) => {
  const detail: ReturnConfirmedDetail = e.detail;
  console.log(detail.refundTotal.toFixed(0), formatMoney(detail.creditTotal, detail.currency, 'en'));
});
el.addEventListener('rever-error', (e) => {
  // @ts-expect-error the code is one of ReverErrorCode's strings, not a number
  const code: number = e.detail.code;
  console.log(code);
});
// @ts-expect-error a number is no proxy URL
el.proxyUrl = 42;
// @ts-expect-error only 'light' or 'dark'
el.theme = 'sepia';
// @ts-expect-error step is read-only
el.step = 'done';
const client: ReverClient = createReverClient({ proxyUrl: '/apps/rever' });
export const order = (o: Order): OrderLineItem[] => o.line_items;
// @ts-expect-error an order's lines are not strings
export const wrong = (o: Order): string[] => o.line_items;
export const ok = ID_PATTERN.test('x') && client !== undefined && new ReverError('network') instanceof Error;
`;

/** The proxy's entry. */
const PROXY = `import { createReturnsProxy } from 'rever-returns/proxy';
import { createNodeFetch } from 'rever-returns/proxy/node-fetch';
const app = createReturnsProxy({ upstream: 'https://rever.example', apiKey: 'k', sessionSecret: 'a secret of at least thirty-two characters', allowedOrigins: ['https://shop.example'], fetch: createNodeFetch() });
export const handler: (request: Request) => Response | Promise<Response> = app.fetch;
// @ts-expect-error the key is a string
createReturnsProxy({ upstream: 'https://rever.example', apiKey: 42, sessionSecret: 'a secret of at least thirty-two characters', allowedOrigins: [] });
`;

function declarations(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.d.ts'))
    .map((e) => join(e.parentPath, e.name));
}

describe('the declarations', () => {
  it('import each other with .js specifiers, as the JavaScript does', () => {
    const files = declarations(join(ROOT, 'dist'));
    assert.ok(files.length > 30, `${files.length} declaration files`);
    const relative = /(?:\bfrom|\bimport)\s*\(?\s*['"](\.{1,2}\/[^'"\n]+)['"]/g;
    let specifiers = 0;
    for (const file of files) {
      for (const [, specifier] of readFileSync(file, 'utf8').matchAll(relative)) {
        specifiers += 1;
        assert.match(specifier!, /\.js$/, `${file}: ${specifier}`);
      }
    }
    assert.ok(specifiers > 50, `${specifiers} relative specifiers`);
  });

  it('are rewritten in every form tsc writes, and nothing else', () => {
    assert.equal(
      rewriteDeclaration(
        `import type { A } from './a.ts';\nexport { B } from "../b/b.ts";\nexport type * from '../../contract/index.ts';\nimport './side.ts';\ntype C = import('./c.ts').C;\n/** see restore.ts's work */\nimport { d } from 'pkg/d.ts';\n`,
      ),
      `import type { A } from './a.js';\nexport { B } from "../b/b.js";\nexport type * from '../../contract/index.js';\nimport './side.js';\ntype C = import('./c.js').C;\n/** see restore.ts's work */\nimport { d } from 'pkg/d.ts';\n`,
    );
  });
});

describe('a consumer compiling against the package', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'rever-types-'));
    mkdirSync(join(dir, 'node_modules'));
    symlinkSync(ROOT, join(dir, 'node_modules', 'rever-returns'), 'dir');
    writeFileSync(join(dir, 'package.json'), '{ "type": "module" }');
    writeFileSync(join(dir, 'widget.ts'), WIDGET);
    writeFileSync(join(dir, 'proxy.ts'), PROXY);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  function compile(version: keyof typeof COMPILERS, file: string, skipLibCheck: boolean): void {
    const config = join(dir, `tsconfig.${version}.${file}.json`);
    writeFileSync(
      config,
      JSON.stringify({
        compilerOptions: {
          strict: true,
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          target: 'ES2022',
          lib: ['ES2023', 'DOM'],
          types: file === 'proxy.ts' ? ['node'] : [],
          typeRoots: [join(ROOT, 'node_modules/@types')],
          noEmit: true,
          skipLibCheck,
        },
        files: [file],
      }),
    );
    try {
      execFileSync(process.execPath, [COMPILERS[version], '-p', config], { encoding: 'utf8' });
    } catch (error) {
      const { stdout } = error as { stdout: string };
      assert.fail(`TypeScript ${version} on ${file}:\n${stdout}`);
    }
  }

  it("leaves the project's own `tsc` at 5.9 (both packages ship a `tsc` bin)", () => {
    const version = execFileSync(join(ROOT, 'node_modules/.bin/tsc'), ['-v'], { encoding: 'utf8' });
    assert.match(version, /^Version 5\.9\./);
  });

  for (const version of ['5.0', '5.9'] as const) {
    it(`TypeScript ${version}: the element, events and contract, no skipLibCheck`, () => {
      const installed = JSON.parse(
        readFileSync(join(COMPILERS[version], '../../package.json'), 'utf8'),
      ) as { version: string };
      assert.ok(installed.version.startsWith(`${version}.`), installed.version);
      compile(version, 'widget.ts', false);
    });
  }

  // hono's own types use TypeScript 5.7's generic `Uint8Array<…>`: below 5.7 the proxy entry
  // needs skipLibCheck (README), and its types still hold, as the @ts-expect-error shows.
  it('TypeScript 5.0: the proxy entry with skipLibCheck', () => compile('5.0', 'proxy.ts', true));
  it('TypeScript 5.9: the proxy entry, no skipLibCheck', () => compile('5.9', 'proxy.ts', false));
});
