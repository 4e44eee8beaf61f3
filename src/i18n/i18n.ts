/**
 * Translation and locale resolution. DOM-light: only `requestedLocales` reads the element tree.
 *
 * English is bundled; every other language is its own module, loaded with `import()` the first
 * time it is asked for, so a shopper downloads one table, not eight.
 */
import { en, type MessageKey, type Messages } from './en.ts';

export type Translate = (key: MessageKey, values?: Record<string, string | number>) => string;

export interface I18n {
  /** The BCP 47 tag the text and Intl use, e.g. "es-MX"; "en" when English stands in. */
  locale: string;
  /** The direction the text is written in, from the language of `locale`. */
  dir: 'ltr' | 'rtl';
  t: Translate;
  /** Whether the table has a key, for keys made from API values (statuses, refund methods). */
  has: (key: string) => key is MessageKey;
}

/** The languages with a complete table. */
export const LANGUAGES = ['en', 'es', 'fr', 'de', 'it', 'pt', 'ja', 'ar'] as const;
export type Language = (typeof LANGUAGES)[number];

/** The languages written right to left. */
const RTL: readonly Language[] = ['ar'];

/**
 * The direction a language is written in, for the widget's own `dir`: an English widget on a
 * `dir="rtl"` page stays left to right, an Arabic one on a left-to-right page is mirrored.
 */
export function direction(language: Language): 'ltr' | 'rtl' {
  return RTL.includes(language) ? 'rtl' : 'ltr';
}

/**
 * One module a language, so the ES build splits them. Portuguese is European Portuguese; a
 * Brazilian shopper reads it too, and money and dates still follow `pt-BR` through Intl.
 *
 * @internal Exported so tests can make a language's module fail to load.
 */
export const loaders: Record<Exclude<Language, 'en'>, () => Promise<Messages>> = {
  es: () => import('./es.ts').then((m) => m.es),
  fr: () => import('./fr.ts').then((m) => m.fr),
  de: () => import('./de.ts').then((m) => m.de),
  it: () => import('./it.ts').then((m) => m.it),
  pt: () => import('./pt.ts').then((m) => m.pt),
  ja: () => import('./ja.ts').then((m) => m.ja),
  ar: () => import('./ar.ts').then((m) => m.ar),
};

const tables = new Map<Language, Messages>([['en', en]]);
const loading = new Map<Language, Promise<Messages>>();

/** The table of a language if it is already here, without waiting. */
export function loadedMessages(language: Language): Messages | undefined {
  return tables.get(language);
}

/** The table of a language, loaded once; a failed load may be tried again later. */
export function loadMessages(language: Language): Promise<Messages> {
  const table = tables.get(language);
  if (table) return Promise.resolve(table);
  let pending = loading.get(language);
  if (!pending) {
    pending = loaders[language as Exclude<Language, 'en'>]().then(
      (messages) => {
        tables.set(language, messages);
        loading.delete(language);
        return messages;
      },
      (error: unknown) => {
        loading.delete(language);
        throw error;
      },
    );
    loading.set(language, pending);
  }
  return pending;
}

export function createI18n(locale: string, messages: Messages = en): I18n {
  return {
    locale,
    dir: direction(matchLanguage(locale) ?? 'en'),
    has: (key): key is MessageKey => key in messages || key in en,
    // A table copied before a step's English arrived (a merchant's overrides) reads it from
    // the live English table (en-steps.ts).
    t: (key, values) =>
      (messages[key] ?? en[key] ?? key).replace(/\{(\w+)\}/g, (whole, name: string) =>
        values && name in values ? String(values[name]) : whole,
      ),
  };
}

/**
 * A merchant's own wording. Entries whose value is a string replace that key in every language;
 * entries whose value is an object are keyed by a language tag (`es`, `es-MX`) and replace keys
 * in that language only, the exact tag over the bare language. Unknown keys are ignored.
 *
 * ```js
 * el.strings = {
 *   'lookup.heading': 'Find your order', // every language
 *   es: { 'lookup.heading': 'Busca tu pedido' }, // Spanish only
 * };
 * ```
 */
export type StringOverrides = Partial<Messages> | Record<string, Partial<Messages>>;

/** The built-in table with the merchant's overrides for `locale` laid over it. */
export function withOverrides(
  messages: Messages,
  locale: string,
  overrides?: StringOverrides | null,
): Messages {
  if (!overrides || typeof overrides !== 'object') return messages;
  const entries = Object.entries(overrides as Record<string, unknown>);
  const tag = locale.toLowerCase();
  const base = tag.split('-')[0];
  const perLocale = (match: (key: string) => boolean) =>
    entries.filter(([k, v]) => match(k.toLowerCase()) && v && typeof v === 'object');
  const layers: [string, unknown][] = [
    ...entries.filter(([, v]) => typeof v === 'string'),
    ...perLocale((k) => k === base && k !== tag).flatMap(([, v]) => Object.entries(v as object)),
    ...perLocale((k) => k === tag).flatMap(([, v]) => Object.entries(v as object)),
  ];
  const merged: Messages = { ...messages };
  let changed = false;
  for (const [key, value] of layers) {
    if (key in en && typeof value === 'string') {
      merged[key as MessageKey] = value;
      changed = true;
    }
  }
  return changed ? merged : messages;
}

/** The language a tag asks for, if we have it: `es-MX` is Spanish, `pt-BR` Portuguese. */
export function matchLanguage(tag: string): Language | undefined {
  let canonical: string;
  try {
    [canonical = ''] = Intl.getCanonicalLocales(tag);
  } catch {
    return undefined;
  }
  const language = canonical.split('-')[0]!.toLowerCase();
  return (LANGUAGES as readonly string[]).includes(language) ? (language as Language) : undefined;
}

/**
 * What the shopper asks for, most wanted first: the element's `locale`, else the nearest `lang`
 * (crossing shadow roots, so a host that embeds us in its own shadow DOM still decides), else
 * the browser's languages. Only the first source that says anything counts.
 */
export function requestedLocales(host: Element, explicit?: string | null): readonly string[] {
  if (explicit) return [explicit];
  let node: Node | null = host;
  while (node) {
    if (node instanceof Element) {
      const lang = node.getAttribute('lang');
      if (lang) return [lang];
    }
    node = node.parentNode ?? (node instanceof ShadowRoot ? node.host : null);
  }
  return navigator.languages?.length ? navigator.languages : [navigator.language];
}

/**
 * The first requested tag we have a table for, as the locale for text and Intl and its
 * language; English when none is.
 */
export function pickLocale(requested: readonly string[]): { locale: string; language: Language } {
  for (const tag of requested) {
    const language = matchLanguage(tag);
    if (language) return { locale: Intl.getCanonicalLocales(tag)[0]!, language };
  }
  return { locale: 'en', language: 'en' };
}

/** `requestedLocales` then `pickLocale`: the locale the element shows. */
export function resolveLocale(
  host: Element,
  explicit?: string | null,
): { locale: string; language: Language } {
  return pickLocale(requestedLocales(host, explicit));
}
