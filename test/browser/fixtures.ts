import type { ExchangeOption, Order, RefundOption, ReturnReason } from '../../contract/index.ts';
import { initialFlow, orderFound, type Draft, type LineChoice } from '../../src/state/flow.ts';

/** A small order in EUR with one line of each kind the picker must show. */
export const order: Order = {
  id: 'ord_1001',
  currency: 'EUR',
  return_id: 'ret_abc',
  customer_token: 'tok_abc',
  line_items: [
    {
      id: 'li_1',
      name: 'Linen shirt',
      variant_name: 'M / White',
      quantity: 2,
      quantity_in_progress: 0,
      quantity_returned: 1,
      quantity_not_returnable: 0,
      available_return_reasons: [{ id: 'too_small' }],
      total: 5990,
      product: { images: [{ src: 'https://img.example/shirt.svg', alt: 'A white linen shirt' }] },
    },
    {
      id: 'li_2',
      name: 'Socks',
      variant_name: 'One size',
      quantity: 1,
      quantity_in_progress: 0,
      quantity_returned: 0,
      quantity_not_returnable: 1,
      available_return_reasons: [],
      total: 995,
      product: { images: [] },
    },
  ],
};

/** The same order before any return: nothing returned or in a return, so it opens on its items. */
export const orderWithoutReturns: Order = {
  ...order,
  line_items: order.line_items.map((line) => ({ ...line, quantity_returned: 0 })),
};

export const reasons: ReturnReason[] = [
  { id: 'too_small', name: 'Too small', comment_required: false },
  { id: 'damaged', name: 'Arrived damaged', comment_required: true },
];

/**
 * An order in GBP with a line of every returnable state: a line with 3 of its 4 units left to
 * return, a single unit, and one line each already returned, already in a return and not
 * returnable. No images, so no test waits on the network.
 */
export const returnOrder: Order = {
  id: 'ord_2002',
  currency: 'GBP',
  return_id: 'ret_abc',
  customer_token: 'tok_abc',
  line_items: [
    {
      id: 'li_coat',
      name: 'Wool coat',
      variant_name: 'S / Navy',
      quantity: 4,
      quantity_in_progress: 0,
      quantity_returned: 1,
      quantity_not_returnable: 0,
      available_return_reasons: [{ id: 'too_small' }, { id: 'damaged' }],
      total: 39996,
      product: { images: [] },
    },
    {
      id: 'li_tee',
      name: 'Cotton tee',
      variant_name: 'L / Black',
      quantity: 1,
      quantity_in_progress: 0,
      quantity_returned: 0,
      quantity_not_returnable: 0,
      available_return_reasons: [{ id: 'changed_mind' }, { id: 'too_small' }],
      total: 1999,
      product: { images: [] },
    },
    {
      id: 'li_scarf',
      name: 'Silk scarf',
      variant_name: 'Red',
      quantity: 1,
      quantity_in_progress: 0,
      quantity_returned: 1,
      quantity_not_returnable: 0,
      available_return_reasons: [{ id: 'too_small' }],
      total: 2500,
      product: { images: [] },
    },
    {
      id: 'li_belt',
      name: 'Leather belt',
      variant_name: '90 cm',
      quantity: 2,
      quantity_in_progress: 2,
      quantity_returned: 0,
      quantity_not_returnable: 0,
      available_return_reasons: [{ id: 'too_small' }],
      total: 5000,
      product: { images: [] },
    },
    {
      id: 'li_card',
      name: 'Gift wrap',
      variant_name: 'Standard',
      quantity: 1,
      quantity_in_progress: 0,
      quantity_returned: 0,
      quantity_not_returnable: 1,
      available_return_reasons: [],
      total: 300,
      product: { images: [] },
    },
  ],
};

/** The store's reasons: more than any one line offers, so a line's list is its own. */
export const storeReasons: ReturnReason[] = [
  ...reasons,
  { id: 'changed_mind', name: 'Changed my mind', comment_required: false },
];

/** An order of `count` single-unit lines (`li_0`…), for what a long list costs. */
export function largeOrder(count = 250): Order {
  return {
    id: 'ord_big',
    currency: 'EUR',
    return_id: 'ret_abc',
    customer_token: 'tok_abc',
    line_items: Array.from({ length: count }, (_, i) => ({
      id: `li_${i}`,
      name: `Item ${i}`,
      variant_name: `Variant ${i}`,
      quantity: 1,
      quantity_in_progress: 0,
      quantity_returned: 0,
      quantity_not_returnable: 0,
      available_return_reasons: [{ id: 'too_small' }, { id: 'damaged' }],
      total: 1000 + i,
      product: { images: [] },
    })),
  };
}

/** Refund methods REVER offers, one of them unknown to the widget's tables. */
export const refundOptions: RefundOption[] = [
  { method: 'ORIGINAL_PAYMENT_METHOD' },
  { method: 'STORE_CREDIT', bonus_percentage: 10 },
  { method: 'BANK_TRANSFER' },
  { method: 'PAYPAL_WALLET' },
];

/** Exchange options by line of `returnOrder`: the coat has two sizes, one out of stock. */
export const exchangeOptions: Record<string, ExchangeOption[]> = {
  li_coat: [
    {
      variant_id: 'v_coat_m',
      name: 'Wool coat',
      variant_name: 'M / Navy',
      price: 9999,
      available: true,
      image: null,
    },
    {
      variant_id: 'v_coat_l',
      name: 'Wool coat',
      variant_name: 'L / Navy',
      price: 9999,
      available: false,
      image: null,
    },
  ],
  li_tee: [],
};

/** IBANs: a valid one as a shopper might type it, and the same with a wrong check digit. */
export const ibans = {
  valid: 'es91 2100 0418 4502 0005 1332',
  validNormalized: 'ES9121000418450200051332',
  badChecksum: 'ES92 2100 0418 4502 0005 1332',
};

/** The draft the lookup leaves for `order` (number 1001): at the items step, nothing picked. */
export function foundDraft(order: Order): Draft {
  return (orderFound(initialFlow(), { order, orderNumber: '1001' }) as { draft: Draft }).draft;
}

/**
 * A draft past the refund step, as the return method step gets it: `li_1` picked and in REVER's
 * return (`choice`), its refund `method` chosen and saved, no bank account and no credit to
 * spend (spread it with `pendingCredit` for some).
 */
export function stepDraft(
  order: Order,
  method = 'ORIGINAL_PAYMENT_METHOD',
  choice: LineChoice = { quantity: 1, reasonId: 'too_small', comment: '' },
): Draft {
  return {
    order,
    orderNumber: '1001',
    session: { returnId: 'ret_abc', customerToken: 'tok_abc' },
    picked: { li_1: choice },
    inReturn: { li_1: choice },
    resolutions: { li_1: { method } },
    saved: { li_1: { method } },
    bankAccount: null,
    pendingCredit: 0,
  };
}

/** A drop-off point, as REVER lists it in a return's logistics (contract assumption (l)). */
export const dropOffPoint = {
  id: 'pt_1',
  name: 'Papelería Sol',
  carrier: 'Correos',
  address: { line1: 'Calle del Sol 4', city: 'Madrid', postal_code: '28013', country: 'ES' },
  distance_m: 350,
  opening_hours: [{ day: 1, opens: '09:00', closes: '20:00' }],
};
