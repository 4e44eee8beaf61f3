/**
 * Response decoders: every body is checked here, at the boundary, so a malformed answer becomes a
 * `bad-response` error and never a crash deeper in the view. Hand-written rather than a schema
 * library because they cost a few hundred bytes in the shopper's download; their result types
 * are checked against the types generated from the OpenAPI document.
 */
import {
  COUNTRY_PATTERN,
  DATE_PATTERN,
  ID_PATTERN,
  LABEL_KINDS,
  METHOD_REQUIREMENTS,
  PHONE_PATTERN,
  POSTAL_CODE_PATTERN,
  TIME_PATTERN,
  type Address,
  type ChooseReturnMethodResponse,
  type DropOffPoint,
  type Logistics,
  type OpeningHours,
  type PickupSlot,
  type ReturnMethod,
} from './index.ts';
import type {
  ActiveReturn,
  ConfirmResponse,
  ExchangeOption,
  Image,
  Order,
  OrderLineItem,
  RefundOption,
  ReturnLineItemsResponse,
  ReturnReason,
  SaveClientPreferencesResponse,
  Tracking,
} from './index.ts';

export class DecodeError extends Error {
  override readonly name = 'DecodeError';
}

export type Decoder<T> = (value: unknown, path: string) => T;

function fail(path: string, expected: string): never {
  throw new DecodeError(`${path}: expected ${expected}`);
}

export const record = (v: unknown, path: string): Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)
    ? (v as Record<string, unknown>)
    : fail(path, 'an object');

export const str: Decoder<string> = (v, path) =>
  typeof v === 'string' ? v : fail(path, 'a string');
const bool: Decoder<boolean> = (v, path) => (typeof v === 'boolean' ? v : fail(path, 'a boolean'));
/** Counts and minor-unit amounts: safe, non-negative integers. */
export const count: Decoder<number> = (v, path) =>
  Number.isSafeInteger(v) && (v as number) >= 0 ? (v as number) : fail(path, 'an integer ≥ 0');
const currency: Decoder<string> = (v, path) =>
  typeof v === 'string' && /^[A-Z]{3}$/.test(v) ? v : fail(path, 'an ISO 4217 code');

/** A string matching a pattern of the contract, of `min` to `max` code points. */
const matching =
  (pattern: RegExp, expected: string, min = 0, max = Infinity): Decoder<string> =>
  (v, path) => {
    const s = str(v, path);
    const length = [...s].length;
    return pattern.test(s) && length >= min && length <= max ? s : fail(path, expected);
  };
const id = matching(ID_PATTERN, 'an id');
const date = matching(DATE_PATTERN, 'a YYYY-MM-DD date');
const time = matching(TIME_PATTERN, 'an HH:MM time');
const country = matching(COUNTRY_PATTERN, 'an ISO 3166 country');
const nonEmpty = (expected: string, max = Infinity) => matching(/^/, expected, 1, max);
const oneOf =
  <T extends string>(values: readonly T[]): Decoder<T> =>
  (v, path) =>
    values.includes(v as T) ? (v as T) : fail(path, values.join(' | '));
const between =
  (min: number, max: number): Decoder<number> =>
  (v, path) =>
    Number.isInteger(v) && (v as number) >= min && (v as number) <= max
      ? (v as number)
      : fail(path, `an integer ${min}–${max}`);

const list =
  <T>(item: Decoder<T>): Decoder<T[]> =>
  (v, path) =>
    Array.isArray(v) ? v.map((x, i) => item(x, `${path}[${i}]`)) : fail(path, 'an array');

type Shape<T> = { [K in keyof T]-?: Decoder<T[K]> };

/** Decodes an object field by field; unknown fields are dropped, so nothing unchecked leaks in. */
export const object =
  <T>(shape: Shape<T>): Decoder<T> =>
  (v, path) => {
    const o = record(v, path);
    const out = {} as T;
    for (const key of Object.keys(shape) as (keyof T & string)[]) {
      out[key] = shape[key](o[key], `${path}.${key}`);
    }
    return out;
  };

export const optional =
  <T>(d: Decoder<T>): Decoder<T | undefined> =>
  (v, path) =>
    v === undefined ? undefined : d(v, path);

const nullable =
  <T>(d: Decoder<T>): Decoder<T | null> =>
  (v, path) =>
    v === null || v === undefined ? null : d(v, path);

/** Only http(s) URLs reach an `src` or `href`; anything else (javascript:, data:) is dropped. */
export function safeUrl(value: string): string | undefined {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/** A postal address, as strict as the schema `Address`. */
const address = object<Address>({
  name: nonEmpty('a name', 140),
  line1: nonEmpty('an address line', 200),
  line2: optional(matching(/^/, 'an address line', 0, 200)),
  city: nonEmpty('a city', 100),
  postal_code: matching(POSTAL_CODE_PATTERN, 'a postcode'),
  country,
  phone: optional(matching(PHONE_PATTERN, 'a phone number')),
});

/** An address that does not fit the schema is no default rather than a failed order. */
const lenientAddress: Decoder<Address | undefined> = (v, path) => {
  try {
    return optional(address)(v, path);
  } catch {
    return undefined;
  }
};

const returnMethod = object<ReturnMethod>({
  id,
  type: nonEmpty('a method type', 64),
  carrier: nullable(object<{ name: string }>({ name: nonEmpty('a carrier') })),
  label: oneOf(LABEL_KINDS),
  costs: list(
    object<ReturnMethod['costs'][number]>({
      method: matching(/^[A-Z_]{1,64}$/, 'a refund method'),
      amount: count,
    }),
  ),
  requires: list(oneOf(METHOD_REQUIREMENTS)),
});

const openingHours = object<OpeningHours>({ day: between(1, 7), opens: time, closes: time });

const dropOffPoint = object<DropOffPoint>({
  id,
  name: nonEmpty('a name'),
  carrier: str,
  address: object<DropOffPoint['address']>({ line1: str, city: str, postal_code: str, country }),
  distance_m: count,
  opening_hours: list(openingHours),
});

const pickupSlot = object<PickupSlot>({ id, date, from: time, to: time });

const chosenMethod = object<ChooseReturnMethodResponse>({
  return_id: str,
  return_cost: count,
  refund_total: count,
  pending_credit_to_use: count,
  currency,
});

/** Only an https label reaches an `href`; another one is kept as no label. */
const httpsUrl: Decoder<string | undefined> = (v, path) => {
  const url = safeUrl(str(v, path));
  return url?.startsWith('https://') ? url : undefined;
};

const logistics = object<Logistics>({
  type: nonEmpty('a method type', 64),
  carrier: optional(str),
  label_url: optional(httpsUrl),
  qr_code: optional(nonEmpty('a QR payload', 1000)),
  return_by: optional(date),
  drop_off_point: optional(dropOffPoint),
  pickup: optional(
    object<NonNullable<Logistics['pickup']>>({ date, from: time, to: time, address }),
  ),
});

const image = object<Image>({ src: str, alt: str });
/** Images whose `src` is not http(s) are dropped rather than failing the whole order. */
const images: Decoder<Image[]> = (v, path) =>
  list(image)(v, path).flatMap((img) => {
    const src = safeUrl(img.src);
    return src ? [{ src, alt: img.alt }] : [];
  });

const lineItem = object<OrderLineItem>({
  id: str,
  name: str,
  variant_name: str,
  quantity: count,
  quantity_in_progress: count,
  quantity_returned: count,
  quantity_not_returnable: count,
  available_return_reasons: list(object<{ id: string }>({ id: str })),
  total: count,
  product: object<OrderLineItem['product']>({ images }),
  return_deadline: optional(date),
});

const order = object<Order>({
  id: str,
  currency,
  return_id: str,
  customer_token: str,
  line_items: list(lineItem),
  shipping_address: lenientAddress,
});

const tracking = object<Tracking>({
  carrier: str,
  tracking_number: str,
  // An unsafe link is kept as no link: the carrier and number are still worth showing.
  tracking_url: (v, path) => safeUrl(str(v, path)) ?? '',
});

const activeReturn = object<ActiveReturn>({
  id: str,
  order_id: str,
  status: str,
  created_at: str,
  line_items: list(
    object<ActiveReturn['line_items'][number]>({ line_item_id: str, name: str, quantity: count }),
  ),
  tracking: nullable(tracking),
  logistics: optional(logistics),
});

const returnLineItems = object<ReturnLineItemsResponse>({
  return_id: str,
  line_items: list(
    object<ReturnLineItemsResponse['line_items'][number]>({
      line_item_id: str,
      quantity: count,
      return_reason_id: str,
    }),
  ),
});

const reason = object<ReturnReason>({ id: str, name: str, comment_required: bool });

const exchangeOption = object<ExchangeOption>({
  variant_id: str,
  name: str,
  variant_name: str,
  price: count,
  available: bool,
  image: (v, path) => {
    const img = nullable(image)(v, path);
    const src = img && safeUrl(img.src);
    return img && src ? { src, alt: img.alt } : null;
  },
  recommended: optional(bool),
});

const bonus: Decoder<number | undefined> = optional((v, path) =>
  typeof v === 'number' && Number.isFinite(v) && v >= 0 && v <= 1000 ? v : fail(path, 'a bonus %'),
);
const refundOption = object<RefundOption>({ method: str, bonus_percentage: bonus });

const preferences = object<SaveClientPreferencesResponse>({
  return_id: str,
  pending_credit_to_use: count,
  currency,
});

const confirmation = object<ConfirmResponse>({
  return_id: str,
  status: str,
  summary: object<ConfirmResponse['summary']>({
    refund_total: count,
    credit_total: count,
    currency,
  }),
  logistics: optional(logistics),
});

/** Unwraps `{ [key]: value }`, the envelope most answers come in. */
const field =
  <T>(key: string, d: Decoder<T>): Decoder<T> =>
  (v, path) =>
    d(record(v, path)[key], `${path}.${key}`);

export const decoders = {
  startReturnIntent: field('order', order),
  getActiveReturns: field('returns', list(activeReturn)),
  returnLineItems,
  getReturnReasons: field('return_reasons', list(reason)),
  getExchangeOptions: field('exchange_options', list(exchangeOption)),
  getRefundOptions: field('refund_options', list(refundOption)),
  saveClientPreferences: preferences,
  confirmReturn: confirmation,
  getReturnMethods: field('return_methods', list(returnMethod)),
  getDropOffPoints: field('drop_off_points', list(dropOffPoint)),
  getPickupSlots: field('pickup_slots', list(pickupSlot)),
  chooseReturnMethod: chosenMethod,
  errorCode: (v: unknown): string | undefined => {
    try {
      const code = str(record(record(v, '')['error'], '')['code'], '');
      return /^[a-z_]{1,64}$/.test(code) ? code : undefined;
    } catch {
      return undefined;
    }
  },
};
