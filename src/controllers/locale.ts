import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { en } from '../i18n/en.ts';
import {
  createI18n,
  loadedMessages,
  loadMessages,
  resolveLocale,
  withOverrides,
  type I18n,
  type StringOverrides,
} from '../i18n/i18n.ts';

interface LocaleHost extends ReactiveControllerHost, HTMLElement {
  locale?: string;
  strings?: StringOverrides;
}

/**
 * The shopper's strings: the locale resolved (the host's `locale`, the nearest `lang`, the
 * browser's), its table put in place with the merchant's `strings` over it, and handed to `show`.
 * Resolved again when the host is connected (under another `lang`, maybe) and when `apply` is
 * called (the host's `locale` or `strings` changed).
 */
export class LocaleController implements ReactiveController {
  /** The table being loaded for the first render, if any (see `firstLoads`). */
  loading?: Promise<unknown>;
  /** What the strings were last made from, so an unchanged locale is not loaded again. */
  private _key = '';
  private _strings?: StringOverrides;

  constructor(
    private _host: LocaleHost,
    private _show: (i18n: I18n) => void,
  ) {
    _host.addController(this);
  }

  hostConnected(): void {
    this.apply();
  }

  /**
   * Puts the locale's table in place: at once when it is loaded already, else when its module
   * arrives. Until then the strings shown stay as they were (English at first), and a table
   * that fails to load leaves English: the widget is never blank.
   */
  apply(): void {
    const { strings } = this._host;
    const { locale, language } = resolveLocale(this._host, this._host.locale);
    const key = `${locale}|${language}`;
    if (key === this._key && this._strings === strings) return;
    this._key = key;
    this._strings = strings;
    const show = (table = en, tag = locale) =>
      this._show(createI18n(tag, withOverrides(table, tag, strings)));
    const table = loadedMessages(language);
    if (table) {
      show(table);
      this.loading = undefined;
      return;
    }
    this.loading = loadMessages(language).then(
      (loaded) => {
        if (this._key === key) show(loaded);
      },
      () => {
        if (this._key !== key) return;
        show(en, 'en');
        // Asked again (a reconnect, a new locale), the table is tried again.
        this._key = '';
      },
    );
  }
}

/** How long the first render waits for what it needs before showing what it has meanwhile. */
const FIRST_RENDER_WAIT_MS = 3000;

/**
 * The first render waits for the shopper's table (one small module), so the widget does not
 * flash English first, and for a stored draft being read back; whatever is slow to come, the
 * widget shows what it has after a while.
 */
export async function firstLoads(...loads: (Promise<unknown> | undefined)[]): Promise<void> {
  const waits = loads.filter((load) => load !== undefined);
  if (!waits.length) return;
  let timer: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([
    Promise.all(waits),
    new Promise((r) => (timer = setTimeout(r, FIRST_RENDER_WAIT_MS))),
  ]);
  clearTimeout(timer);
}
