/**
 * Response decoders: every body is checked here, at the boundary, so a malformed answer becomes a
 * `bad-response` error and never a crash deeper in the view. Hand-written rather than a schema
 * library because they cost a few hundred bytes in the shopper's download; their result types
 * are checked against the types generated from the OpenAPI document.
 */
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
});

const order = object<Order>({
  id: str,
  currency,
  return_id: str,
  customer_token: str,
  line_items: list(lineItem),
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
  errorCode: (v: unknown): string | undefined => {
    try {
      const code = str(record(record(v, '')['error'], '')['code'], '');
      return /^[a-z_]{1,64}$/.test(code) ? code : undefined;
    } catch {
      return undefined;
    }
  },
};
