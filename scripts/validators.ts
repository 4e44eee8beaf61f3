// Generates contract/validators.gen.ts: the proxy's request validators, compiled from the OpenAPI
// document's own schemas by Ajv into standalone code (plain functions: no eval, no new Function,
// so they run on workerd and Workers too). Every operation of the document is picked up, with its
// query parameters and its JSON body, so a new operation needs no edit here. Shared by
// `npm run gen:validate` and the test that fails when the committed file is stale.
import { Ajv2020 } from 'ajv/dist/2020.js';
import standaloneModule from 'ajv/dist/standalone/index.js';
import { readFile } from 'node:fs/promises';
import { format, resolveConfig } from 'prettier';
import { parse } from 'yaml';

export const OPENAPI_FILE = new URL('../contract/rever-storefront.yaml', import.meta.url);
export const VALIDATORS_FILE = new URL('../contract/validators.gen.ts', import.meta.url);

interface Parameter {
  name: string;
  in: 'query' | 'path' | 'header' | 'cookie';
  required?: boolean;
  schema: { type?: string };
}
interface Operation {
  operationId: string;
  parameters?: (Parameter | { $ref: string })[];
  requestBody?: { content?: Record<string, unknown> };
}
interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
  components?: { parameters?: Record<string, Parameter> };
}

const DOCUMENT_ID = 'rever-storefront';
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
/** A JSON pointer segment: '/' and '~' are escaped (RFC 6901). */
const segment = (s: string) => s.replaceAll('~', '~0').replaceAll('/', '~1');
const pointer = (parts: string[]) => `${DOCUMENT_ID}#/${parts.map(segment).join('/')}`;
const identifier = (s: string) => s.replace(/[^A-Za-z0-9_$]/g, '_');

/**
 * Ajv's runtime helpers, which its standalone code would `require` from the ajv package (a dev
 * dependency, and CommonJS): written out here instead, so the generated module imports nothing.
 */
const RUNTIME: Record<string, string> = {
  // Lengths as JSON Schema counts them: in code points, not UTF-16 units.
  'ajv/dist/runtime/ucs2length': `function ucs2length(str) {
  let length = 0;
  for (const _ of str) length++;
  return length;
}`,
  // enum and const over objects or arrays: JSON's own equality.
  'ajv/dist/runtime/equal': `function equal(a, b) {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((k) => Object.hasOwn(b, k) && equal(a[k], b[k]));
}`,
};

/** The module's text, from the contract's document (or, for tests, another one's YAML). */
export async function generateValidators(yaml?: string): Promise<string> {
  const doc = parse(yaml ?? (await readFile(OPENAPI_FILE, 'utf8'))) as OpenApiDocument;
  // Not strict: the document carries OpenAPI keywords (x-assumed, examples) that are not JSON
  // Schema. Formats are informative in this contract, as in the mock. No messages: the proxy
  // answers its own fixed texts, never Ajv's.
  const ajv = new Ajv2020({
    strict: false,
    validateFormats: false,
    messages: false,
    code: { source: true, esm: true },
  });
  ajv.addSchema(doc, DOCUMENT_ID);

  const refs: Record<string, string> = {};
  // One export per compiled schema: Ajv's standalone code would declare a function twice when two
  // names lead to the same schema (a shared parameter), which a module may not.
  const exported = new Map<unknown, string>();
  const exportAt = (name: string, ref: string): string => {
    const validate = ajv.getSchema(ref);
    if (!validate) throw new Error(`no schema at ${ref}`);
    const known = exported.get(validate);
    if (known) return known;
    exported.set(validate, name);
    refs[name] = ref;
    return name;
  };
  const operations: string[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      if (!METHODS.includes(method)) continue;
      const at = ['paths', path, method];
      const id = identifier(op.operationId);
      const query: string[] = [];
      (op.parameters ?? []).forEach((p, i) => {
        const parts =
          '$ref' in p ? p.$ref.replace(/^#\//, '').split('/') : [...at, 'parameters', `${i}`];
        const parameter = '$ref' in p ? doc.components!.parameters![parts.at(-1)!]! : p;
        // Path parameters are the id rule of contract/index.ts (matchOperation); headers are
        // REVER's business (a missing token is its 401, not the proxy's 400).
        if (parameter.in !== 'query') return;
        const name = exportAt(
          `${id}_query_${identifier(parameter.name)}`,
          pointer([...parts, 'schema']),
        );
        query.push(
          `{ name: ${JSON.stringify(parameter.name)}, required: ${parameter.required === true}, ` +
            `repeated: ${parameter.schema.type === 'array'}, check: ${name} }`,
        );
      });
      let body = '';
      if (op.requestBody?.content?.['application/json']) {
        const name = exportAt(
          `${id}_body`,
          pointer([...at, 'requestBody', 'content', 'application/json', 'schema']),
        );
        body = `, body: ${name}`;
      }
      operations.push(`  ${id}: { query: [${query.join(', ')}]${body} },`);
    }
  }

  const standaloneCode = (standaloneModule as unknown as { default: typeof standaloneModule })
    .default;
  let code = standaloneCode(ajv, refs).replace(/^"use strict";\s*/, '');
  for (const [module, source] of Object.entries(RUNTIME)) {
    const required = new RegExp(`const (\\w+) = require\\("${module}"\\)\\.default;`, 'g');
    const name = module.split('/').at(-1)!;
    if (required.test(code)) {
      code = code.replace(required, `const $1 = ${name};`) + `\n${source}\n`;
    }
  }
  if (/\brequire\(/.test(code)) {
    throw new Error(`the schemas need an Ajv runtime helper not written out in ${import.meta.url}`);
  }
  const header = [
    '// Generated by `npm run gen:validate` from contract/rever-storefront.yaml (Ajv standalone',
    '// code, scripts/validators.ts). Do not edit; contract/validate.ts is the readable side.',
    '// @ts-nocheck',
    '/* eslint-disable */',
    '',
  ].join('\n');
  const table = [
    '',
    "/** Every operation: its query parameters (each with its schema's check) and its JSON body's. */",
    'export const operations = {',
    ...operations,
    '};',
    '',
  ].join('\n');
  const config = await resolveConfig(VALIDATORS_FILE.pathname);
  return format(header + code + table, { ...config, parser: 'typescript' });
}
