/**
 * The proxy's request validation: the query and body of every operation, checked against the
 * contract before anything reaches REVER. Hand-written rather than compiled from the OpenAPI
 * document, because schema compilers (Ajv) generate code with `new Function`, which edge runtimes
 * forbid. A property test (test/node/proxy-fuzz.test.ts) checks these rules give the same verdict
 * as the document's own schemas, so the two cannot drift apart unnoticed.
 */
import {
  COUNTRY_PATTERN,
  ID_PATTERN,
  PHONE_PATTERN,
  POSTAL_CODE_PATTERN,
  QUERY,
  type OperationId,
} from './index.ts';

/** Null when valid, else what is wrong: a short, fixed text that never echoes the input. */
export type Verdict = string | null;

type Check = (value: unknown) => boolean;

/** Lengths as JSON Schema counts them: in code points, not UTF-16 units. */
const length = (s: string) => [...s].length;
const text =
  (min: number, max: number, pattern?: RegExp): Check =>
  (v) =>
    typeof v === 'string' && length(v) >= min && length(v) <= max && (!pattern || pattern.test(v));
const id: Check = (v) => typeof v === 'string' && ID_PATTERN.test(v);
const integer =
  (min: number, max: number): Check =>
  (v) =>
    typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;
const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** An object with exactly these fields (required ones present, no others): additionalProperties false. */
const object =
  (required: Record<string, Check>, optional: Record<string, Check> = {}): Check =>
  (v) => {
    if (!isRecord(v)) return false;
    for (const [name, check] of Object.entries(required)) {
      if (!Object.hasOwn(v, name) || !check(v[name])) return false;
    }
    for (const name of Object.keys(v)) {
      if (Object.hasOwn(required, name)) continue;
      const check = Object.hasOwn(optional, name) ? optional[name] : undefined;
      if (!check || !check(v[name])) return false;
    }
    return true;
  };

/** One query parameter: how often it may appear and what each value must be. */
interface QueryRule {
  name: string;
  min: number;
  max: number;
  value: Check;
}

interface OperationRules {
  query: QueryRule[];
  /** The JSON body's check; undefined: the operation takes no body. */
  body?: Check;
}

const returnMethodId: QueryRule = { name: QUERY.returnMethodId, min: 1, max: 1, value: id };

/** The schema `Address`: a pickup address as the shopper typed it. */
const address = object(
  {
    name: text(1, 140),
    line1: text(1, 200),
    city: text(1, 100),
    postal_code: text(1, 12, POSTAL_CODE_PATTERN),
    country: text(2, 2, COUNTRY_PATTERN),
  },
  { line2: text(0, 200), phone: text(5, 24, PHONE_PATTERN) },
);

// Mirrors contract/rever-storefront.yaml (StartIntentRequest, AddLineItemRequest, ClientPreferences,
// ChooseReturnMethodRequest and the parameters); the fuzz test holds the two together.
const RULES: Record<OperationId, OperationRules> = {
  startReturnIntent: {
    query: [],
    body: object({ email: text(3, 254), order_number: text(1, 64) }),
  },
  getActiveReturns: { query: [{ name: QUERY.orderIds, min: 1, max: 50, value: id }] },
  addReturnLineItem: {
    query: [],
    body: object(
      { line_item_id: id, quantity: integer(1, 10_000), return_reason_id: text(1, 64) },
      { comment: text(0, 1000) },
    ),
  },
  removeReturnLineItem: { query: [] },
  getReturnReasons: {
    query: [{ name: QUERY.lang, min: 0, max: 1, value: text(2, 2, /^[a-z]{2}$/) }],
  },
  getExchangeOptions: { query: [{ name: QUERY.lineItemId, min: 1, max: 1, value: id }] },
  getRefundOptions: { query: [] },
  saveClientPreferences: {
    query: [{ name: QUERY.lineItemId, min: 1, max: 1, value: id }],
    body: object(
      { method: text(1, 64, /^[A-Z_]+$/) },
      {
        exchange_variant_id: id,
        bank_account: object({ iban: text(15, 34), holder: text(1, 140) }),
      },
    ),
  },
  confirmReturn: { query: [] },
  getReturnMethods: { query: [] },
  getDropOffPoints: {
    query: [
      returnMethodId,
      { name: QUERY.postalCode, min: 1, max: 1, value: text(1, 12, POSTAL_CODE_PATTERN) },
      { name: QUERY.country, min: 1, max: 1, value: text(2, 2, COUNTRY_PATTERN) },
    ],
  },
  getPickupSlots: { query: [returnMethodId] },
  chooseReturnMethod: {
    query: [],
    body: object(
      { return_method_id: id },
      { drop_off_point_id: id, pickup_slot_id: id, pickup_address: address },
    ),
  },
};

/**
 * Checks a query string (`?a=1&b=2`, or empty) as the client sent it: only the operation's
 * parameters, each as often as allowed, each value valid once decoded.
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
    if (values.length < rule.min) return `${rule.name} is required`;
    if (values.length > rule.max) return `too many ${rule.name}`;
    if (!values.every(rule.value)) return `invalid ${rule.name}`;
  }
  return null;
}

/**
 * Checks a request body: JSON of the operation's shape, or nothing at all for an operation that
 * takes none. Returns the parsed body's verdict; the bytes forwarded are the ones checked.
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
