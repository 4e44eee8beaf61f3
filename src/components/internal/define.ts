import { VERSION } from '../../version.ts';

/**
 * What every copy of the widget on a page shares: which copy defines the elements (the first to
 * define one), its version, and whether the page was warned.
 */
export interface Registry {
  version: string;
  warned: boolean;
  /** The copy that defines every element, later ones included; absent when an older copy made it. */
  owner?: object;
}

/** The shared registry's key, also read by the script-tag loader (src/loader.ts). */
export const REGISTRY = Symbol.for('rever-returns');

/** This copy of the module: the ES build's chunks share it, another bundle has its own. */
const COPY = {};

type WithRegistry = typeof globalThis & { [REGISTRY]?: Registry };

function registry(): Registry {
  return ((globalThis as WithRegistry)[REGISTRY] ??= {
    version: VERSION,
    warned: false,
    owner: COPY,
  });
}

/** The console's one warning about a second copy (`version`: that copy's), whoever hears of it. */
export function warnLoadedTwice(shared: Registry, version: string): void {
  if (shared.warned) return;
  shared.warned = true;
  console.warn(
    `rever-returns: the widget is loaded more than once on this page; version ${shared.version} ` +
      `is in use and this copy (${version}) is ignored. Load it once.`,
  );
}

/**
 * Defines an element once. A page that loads the widget twice (a CMS block plus a theme script,
 * the script tag and the npm build, two versions) must not throw: the first copy's elements win,
 * and the page hears about it once, however many elements and copies come after. The first copy
 * owns every name, also those it defines later (the ES build's steps load after the lookup): a
 * second copy defines none, so the flow never mixes two versions' steps.
 */
export function define(name: string, ctor: CustomElementConstructor): void {
  const shared = registry();
  const existing = customElements.get(name);
  if (existing === ctor) return;
  if (!existing && shared.owner === COPY) {
    customElements.define(name, ctor);
    return;
  }
  warnLoadedTwice(shared, VERSION);
}
