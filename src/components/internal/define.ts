import { VERSION } from '../../version.ts';

/** What every copy of the widget on a page shares: who defined the elements, and one warning. */
interface Registry {
  version: string;
  warned: boolean;
}

const KEY = Symbol.for('rever-returns');

function registry(): Registry {
  const global = globalThis as typeof globalThis & { [KEY]?: Registry };
  return (global[KEY] ??= { version: VERSION, warned: false });
}

/**
 * Defines an element once. A page that loads the widget twice (a CMS block plus a theme script,
 * the script tag and the npm build, two versions) must not throw: the first copy's elements win,
 * and the page hears about it once, however many elements and copies come after.
 */
export function define(name: string, ctor: CustomElementConstructor): void {
  const first = registry();
  const existing = customElements.get(name);
  if (!existing) {
    customElements.define(name, ctor);
    return;
  }
  if (existing === ctor || first.warned) return;
  first.warned = true;
  console.warn(
    `rever-returns: the widget is loaded more than once on this page; version ${first.version} ` +
      `is in use and this copy (${VERSION}) is ignored. Load it once.`,
  );
}
