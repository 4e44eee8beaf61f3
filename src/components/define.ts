/**
 * Defines an element once. A page that loads the widget twice (a CMS block plus a theme script,
 * two versions) must not throw: the first definition wins and the second says so once.
 */
export function define(name: string, ctor: CustomElementConstructor): void {
  const existing = customElements.get(name);
  if (!existing) customElements.define(name, ctor);
  else if (existing !== ctor) {
    console.warn(`rever-returns: <${name}> is already defined by another copy; keeping that one.`);
  }
}
