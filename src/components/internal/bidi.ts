import { html, type TemplateResult } from 'lit';
import type { MessageKey } from '../../i18n/en.ts';
import type { Translate } from '../../i18n/i18n.ts';

/** Marks a placeholder in a translated sentence; never in a table nor in a product's name. */
const MARK = '\u0000';

/**
 * A translated sentence with some of its values (product names, variants) each in a `<bdi>`, so
 * text in another script keeps its place: an Arabic name and its Arabic variant, joined by a
 * comma in an English sentence, would otherwise be read as one right-to-left run and swap places.
 * The text content is the same as `t`'s.
 */
export type Isolated = (string | TemplateResult | Isolated)[];

/**
 * A value that is itself markup (another `isolated` sentence) is put in as it is.
 */
export function isolated(
  t: Translate,
  key: MessageKey,
  values: Record<string, string | number | Isolated>,
  names: readonly string[],
): Isolated {
  const marked: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(values)) {
    marked[name] =
      names.includes(name) || typeof value === 'object' ? `${MARK}${name}${MARK}` : value;
  }
  return t(key, marked)
    .split(MARK)
    .map((part, i) => {
      if (!(i % 2)) return part;
      const value = values[part]!;
      return typeof value === 'object' ? value : html`<bdi>${value}</bdi>`;
    });
}
