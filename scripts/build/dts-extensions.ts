/**
 * `npm run build`, after tsc: the declarations import each other with `.js` specifiers, as the
 * JavaScript does. tsc's `rewriteRelativeImportExtensions` rewrites `./x.ts` in the emitted
 * JavaScript only; left in the `.d.ts` files, `.ts` specifiers fail on TypeScript before 5.0's
 * `allowImportingTsExtensions` rules and, under `skipLibCheck`, silently turn every type into
 * `any`. test/e2e/types.test.ts compiles a consumer with the oldest TypeScript the README names.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** `from './a.ts'`, `import('../b.ts')`, `import './c.ts'`: relative specifiers only. */
const SPECIFIER = /((?:\bfrom|\bimport)\s*\(?\s*)(['"])(\.{1,2}\/[^'"\n]+?)\.ts\2/g;

export function rewriteDeclaration(text: string): string {
  return text.replace(SPECIFIER, (_, head: string, quote: string, path: string) => {
    return `${head}${quote}${path}.js${quote}`;
  });
}

export function rewriteDeclarations(dir: string): number {
  let changed = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.d.ts')) continue;
    const file = join(entry.parentPath, entry.name);
    const text = readFileSync(file, 'utf8');
    const next = rewriteDeclaration(text);
    if (next !== text) {
      writeFileSync(file, next);
      changed += 1;
    }
  }
  return changed;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dir = process.argv[2] ?? 'dist';
  console.log(`dts-extensions: .js specifiers in ${rewriteDeclarations(dir)} declaration files`);
}
