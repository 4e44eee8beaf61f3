/**
 * A build-time Vite plugin: shrinks the static text of Lit's `html` and `css` tagged templates in
 * src/, which the JS minifier leaves alone (it cannot know a template's whitespace is free).
 *
 * Rules, kept deliberately conservative so the DOM Lit builds is the same:
 * - html: a run of whitespace that holds a line break becomes one space. HTML collapses such runs
 *   anyway, so text reads the same, and no text node appears or disappears (Lit's parts keep their
 *   indices). `<textarea>` and `<pre>` content is never touched: templates here hold none.
 * - css: comments go, whitespace runs become one space, then spaces around `{ } ; , >` and after
 *   `:` are dropped (never before `:`, which would turn `a :hover` into `a:hover`).
 * Only templates whose tag is the identifier `html` or `css` change; their `${…}` stay as they are.
 * Maps are kept (magic-string), so the bundles' source maps still point at the right lines.
 */
import MagicString from 'magic-string';
import ts from 'typescript';
import type { Plugin } from 'vite';

export function minifyHtml(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ');
}

export function minifyCss(text: string): string {
  return text
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\s+/g, ' ')
    .replace(/\s*([{};,>])\s*/g, '$1')
    .replace(/:\s+/g, ':')
    .replace(/;}/g, '}')
    .trim();
}

/** Rewrites the static parts of `html` and `css` templates in a TypeScript module. */
export function minifyLiterals(code: string, id: string): MagicString | undefined {
  if (!/\b(html|css)`/.test(code)) return undefined;
  const source = ts.createSourceFile(id, code, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const out = new MagicString(code);
  let changed = false;
  const rewrite = (start: number, end: number, next: string) => {
    if (code.slice(start, end) === next) return;
    if (start === end) return;
    out.overwrite(start, end, next);
    changed = true;
  };
  const visit = (node: ts.Node): void => {
    if (
      ts.isTaggedTemplateExpression(node) &&
      ts.isIdentifier(node.tag) &&
      (node.tag.text === 'html' || node.tag.text === 'css')
    ) {
      const minify = node.tag.text === 'html' ? minifyHtml : minifyCss;
      const tpl = node.template;
      // Each static piece sits between "`" or "}" and "`" or "${"; its raw text is rewritten.
      const pieces: { start: number; end: number }[] = [];
      if (ts.isNoSubstitutionTemplateLiteral(tpl)) {
        pieces.push({ start: tpl.getStart() + 1, end: tpl.getEnd() - 1 });
      } else {
        pieces.push({ start: tpl.head.getStart() + 1, end: tpl.head.getEnd() - 2 });
        for (const span of tpl.templateSpans) {
          const lit = span.literal;
          const tail = ts.isTemplateTail(lit);
          pieces.push({ start: lit.getStart() + 1, end: lit.getEnd() - (tail ? 1 : 2) });
        }
      }
      for (const { start, end } of pieces) {
        const raw = code.slice(start, end);
        // CSS pieces around an interpolation must keep their edge spaces; only whole templates
        // without interpolations get the full CSS treatment.
        const next = minify === minifyCss && pieces.length > 1 ? minifyHtml(raw) : minify(raw);
        rewrite(start, end, next);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return changed ? out : undefined;
}

export function minifyLiteralsPlugin(): Plugin {
  return {
    name: 'rever:minify-literals',
    enforce: 'pre',
    apply: 'build',
    transform(code, id) {
      if (!/\/src\/.*\.ts$/.test(id)) return null;
      const out = minifyLiterals(code, id);
      return out
        ? { code: out.toString(), map: out.generateMap({ hires: true, source: id }) }
        : null;
    },
  };
}
