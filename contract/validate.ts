/**
 * The proxy's request validation: the query and body of every operation, checked against the
 * contract before anything reaches REVER. The checks themselves are the OpenAPI document's own
 * schemas, compiled by Ajv into plain functions at build time (validators.gen.ts, written by
 * `npm run gen:validate`; a test fails when it is stale), so there is one source of truth and no
 * code is generated at run time (edge runtimes forbid it). What the document cannot say is here:
 * how a query string becomes parameter values, that an operation without a body takes none, that
 * a body is UTF-8 JSON without a repeated key, and that an intent's order number is normalised
 * (normalizeOrderNumber) before it is checked. Path parameters are the id rule of index.ts.
 */
import type { OperationId } from './index.ts';
import { normalizeOrderNumber } from './order-number.ts';
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

/** Whether the operation takes a JSON body at all. */
export function takesBody(op: OperationId): boolean {
  return RULES[op].body !== undefined;
}

/**
 * True when an object in a JSON text (already known to parse) has the same key twice, as decoded
 * (`"a"` and `"\u0061"` are the same key). JSON.parse keeps the last; a server behind might keep
 * the first, so such a body is refused rather than read two ways.
 */
export function hasDuplicateKeys(text: string): boolean {
  // One entry per open object (its keys so far) or array (null).
  const open: (Set<string> | null)[] = [];
  let expectKey = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      let end = i + 1;
      while (text[end] !== '"') end += text[end] === '\\' ? 2 : 1;
      if (expectKey) {
        const key = JSON.parse(text.slice(i, end + 1)) as string;
        const keys = open.at(-1)!;
        if (keys.has(key)) return true;
        keys.add(key);
        expectKey = false;
      }
      i = end;
    } else if (c === '{') {
      open.push(new Set());
      expectKey = true;
    } else if (c === '[') {
      open.push(null);
    } else if (c === '}' || c === ']') {
      open.pop();
    } else if (c === ',') {
      expectKey = open.at(-1) instanceof Set;
    }
  }
  return false;
}

/** A body's verdict and, when it passes, the canonical JSON to forward (none for no body). */
export type ParsedBody =
  /** `value`: what was checked (parsed, normalised); `json`: its canonical JSON. */
  { ok: true; json: string | undefined; value: unknown } | { ok: false; why: string };

/**
 * Reads a request body: JSON of the operation's shape, or nothing at all for an operation that
 * takes none. What passes is returned as canonical JSON (JSON.stringify of what was checked), so
 * what is forwarded is exactly what was checked, whatever bytes the client sent.
 */
export function parseBody(op: OperationId, body: Uint8Array): ParsedBody {
  const check = RULES[op].body;
  if (!check) {
    return body.byteLength === 0
      ? { ok: true, json: undefined, value: undefined }
      : { ok: false, why: 'this operation takes no body' };
  }
  let text: string;
  let value: unknown;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(body);
    value = JSON.parse(text);
  } catch {
    return { ok: false, why: 'the body is not JSON' };
  }
  if (hasDuplicateKeys(text)) return { ok: false, why: 'the body repeats a key' };
  // One order number, one form: what is checked, counted and forwarded (contract/order-number.ts).
  if (op === 'startReturnIntent' && typeof value === 'object' && value !== null) {
    const intent = value as { order_number?: unknown };
    if (typeof intent.order_number === 'string') {
      intent.order_number = normalizeOrderNumber(intent.order_number);
    }
  }
  if (!check(value)) return { ok: false, why: 'the body does not match the contract' };
  return { ok: true, json: JSON.stringify(value), value };
}

/** A body's verdict alone (see parseBody). */
export function checkBody(op: OperationId, body: Uint8Array): Verdict {
  const parsed = parseBody(op, body);
  return parsed.ok ? null : parsed.why;
}

/** The order number of a start-intent body already checked by checkBody. @internal */
export function orderNumberOf(body: Uint8Array): string {
  const value = JSON.parse(new TextDecoder().decode(body)) as { order_number: string };
  return value.order_number;
}
