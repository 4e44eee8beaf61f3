/**
 * Request validation against the OpenAPI document itself (not a copy of it): bodies and query
 * parameters of every operation are checked with Ajv against the document's own schemas.
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import type { OperationId } from '../src/services/contract.ts';

interface Parameter {
  name: string;
  in: 'query' | 'path' | 'header';
  required?: boolean;
  schema: object;
  $ref?: string;
}
interface Operation {
  operationId: OperationId;
  parameters?: Parameter[];
  requestBody?: { content: { 'application/json': { schema: object } } };
}
interface Document {
  paths: Record<string, Record<string, Operation>>;
  components: { parameters: Record<string, Parameter> };
}

const DOC_ID = 'rever-storefront';

export type RequestValidator = (input: {
  query: URLSearchParams;
  params: Record<string, string>;
  body: unknown;
}) => string | null;

/** One validator per operation, compiled once from openapi/rever-storefront.yaml. */
export function loadValidators(): Record<OperationId, RequestValidator> {
  const file = new URL('../openapi/rever-storefront.yaml', import.meta.url);
  const doc = parse(readFileSync(file, 'utf8')) as Document;
  // The document carries OpenAPI keywords (x-assumed, discriminator-free examples) Ajv need not
  // know; formats are informative here, shapes are what the mock enforces.
  const ajv = new Ajv2020({ strict: false, validateFormats: false, allErrors: false });
  ajv.addSchema(doc, DOC_ID);
  const resolve = (p: Parameter): Parameter =>
    p.$ref ? doc.components.parameters[p.$ref.split('/').pop()!]! : p;

  const validators = {} as Record<OperationId, RequestValidator>;
  for (const item of Object.values(doc.paths)) {
    for (const op of Object.values(item)) {
      const params = (op.parameters ?? []).map(resolve).filter((p) => p.in !== 'header');
      const checks = params.map((p) => ({ p, validate: ajv.compile(refsWithin(p.schema)) }));
      const bodySchema = op.requestBody?.content['application/json'].schema;
      const body = bodySchema ? ajv.compile(refsWithin(bodySchema)) : undefined;
      validators[op.operationId] = ({ query, params: path, body: json }) => {
        for (const { p, validate } of checks) {
          const isArray = (p.schema as { type?: string }).type === 'array';
          const value =
            p.in === 'path'
              ? path[p.name]
              : isArray
                ? query.getAll(p.name)
                : (query.get(p.name) ?? undefined);
          const missing = value === undefined || (Array.isArray(value) && value.length === 0);
          if (missing) {
            if (p.required) return `${p.name} is required`;
            continue;
          }
          if (!validate(value)) return `${p.name}: ${ajv.errorsText(validate.errors)}`;
        }
        if (body && !body(json)) return `body: ${ajv.errorsText(body.errors)}`;
        return null;
      };
    }
  }
  return validators;

  /** $refs inside the document say '#/components/…': point them at the document Ajv holds. */
  function refsWithin(schema: object): object {
    return JSON.parse(
      JSON.stringify(schema).replaceAll('"#/components/', `"${DOC_ID}#/components/`),
    ) as object;
  }
}
