/**
 * The proxy's request validation: the query and body of every operation, checked against the
 * contract before anything reaches REVER. The checks themselves are the OpenAPI document's own
 * schemas, compiled by Ajv into plain functions at build time (validators.gen.ts, written by
 * `npm run gen:validate`; a test fails when it is stale), so there is one source of truth and no
 * code is generated at run time (edge runtimes forbid it). What the document cannot say is here:
 * how a query string becomes parameter values, that an operation without a body takes none, and
 * that a body is UTF-8 JSON. Path parameters are the id rule of index.ts (matchOperation).
 */
import type { OperationId } from './index.ts';
import { operations } from './validators.gen.ts';

/** Null when valid, else what is wrong: a short, fixed text that never echoes the input. */
export type Verdict = string | null;

/** One query parameter: whether it must appear, may repeat (an array), and its schema's check. */
interface QueryRule {
  name: string;
  required: boolean;
  repeated: boolean;
  check: (value: unknown) => boolean;
}

interface OperationRules {
  query: readonly QueryRule[];
  /** The JSON body's check; undefined: the operation takes no body. */
  body?: (value: unknown) => boolean;
}

// Typed here, so an operation of index.ts missing from the document is a compile error.
const RULES: Record<OperationId, OperationRules> = operations;

/**
 * Checks a query string (`?a=1&b=2`, or empty) as the client sent it: only the operation's
 * parameters; a parameter whose schema is an array from all its values (form, explode), any other
 * at most once; each valid against its schema once decoded.
 */
export function checkQuery(op: OperationId, search: string): Verdict {
  const rules = RULES[op].query;
  let params: URLSearchParams;
  try {
    // A malformed escape (`%zz`) is left as is by URLSearchParams; a lone surrogate is not an
    // issue either, since values are then checked against ASCII-only patterns or lengths.
    params = new URLSearchParams(search);
  } catch {
    return 'malformed query';
  }
  for (const name of new Set(params.keys())) {
    if (!rules.some((r) => r.name === name)) return 'unknown query parameter';
  }
  for (const rule of rules) {
    const values = params.getAll(rule.name);
    if (!values.length) {
      if (rule.required) return `${rule.name} is required`;
      continue;
    }
    if (!rule.repeated && values.length > 1) return `too many ${rule.name}`;
    if (!rule.check(rule.repeated ? values : values[0])) return `invalid ${rule.name}`;
  }
  return null;
}

/**
 * Checks a request body: JSON of the operation's shape, or nothing at all for an operation that
 * takes none. Returns the parsed body's verdict.
 */
export function checkBody(op: OperationId, body: Uint8Array): Verdict {
  const check = RULES[op].body;
  if (!check) return body.byteLength === 0 ? null : 'this operation takes no body';
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body));
  } catch {
    return 'the body is not JSON';
  }
  return check(value) ? null : 'the body does not match the contract';
}

/** The order number of a start-intent body already checked by checkBody. @internal */
export function orderNumberOf(body: Uint8Array): string {
  const value = JSON.parse(new TextDecoder().decode(body)) as { order_number: string };
  return value.order_number;
}
