// The build's own transforms (scripts/build/): what they may change in a template or a module,
// and what they must leave alone.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { languageChunkName } from '../../scripts/build/iife.ts';
import { minifyCss, minifyHtml, minifyLiterals } from '../../scripts/build/minify-literals.ts';

describe('template minification', () => {
  it('folds whitespace with a line break in html to one space, so no text node comes or goes', () => {
    assert.equal(
      minifyHtml('<p>\n      ${a}\n    </p>\n    <b>x</b> y'),
      '<p> ${a} </p> <b>x</b> y',
    );
    assert.equal(minifyHtml('<span>a b</span>  <i>c</i>'), '<span>a b</span>  <i>c</i>');
  });

  it('drops comments and spaces in css but never the space before a pseudo-class', () => {
    assert.equal(
      minifyCss('/* why */\n  .a > .b :hover ,\n .c {\n  color: red;\n  margin: 0 0 1em;\n}\n'),
      '.a>.b :hover,.c{color:red;margin:0 0 1em}',
    );
    assert.equal(minifyCss('a { color: var(--x, #fff); }'), 'a{color:var(--x,#fff)}');
  });

  it('rewrites only the static text of html and css templates, never their expressions', () => {
    const source = [
      'const a = html`<p>\n  ${x ? html`<b>\n  ok</b>` : `keep\n   this`}\n</p>`;',
      'const b = css`\n  .a {\n    color: red;\n  }\n`;',
      'const c = other`\n   untouched\n`;',
      'const d = `\n   untouched too\n`;',
    ].join('\n');
    const out = minifyLiterals(source, 'x.ts')!.toString();
    assert.equal(
      out,
      [
        'const a = html`<p> ${x ? html`<b> ok</b>` : `keep\n   this`} </p>`;',
        'const b = css`.a{color:red}`;',
        'const c = other`\n   untouched\n`;',
        'const d = `\n   untouched too\n`;',
      ].join('\n'),
    );
  });

  it('leaves a module without such templates as it is', () => {
    assert.equal(minifyLiterals('const a = `\n  b\n`;', 'x.ts'), undefined);
  });
});

describe('language chunks', () => {
  it('names the chunk of a language other than English by its code, stable for the IIFE', () => {
    assert.equal(languageChunkName({ facadeModuleId: '/r/src/i18n/es.ts' }), 'i18n/es.js');
    assert.equal(languageChunkName({ facadeModuleId: '/r/src/i18n/en.ts' }), undefined);
    assert.equal(languageChunkName({ facadeModuleId: '/r/src/i18n/i18n.ts' }), undefined);
    assert.equal(languageChunkName({ facadeModuleId: null }), undefined);
  });
});
