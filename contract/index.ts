/**
 * The REVER Storefront API contract in code: every path, query name and header the widget, the
 * proxy and the mock use lives here, beside the types generated from rever-storefront.yaml.
 * Replacing an assumption is a change to this folder's document and modules (a test checks they
 * agree). DOM-free and dependency-free: the widget, the proxy and the mock import it, and none of
 * them owns it; it imports none of them.
 */
import type { components } from './api.gen.ts';

type Schemas = components['schemas'];

export type StartIntentRequest = Schemas['StartIntentRequest'];
export type StartIntentResponse = Schemas['StartIntentResponse'];
export type Order = Schemas['Order'];
export type OrderLineItem = Schemas['OrderLineItem'];
export type Image = Schemas['Image'];
export type ActiveReturnsResponse = Schemas['ActiveReturnsResponse'];
export type ActiveReturn = Schemas['ActiveReturn'];
export type Tracking = Schemas['Tracking'];
export type AddLineItemRequest = Schemas['AddLineItemRequest'];
export type ReturnLineItemsResponse = Schemas['ReturnLineItemsResponse'];
export type ReturnReasonsResponse = Schemas['ReturnReasonsResponse'];
export type ReturnReason = ReturnReasonsResponse['return_reasons'][number];
export type ExchangeOptionsResponse = Schemas['ExchangeOptionsResponse'];
export type ExchangeOption = ExchangeOptionsResponse['exchange_options'][number];
export type RefundOptionsResponse = Schemas['RefundOptionsResponse'];
export type RefundOption = RefundOptionsResponse['refund_options'][number];
export type ClientPreferences = Schemas['ClientPreferences'];
export type SaveClientPreferencesResponse = Schemas['SaveClientPreferencesResponse'];
export type ConfirmResponse = Schemas['ConfirmResponse'];
export type ErrorResponse = Schemas['ErrorResponse'];
export type Address = Schemas['Address'];
export type ReturnMethod = Schemas['ReturnMethod'];
export type ReturnMethodCost = ReturnMethod['costs'][number];
export type ReturnMethodRequirement = ReturnMethod['requires'][number];
export type ReturnMethodsResponse = Schemas['ReturnMethodsResponse'];
export type OpeningHours = Schemas['OpeningHours'];
export type DropOffPoint = Schemas['DropOffPoint'];
export type DropOffPointsResponse = Schemas['DropOffPointsResponse'];
export type PickupSlot = Schemas['PickupSlot'];
export type PickupSlotsResponse = Schemas['PickupSlotsResponse'];
export type ChooseReturnMethodRequest = Schemas['ChooseReturnMethodRequest'];
export type ChooseReturnMethodResponse = Schemas['ChooseReturnMethodResponse'];
export type Logistics = Schemas['Logistics'];

/** The header REVER reads its secret API key from. Server side only: the browser never sends it. */
export const API_KEY_HEADER = 'x-rever-api-key';
/** The header the later calls carry the shopper's token in (assumption i). */
export const CUSTOMER_TOKEN_HEADER = 'x-rever-customer-token';
/**
 * The proxy's session token (not REVER's): answered on a successful return intent, sent back on
 * every later call, so the proxy can refuse calls about another shopper's return or order.
 */
export const SESSION_HEADER = 'x-rever-session';

/** Refund methods the widget knows by name; any other string is offered as it comes (assumption g). */
export const REFUND_METHODS = [
  'ORIGINAL_PAYMENT_METHOD',
  'BANK_TRANSFER',
  'GIFT_CARD',
  'STORE_CREDIT',
] as const;
/** The known refund methods by name, taken from the list above (one spelling of each). */
export const [ORIGINAL_PAYMENT_METHOD, BANK_TRANSFER, GIFT_CARD, STORE_CREDIT] = REFUND_METHODS;
/** The preference method for an exchange (assumption c). */
export const EXCHANGE_METHOD = 'EXCHANGE';
/** REVER's process statuses (assumption b); unknown ones are shown as they come. */
export const RETURN_STATUSES = ['RUNNING', 'COMPLETED', 'FAILED', 'CANCELED', 'ON_HOLD'] as const;
/** Return method types the widget knows by name; any other is offered as it comes (assumption k). */
export const RETURN_METHOD_TYPES = ['HOME_PICKUP', 'DROP_OFF', 'IN_STORE', 'SELF_SHIPPED'] as const;
/** How a return method's label travels (assumption k). */
export const LABEL_KINDS = ['PRINTED', 'QR', 'NONE'] as const;
/** What a return method needs chosen before it can be used (assumption k). */
export const METHOD_REQUIREMENTS = ['ADDRESS', 'PICKUP_SLOT', 'DROP_OFF_POINT'] as const;
/** The error code of a pickup slot taken before the shopper's choice reached REVER (422). */
export const SLOT_UNAVAILABLE = 'slot_unavailable';

/** Postcodes as people write them anywhere (schema `PostalCode`). */
export const POSTAL_CODE_PATTERN = /^[A-Za-z0-9](?:[A-Za-z0-9 -]{0,10}[A-Za-z0-9])?$/;
/** ISO 3166-1 alpha-2 (schema `Country`). */
export const COUNTRY_PATTERN = /^[A-Z]{2}$/;
/** YYYY-MM-DD (schema `LocalDate`). */
export const DATE_PATTERN = /^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$/;
/** HH:MM, 24 h (schema `LocalTime`). */
export const TIME_PATTERN = /^([01][0-9]|2[0-3]):[0-5][0-9]$/;
/** A phone number as typed: digits, spaces, brackets and '-', a leading '+' (schema `Address`). */
export const PHONE_PATTERN = /^\+?[0-9][0-9 ()-]{4,23}$/;

/** Query parameter names. */
export const QUERY = {
  orderIds: 'order_ids',
  lineItemId: 'line_item_id',
  lang: 'lang',
  returnMethodId: 'return_method_id',
  postalCode: 'postal_code',
  country: 'country',
} as const;

/**
 * Every operation: its method and path template (`{name}` is a path parameter). The operationId
 * is the key, as in the OpenAPI document.
 */
export const OPERATIONS = {
  startReturnIntent: { method: 'POST', path: '/returns/intent/start' },
  getActiveReturns: { method: 'GET', path: '/returns' },
  addReturnLineItem: { method: 'POST', path: '/returns/{return_id}/line_items' },
  removeReturnLineItem: {
    method: 'DELETE',
    path: '/returns/{return_id}/line_items/{line_item_id}',
  },
  getReturnReasons: { method: 'GET', path: '/returns/{return_id}/return_reasons' },
  getExchangeOptions: { method: 'GET', path: '/returns/{return_id}/exchange_options' },
  getRefundOptions: { method: 'GET', path: '/returns/{return_id}/refund_options' },
  saveClientPreferences: { method: 'POST', path: '/returns/{return_id}/save_client_preferences' },
  confirmReturn: { method: 'POST', path: '/returns/{return_id}/confirm' },
  getReturnMethods: { method: 'GET', path: '/returns/{return_id}/return_methods' },
  getDropOffPoints: { method: 'GET', path: '/returns/{return_id}/drop_off_points' },
  getPickupSlots: { method: 'GET', path: '/returns/{return_id}/pickup_slots' },
  chooseReturnMethod: { method: 'POST', path: '/returns/{return_id}/return_method' },
} as const satisfies Record<string, { method: 'GET' | 'POST' | 'DELETE'; path: string }>;

export type OperationId = keyof typeof OPERATIONS;

/** Ids travel in paths, so they are limited to a path-safe alphabet (schema `Id`). */
export const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/** Fills a path template; every value must be a valid id, so nothing can escape its segment. */
export function buildPath(op: OperationId, params: Record<string, string> = {}): string {
  return OPERATIONS[op].path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined || !ID_PATTERN.test(value)) {
      throw new TypeError(`invalid path parameter ${name}`);
    }
    return value;
  });
}

export interface OperationMatch {
  id: OperationId;
  params: Record<string, string>;
}

// Pure, so a bundle of the widget (which never matches paths) leaves it out.
const matchers = /* @__PURE__ */ Object.entries(OPERATIONS).map(([id, { method, path }]) => {
  const names: string[] = [];
  const source = path.replace(/\{(\w+)\}/g, (_, name: string) => {
    names.push(name);
    return '([A-Za-z0-9_-]{1,64})';
  });
  return { id: id as OperationId, method, regex: new RegExp(`^${source}$`), names };
});

/**
 * Finds the operation a method and (undecoded) pathname name, or undefined. Strict on purpose:
 * no trailing slash, no encoded characters, no dot segments.
 */
export function matchOperation(method: string, pathname: string): OperationMatch | undefined {
  for (const m of matchers) {
    if (m.method !== method.toUpperCase()) continue;
    const found = m.regex.exec(pathname);
    if (!found) continue;
    const params: Record<string, string> = {};
    m.names.forEach((name, i) => (params[name] = found[i + 1] as string));
    return { id: m.id, params };
  }
  return undefined;
}

export { normalizeOrderNumber } from './order-number.ts';
