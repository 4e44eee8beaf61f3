/**
 * What of REVER's answer may reach a browser. Pure functions, so each rule is tested on its own.
 *
 * - Errors: REVER's text is never passed on (it may quote a request, a key, an internal detail).
 *   An error becomes the contract's `{ error: { code, message } }` with REVER's code when it is a
 *   plain code, and the proxy's own message for that code.
 * - Successes: withheld whole when they hold the key, looked for in the raw bytes, in every
 *   decoded JSON string (so `\/`- and `\u`-escaped copies are found) and in those strings joined
 *   (so a key split across two fields is found too).
 */

/** The proxy's own words per error code the contract and REVER use; others get their status's. */
const MESSAGES: Record<string, string> = {
  invalid_request: 'The request was not accepted.',
  comment_required: 'A comment is required for this reason.',
  exchange_variant_required: 'Choose a variant to exchange for.',
  bank_account_required: 'A bank account is required for this refund.',
  invalid_iban: 'The bank account number is not valid.',
  method_not_offered: 'That refund method is not offered.',
  unauthorized: 'Not authorised.',
  forbidden: 'Not allowed.',
  not_found: 'Not found.',
  order_not_found: 'No order matches that email and number.',
  conflict: 'The return can no longer change that way.',
  not_returnable: 'That item cannot be returned.',
  empty_return: 'Add an item to the return first.',
  preferences_missing: 'Choose how to be refunded first.',
  rate_limited: 'Too many attempts; try again later.',
};

const byStatus = (status: number): string =>
  status === 429
    ? 'Too many attempts; try again later.'
    : status >= 500
      ? 'REVER could not handle the request.'
      : 'REVER refused the request.';

/** A code worth passing on: lower-case words, bounded; anything else is REVER's text. */
const PLAIN_CODE = /^[a-z][a-z0-9_]{0,63}$/;

/** The error body the browser gets for REVER's error answer (`payload`, its raw bytes). */
export function errorBody(status: number, payload: Uint8Array, secret: string): string {
  let code: unknown;
  try {
    code = (JSON.parse(new TextDecoder().decode(payload)) as { error?: { code?: unknown } }).error
      ?.code;
  } catch {
    /* not JSON: no code to keep */
  }
  const kept =
    typeof code === 'string' && PLAIN_CODE.test(code) && !code.includes(secret)
      ? code
      : status >= 500
        ? 'upstream_error'
        : 'upstream_refused';
  return JSON.stringify({
    error: {
      code: kept,
      message: Object.hasOwn(MESSAGES, kept) ? MESSAGES[kept] : byStatus(status),
    },
  });
}

/** Every string of a JSON value in document order: all of them (keys too), and values alone. */
function strings(value: unknown, all: string[], values: string[]): void {
  if (typeof value === 'string') {
    all.push(value);
    values.push(value);
  } else if (Array.isArray(value)) {
    for (const item of value) strings(item, all, values);
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      all.push(key);
      strings(item, all, values);
    }
  }
}

/**
 * True when a successful answer holds the secret: in its raw bytes, in one decoded string, or
 * split over neighbouring strings (values joined, and keys and values joined).
 */
export function holdsSecret(payload: Uint8Array, secret: string): boolean {
  const text = new TextDecoder().decode(payload);
  if (text.includes(secret)) return true;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return false;
  }
  const all: string[] = [];
  const values: string[] = [];
  strings(value, all, values);
  // All the strings joined hold any one string's copy too.
  return values.join('').includes(secret) || all.join('').includes(secret);
}
