/** Translation and locale resolution. DOM-light: only `resolveLocale` reads the element tree. */
import { en, type MessageKey, type Messages } from './en.ts';

export type Translate = (key: MessageKey, values?: Record<string, string | number>) => string;

export interface I18n {
  /** A BCP 47 tag, e.g. "es-ES". */
  locale: string;
  t: Translate;
  /** Whether the table has a key, for keys made from API values (statuses, refund methods). */
  has: (key: string) => key is MessageKey;
}

export function createI18n(locale: string, messages: Messages = en): I18n {
  return {
    locale,
    has: (key): key is MessageKey => key in messages,
    t: (key, values) =>
      messages[key].replace(/\{(\w+)\}/g, (whole, name: string) =>
        values && name in values ? String(values[name]) : whole,
      ),
  };
}

/**
 * The shopper's locale: the element's `locale` attribute, else the nearest `lang` (crossing
 * shadow roots, so a host that embeds us in its own shadow DOM still decides), else the browser.
 */
export function resolveLocale(host: Element, explicit?: string | null): string {
  if (explicit) return explicit;
  let node: Node | null = host;
  while (node) {
    if (node instanceof Element && node.getAttribute('lang')) return node.getAttribute('lang')!;
    node = node.parentNode ?? (node instanceof ShadowRoot ? node.host : null);
  }
  return navigator.language || 'en';
}
