/**
 * `npm run build`, after `cem analyze`: template types for React 19's JSX, Vue 3 and Svelte 5,
 * generated from custom-elements.json into dist/frameworks/ and shipped as `rever-returns/jsx`,
 * `rever-returns/vue` and `rever-returns/svelte` (README, "Framework types").
 *
 * Written here rather than with the `custom-element-{jsx,vuejs,svelte}-integration` manifest
 * plugins, which were tried on this manifest (their 1.6.0, 1.4.0 and 1.2.0): they read an event's
 * `type` as its `detail` (`CustomEvent<ReverReadyEvent>`, where ours names the event class, so
 * `event.detail` was typed as an event); they type the attribute names only, so Vue's
 * `:proxyUrl="42"` and `:proxy-url="42"` passed vue-tsc, and React 19 and Svelte 5, which set a
 * prop the element has as a property, had `proxyUrl` refused; Vue's `@rever-step-change` found no
 * listener type (its `onReverStepChange`); and the Svelte file declares `svelteHTML` inside a
 * module (so it augments nothing: `proxyUrl={42}` passed svelte-check), with Svelte 4's
 * `on:`/`bind:` names and React's `JSX` namespace, which a Svelte project does not have.
 *
 * From the manifest, for each element: every public writable field as a property (its type read
 * from the class, `ReverReturns['proxyUrl']`, so it cannot drift), every attribute under its own
 * name, and every event with its class (`ReverReadyEvent`, whose `detail` is typed).
 * test/e2e/framework-types.test.ts checks the three with tsc, vue-tsc and svelte-check.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

interface Described {
  name: string;
  description?: string;
}
interface Field extends Described {
  kind: string;
  privacy?: string;
  readonly?: boolean;
  static?: boolean;
}
interface Element extends Described {
  tagName?: string;
  customElement?: boolean;
  attributes?: (Described & { fieldName?: string })[];
  members?: Field[];
  events?: (Described & { type?: { text?: string } })[];
}
interface Manifest {
  modules: { path: string; declarations?: Element[] }[];
}

/** Where the types are imported from, seen from dist/frameworks/: the package's entry. */
const ENTRY = '../src/index.js';

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

const doc = (text: string | undefined, indent: string) =>
  text?.trim()
    ? `${indent}/** ${text.trim().replace(/\*\//g, '*\\/').replace(/\n/g, `\n${indent} * `)} */\n`
    : '';

const quote = (name: string) => (IDENTIFIER.test(name) ? name : `'${name}'`);

/** `rever-ready` as Vue names its listener prop: `onReverReady`. */
const vueListener = (event: string) =>
  `on${event.replace(/(^|-)([a-z])/g, (_, __: string, c: string) => c.toUpperCase())}`;

/** `proxy-url` -> `proxyUrl`, as Vue matches a kebab-case binding to a prop. */
const camel = (name: string) => name.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

interface Shape {
  element: Element;
  /** Writable public fields: name, description. */
  properties: Described[];
  /** Attributes whose name differs from their field's (those that are the same are properties). */
  attributes: (Described & { fieldName: string })[];
  events: (Described & { type: string })[];
}

export function shapes(manifest: Manifest): Shape[] {
  return manifest.modules
    .flatMap((m) => m.declarations ?? [])
    .filter((d) => d.customElement && d.tagName)
    .map((element) => {
      const properties = (element.members ?? []).filter(
        (m) =>
          m.kind === 'field' && !m.static && !m.readonly && (!m.privacy || m.privacy === 'public'),
      );
      const writable = new Set(properties.map((p) => p.name));
      const attributes = (element.attributes ?? [])
        .filter((a): a is Described & { fieldName: string } => !!a.fieldName)
        .filter((a) => writable.has(a.fieldName) && a.name !== a.fieldName);
      const events = (element.events ?? []).map((e) => ({
        ...e,
        type: e.type?.text && IDENTIFIER.test(e.type.text) ? e.type.text : 'CustomEvent',
      }));
      return { element, properties, attributes, events };
    });
}

function imports(list: Shape[]): string {
  const names = new Set<string>();
  for (const { element, events } of list) {
    names.add(element.name);
    for (const e of events) if (e.type !== 'CustomEvent') names.add(e.type);
  }
  return `import type { ${[...names].sort().join(', ')} } from '${ENTRY}';\n`;
}

/**
 * The props every framework shares: properties by their field names, attributes by theirs, and
 * `listener(event)` for each event.
 */
function props(shape: Shape, listener: (event: string) => string, indent = '  '): string {
  const { element } = shape;
  let out = '';
  for (const p of shape.properties) {
    out +=
      doc(p.description, indent) + `${indent}${quote(p.name)}?: ${element.name}['${p.name}'];\n`;
  }
  for (const a of shape.attributes) {
    out +=
      doc(`${a.description ?? ''}\n(The \`${a.fieldName}\` property's attribute.)`, indent) +
      `${indent}${quote(a.name)}?: ${element.name}['${a.fieldName}'];\n`;
  }
  for (const e of shape.events) {
    out +=
      doc(e.description, indent) +
      `${indent}${quote(listener(e.name))}?: (event: ${e.type}) => void;\n`;
  }
  return out;
}

const HEADER =
  '// Generated by scripts/build/framework-types.ts from custom-elements.json: do not edit.\n';

export function jsx(list: Shape[]): string {
  let out = `${HEADER}// React 19 (\`import type {} from 'rever-returns/jsx'\` once): React sets a prop the element\n// has as a property, any other as an attribute, and \`on\` + an event's name as its listener.\nimport type { DetailedHTMLProps, HTMLAttributes } from 'react';\n${imports(list)}\n`;
  for (const shape of list) {
    out +=
      doc(shape.element.description, '') +
      `export interface ${shape.element.name}Props {\n${props(shape, (e) => `on${e}`)}}\n\n`;
  }
  out += `/** The elements' own props, for other JSX runtimes (Preact, Solid) to extend their \`IntrinsicElements\` with. */\nexport interface CustomElements {\n`;
  for (const { element } of list) out += `  '${element.tagName}': ${element.name}Props;\n`;
  out += `}\n\ndeclare module 'react' {\n  namespace JSX {\n    interface IntrinsicElements {\n`;
  for (const { element } of list) {
    out += `      '${element.tagName}': ${element.name}Props &\n        DetailedHTMLProps<HTMLAttributes<${element.name}>, ${element.name}>;\n`;
  }
  return `${out}    }\n  }\n}\n`;
}

export function vue(list: Shape[]): string {
  let out = `${HEADER}// Vue 3 (\`import type {} from 'rever-returns/vue'\` once, and \`isCustomElement\` in the compiler's\n// options): Vue sets a binding the element has as a property, and \`@rever-ready\` listens.\nimport type { DefineComponent } from 'vue';\n${imports(list)}\n`;
  for (const shape of list) {
    // Vue matches \`proxy-url\` to the \`proxyUrl\` prop itself: the camelCase names are enough.
    const camelOnly: Shape = {
      ...shape,
      attributes: shape.attributes.filter((a) => camel(a.name) !== a.fieldName),
    };
    out +=
      doc(shape.element.description, '') +
      `export interface ${shape.element.name}VueProps {\n${props(camelOnly, vueListener)}}\n\n`;
  }
  out += `declare module 'vue' {\n  interface GlobalComponents {\n`;
  for (const { element } of list) {
    out += `    '${element.tagName}': DefineComponent<${element.name}VueProps>;\n`;
  }
  return `${out}  }\n}\n`;
}

export function svelte(list: Shape[]): string {
  let out = `${HEADER}// Svelte 5 (\`import type {} from 'rever-returns/svelte'\` once): Svelte sets a prop the element\n// has as a property, any other as an attribute, and \`on\` + an event's name as its listener.\nimport type { HTMLAttributes } from 'svelte/elements';\n${imports(list)}\n`;
  for (const shape of list) {
    out +=
      doc(shape.element.description, '') +
      `export interface ${shape.element.name}SvelteProps {\n${props(shape, (e) => `on${e}`)}}\n\n`;
  }
  out += `declare global {\n  namespace svelteHTML {\n    interface IntrinsicElements {\n`;
  for (const { element } of list) {
    out += `      '${element.tagName}': HTMLAttributes<${element.name}> & ${element.name}SvelteProps;\n`;
  }
  return `${out}    }\n  }\n}\n`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const manifest = JSON.parse(readFileSync('custom-elements.json', 'utf8')) as Manifest;
  const list = shapes(manifest);
  if (list.length === 0) throw new Error('framework-types: no element in custom-elements.json');
  const dir = join('dist', 'frameworks');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'jsx.d.ts'), jsx(list));
  writeFileSync(join(dir, 'vue.d.ts'), vue(list));
  writeFileSync(join(dir, 'svelte.d.ts'), svelte(list));
  // Types only; the modules are empty, so that a value import of the subpath resolves too.
  for (const name of ['jsx', 'vue', 'svelte']) {
    writeFileSync(
      join(dir, `${name}.js`),
      '// Types only: see the .d.ts beside this file.\nexport {};\n',
    );
  }
  console.log(`framework-types: ${list.map((s) => `<${s.element.tagName}>`).join(', ')} in ${dir}`);
}
