import type { Order } from '../../src/services/contract.ts';

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
