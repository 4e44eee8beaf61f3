// The proxy's handler runs on edge runtimes too: its whole module graph (index.ts and every
// middleware) imports nothing Node-only and makes no code from strings.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

describe('the proxy handler stays portable to edge runtimes', () => {
  it('imports nothing from node: and generates no code from strings, in its whole module graph', async () => {
    const { readFile } = await import('node:fs/promises');
    const seen = new Set<string>();
    const visit = async (file: URL): Promise<void> => {
      if (seen.has(file.href)) return;
      seen.add(file.href);
      const source = await readFile(file, 'utf8');
      assert.doesNotMatch(source, /from ['"]node:|import\(['"]node:/, file.pathname);
      assert.doesNotMatch(source, /new Function\(|\beval\(/, file.pathname);
      for (const [, spec] of source.matchAll(/^(?:import|export)[^'"]*from '(\.[^']+)'/gm)) {
        await visit(new URL(spec!, file));
      }
    };
    await visit(new URL('../../../proxy/index.ts', import.meta.url));
    const names = [...seen].map((f) => f.replace(/^.*\/(proxy|contract|src)\//, '$1/'));
    assert.ok(names.includes('proxy/session.ts') && names.includes('contract/index.ts'));
    assert.ok(!names.some((n) => n.startsWith('src/')), String(names));
    assert.ok(!names.some((n) => n.includes('mock/') || n.endsWith('node.ts')), String(names));
  });
});
