/**
 * Request validation against the OpenAPI document itself, not a copy of it: the query and path
 * parameters and the body of every operation are checked with Ajv (JSON Schema 2020-12, the
 * dialect of OpenAPI 3.1) against the document's own schemas, compiled once.
 *
 * The mock's one Node import is here, and unavoidable: Node 20 cannot import a YAML file as
 * text, so the document is read from disk once, at start.
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import type { OperationId } from '../contract/index.ts';

interface Parameter {
  name: string;
  in: 'query' | 'path' | 'header';
  required?: boolean;
  schema: { type?: string };
}
type ParameterOrRef = Parameter | { $ref: string };
interface Operation {
  operationId: OperationId;
  parameters?: ParameterOrRef[];
  requestBody?: { content: { 'application/json'?: unknown } };
}
export interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
  components: { parameters: Record<string, Parameter> };
}

export interface RequestParts {
  query: URLSearchParams;
  params: Record<string, string>;
  body: unknown;
}

/** Answers null for a valid request, else what is wrong with it (safe to show: no echo). */
export type RequestValidator = (request: RequestParts) => string | null;

const DOCUMENT_ID = 'rever-storefront';

/** A JSON pointer segment: '/' and '~' are escaped (RFC 6901). */
const segment = (s: string) => s.replaceAll('~', '~0').replaceAll('/', '~1');

export function readDocument(): OpenApiDocument {
  const file = new URL('../contract/rever-storefront.yaml', import.meta.url);
  return parse(readFileSync(file, 'utf8')) as OpenApiDocument;
}

/** One validator per operation of the document. */
export function compileValidators(doc: OpenApiDocument): Record<OperationId, RequestValidator> {
  // Not strict: the document carries OpenAPI keywords (x-assumed, examples) that are not JSON
  // Schema. Formats are informative in this contract; shapes are what the mock enforces.
  const ajv = new Ajv2020({ strict: false, validateFormats: false });
  // The whole document is registered once; each schema is compiled by a pointer into it, so its
  // `#/components/...` references resolve against the document as they are written.
  ajv.addSchema(doc, DOCUMENT_ID);
  const compileAt = (pointer: string[]) =>
    ajv.compile({ $ref: `${DOCUMENT_ID}#/${pointer.map(segment).join('/')}` });

  const validators: Partial<Record<OperationId, RequestValidator>> = {};
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      const at = ['paths', path, method];
      // Headers (the customer token) are the handlers' business: a missing one is a 401, not a 400.
      const checks = (op.parameters ?? [])
        .map((p, i) => {
          const pointer = '$ref' in p ? p.$ref.slice(2).split('/') : [...at, 'parameters', `${i}`];
          const parameter = '$ref' in p ? doc.components.parameters[pointer.at(-1)!]! : p;
          return { parameter, pointer };
        })
        .filter(({ parameter }) => parameter.in !== 'header')
        .map(({ parameter, pointer }) => ({
          parameter,
          validate: compileAt([...pointer, 'schema']),
        }));
      const body = op.requestBody?.content['application/json']
        ? compileAt([...at, 'requestBody', 'content', 'application/json', 'schema'])
        : undefined;

      validators[op.operationId] = ({ query, params: pathParams, body: json }) => {
        for (const { parameter: p, validate } of checks) {
          const value = parameterValue(p, query, pathParams);
          if (value === undefined) {
            if (p.required) return `${p.name} is required`;
            continue;
          }
          if (!validate(value)) return ajv.errorsText(validate.errors, { dataVar: p.name });
        }
        if (body && !body(json)) return ajv.errorsText(body.errors, { dataVar: 'body' });
        return null;
      };
    }
  }
  return validators as Record<OperationId, RequestValidator>;
}

/** A parameter's value as its schema expects it: arrays from repeated query names (form, explode). */
function parameterValue(
  p: Parameter,
  query: URLSearchParams,
  pathParams: Record<string, string>,
): string | string[] | undefined {
  if (p.in === 'path') return pathParams[p.name];
  if (p.schema.type === 'array') {
    const all = query.getAll(p.name);
    return all.length ? all : undefined;
  }
  return query.get(p.name) ?? undefined;
}
