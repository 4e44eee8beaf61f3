// The template types shipped as `rever-returns/jsx`, `rever-returns/vue` and `rever-returns/svelte`
// (scripts/build/framework-types.ts), checked on the BUILT package by each framework's own
// checker: the fixtures in test/types/frameworks/ import the subpaths by the package's name (its
// exports, as a consumer resolves them) and hold right uses, which must pass, and wrong ones
// (`proxyUrl={42}`, an unknown theme, a field the event's detail lacks), which must fail.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { promisify } from 'node:util';

const ROOT = resolve(import.meta.dirname, '../..');
const FIXTURES = join(ROOT, 'test/types/frameworks');
const BIN = join(ROOT, 'node_modules/.bin');

/** Runs a checker; answers its exit code and output. */
async function check(command: string, args: string[]) {
  try {
    const { stdout } = await promisify(execFile)(join(BIN, command), args, {
      cwd: ROOT,
      encoding: 'utf8',
    });
    return { code: 0, output: stdout };
  } catch (error) {
    const { code, stdout, stderr } = error as { code: number; stdout: string; stderr: string };
    return { code, output: `${stdout}${stderr}` };
  }
}

/** How many `@ts-expect-error` / `@vue-expect-error` directives a fixture's template holds. */
const expectations = (file: string) =>
  readFileSync(join(FIXTURES, file), 'utf8').match(/(?:\{\/\*|<!--) @(?:ts|vue)-expect-error/g)
    ?.length ?? 0;

describe('framework template types', () => {
  it('React 19 JSX: tsc passes the right props and fails each wrong one', async () => {
    assert.equal(expectations('react/widget.tsx'), 5);
    // Each @ts-expect-error that did not meet its error is itself an error (TS2578).
    const { code, output } = await check('tsc', ['-p', join(FIXTURES, 'react')]);
    assert.equal(code, 0, output);
  });

  it('Vue 3 GlobalComponents: vue-tsc passes the right bindings and fails each wrong one', async () => {
    assert.equal(expectations('vue/Widget.vue'), 4);
    const { code, output } = await check('vue-tsc', ['-p', join(FIXTURES, 'vue')]);
    assert.equal(code, 0, output);
  });

  it('Svelte 5: svelte-check passes the right props and reports each wrong one on its line', async () => {
    const { output } = await check('svelte-check', [
      '--workspace',
      join(FIXTURES, 'svelte'),
      '--tsconfig',
      './tsconfig.json',
      '--output',
      'machine',
    ]);
    // `<time> ERROR "<file>" <line>:<column> "<message>"`, one line per problem.
    const problems = output
      .split('\n')
      .map((line) => /^\d+ (ERROR|WARNING) "([^"]+)" (\d+):\d+ "(.*)"$/.exec(line))
      .filter((m) => m !== null)
      .map(([, kind, file, line, message]) => `${kind} ${file}:${line} ${message}`);
    assert.deepEqual(problems, [
      `ERROR Wrong.svelte:7 Type 'number' is not assignable to type 'string'.`,
      `ERROR Wrong.svelte:8 Type 'number' is not assignable to type 'string'.`,
      `ERROR Wrong.svelte:9 Type '\\"blue\\"' is not assignable to type '\\"light\\" | \\"dark\\" | undefined'.`,
      `ERROR Wrong.svelte:10 Property 'nothing' does not exist on type 'ReadyDetail'.`,
    ]);
    assert.match(output, /COMPLETED \d+ FILES 4 ERRORS 0 WARNINGS 1 FILES_WITH_PROBLEMS/);
  });
});
