/**
 * The embedded mock's seed: realistic orders covering what the widget must handle: two-, zero-
 * and three-decimal currencies; lines partly returned, already in a return, not returnable; an
 * order of 250 lines; non-Latin scripts, very long names and strings that look like HTML.
 * Deterministic: no randomness, so tests can rely on every figure. Plain data, no Node imports.
 */
import type { RefundOption } from '../src/services/contract.ts';

export const MOCK_API_KEY = 'mock-rever-api-key';

export type Lang = 'en' | 'es' | 'fr' | 'de' | 'it' | 'pt';

export interface SeedReason {
  id: string;
  comment_required: boolean;
  labels: Record<Lang, string>;
}

export const REASONS: SeedReason[] = [
  {
    id: 'too_small',
    comment_required: false,
    labels: {
      en: 'Too small',
      es: 'Demasiado pequeño',
      fr: 'Trop petit',
      de: 'Zu klein',
      it: 'Troppo piccolo',
      pt: 'Demasiado pequeno',
    },
  },
  {
    id: 'too_big',
    comment_required: false,
    labels: {
      en: 'Too big',
      es: 'Demasiado grande',
      fr: 'Trop grand',
      de: 'Zu groß',
      it: 'Troppo grande',
      pt: 'Demasiado grande',
    },
  },
  {
    id: 'not_as_described',
    comment_required: false,
    labels: {
      en: 'Not as described',
      es: 'No es como se describía',
      fr: 'Non conforme à la description',
      de: 'Nicht wie beschrieben',
      it: 'Non conforme alla descrizione',
      pt: 'Não corresponde à descrição',
    },
  },
  {
    id: 'changed_mind',
    comment_required: false,
    labels: {
      en: 'Changed my mind',
      es: 'He cambiado de opinión',
      fr: "J'ai changé d'avis",
      de: 'Meinung geändert',
      it: 'Ho cambiato idea',
      pt: 'Mudei de ideias',
    },
  },
  {
    id: 'damaged',
    comment_required: true,
    labels: {
      en: 'Arrived damaged',
      es: 'Llegó dañado',
      fr: 'Arrivé endommagé',
      de: 'Beschädigt angekommen',
      it: 'Arrivato danneggiato',
      pt: 'Chegou danificado',
    },
  },
  {
    id: 'other',
    comment_required: true,
    labels: { en: 'Other', es: 'Otro', fr: 'Autre', de: 'Sonstiges', it: 'Altro', pt: 'Outro' },
  },
];

const CLOTHING = ['too_small', 'too_big', 'not_as_described', 'changed_mind', 'damaged', 'other'];
const GOODS = ['not_as_described', 'changed_mind', 'damaged', 'other'];

export interface SeedVariant {
  variant_id: string;
  name: string;
  variant_name: string;
  price: number;
  available: boolean;
  /** Image key served by the mock, or null for none. */
  image: string | null;
}

export interface SeedLine {
  id: string;
  name: string;
  variant_name: string;
  quantity: number;
  /** Units in returns that were running before the mock started (see `activeReturns`). */
  quantity_in_progress: number;
  quantity_returned: number;
  quantity_not_returnable: number;
  reasons: string[];
  total: number;
  images: { key: string; alt: string }[];
  exchange: SeedVariant[];
}

export interface SeedActiveReturn {
  id: string;
  status: string;
  created_at: string;
  line_items: { line_item_id: string; name: string; quantity: number }[];
  tracking: { carrier: string; tracking_number: string; tracking_url: string } | null;
}

export interface SeedOrder {
  id: string;
  number: string;
  email: string;
  currency: string;
  lines: SeedLine[];
  refundOptions: RefundOption[];
  activeReturns: SeedActiveReturn[];
}

const line = (l: Partial<SeedLine> & Pick<SeedLine, 'id' | 'name' | 'total'>): SeedLine => ({
  variant_name: '',
  quantity: 1,
  quantity_in_progress: 0,
  quantity_returned: 0,
  quantity_not_returnable: 0,
  reasons: CLOTHING,
  images: [{ key: l.id, alt: l.name }],
  exchange: [],
  ...l,
});

const variant = (
  id: string,
  name: string,
  variant_name: string,
  price: number,
  available = true,
): SeedVariant => ({ variant_id: id, name, variant_name, price, available, image: id });

const ALL_REFUNDS: RefundOption[] = [
  { method: 'ORIGINAL_PAYMENT_METHOD' },
  { method: 'BANK_TRANSFER' },
  { method: 'GIFT_CARD' },
  { method: 'STORE_CREDIT', bonus_percentage: 10 },
];

/** 250 lines, derived from their index: sizes and colours cycle, some already returned. */
function bulkLines(): SeedLine[] {
  const sizes = ['XS', 'S', 'M', 'L', 'XL'];
  const colours = ['White', 'Black', 'Navy', 'Heather grey', 'Forest green'];
  return Array.from({ length: 250 }, (_, i) => {
    const n = i + 1;
    return line({
      id: `li_4004_${n}`,
      name: `Organic cotton tee no. ${n}`,
      variant_name: `${sizes[i % 5]} / ${colours[Math.floor(i / 5) % 5]}`,
      quantity: 1 + (i % 3),
      quantity_returned: i % 17 === 0 ? 1 : 0,
      quantity_not_returnable: i % 23 === 0 ? 1 + (i % 3) : 0,
      total: (1500 + (i % 10) * 100) * (1 + (i % 3)),
      // Images for the first lines only: the rest exercise the placeholder.
      images:
        n <= 60 ? [{ key: `tee_${i % 25}`, alt: `Organic cotton tee, ${colours[i % 5]}` }] : [],
      exchange:
        i % 4 === 0
          ? [
              variant(
                `v_4004_${n}_a`,
                `Organic cotton tee no. ${n}`,
                `${sizes[(i + 1) % 5]}`,
                1500,
              ),
              variant(
                `v_4004_${n}_b`,
                `Organic cotton tee no. ${n}`,
                `${sizes[(i + 2) % 5]}`,
                1500,
                false,
              ),
            ]
          : [],
    });
  });
}

export const SEED_ORDERS: SeedOrder[] = [
  {
    id: 'ord_1001',
    number: '1001',
    email: 'ana.garcia@example.com',
    currency: 'EUR',
    refundOptions: ALL_REFUNDS,
    lines: [
      line({
        id: 'li_1001_1',
        name: 'Linen shirt',
        variant_name: 'M / White',
        quantity: 2,
        quantity_returned: 1,
        total: 5990,
        exchange: [
          variant('v_1001_1_s', 'Linen shirt', 'S / White', 2995),
          variant('v_1001_1_l', 'Linen shirt', 'L / White', 2995),
          variant('v_1001_1_xl', 'Linen shirt', 'XL / White', 2995, false),
        ],
      }),
      line({
        id: 'li_1001_2',
        name: 'Straight-leg jeans',
        variant_name: '32 / Dark blue',
        quantity_in_progress: 1,
        total: 7995,
      }),
      line({
        id: 'li_1001_3',
        name: 'Cotton socks, pack of 3',
        variant_name: 'One size',
        quantity_not_returnable: 1,
        total: 1295,
        reasons: [],
      }),
      line({
        id: 'li_1001_4',
        name: 'Quilted jacket',
        variant_name: 'L / Black',
        total: 12900,
        exchange: [
          variant('v_1001_4_m', 'Quilted jacket', 'M / Black', 12900),
          variant('v_1001_4_xl', 'Quilted jacket', 'XL / Black', 12900, false),
          variant('v_1001_4_lg', 'Quilted jacket', 'L / Olive', 12900),
        ],
      }),
      line({
        id: 'li_1001_5',
        name: 'Canvas sneakers',
        variant_name: '42 / White',
        quantity: 2,
        total: 9980,
      }),
    ],
    activeReturns: [
      {
        id: 'ret_seed_1001',
        status: 'RUNNING',
        created_at: '2026-11-18T09:30:00Z',
        line_items: [{ line_item_id: 'li_1001_2', name: 'Straight-leg jeans', quantity: 1 }],
        tracking: {
          carrier: 'Correos',
          tracking_number: 'PK4X2B19003481',
          tracking_url: 'https://track.example/correos/PK4X2B19003481',
        },
      },
    ],
  },
  {
    id: 'ord_2002',
    number: '2002',
    email: 'kenji.sato@example.jp',
    currency: 'JPY',
    refundOptions: [{ method: 'ORIGINAL_PAYMENT_METHOD' }, { method: 'STORE_CREDIT' }],
    lines: [
      line({
        id: 'li_2002_1',
        name: 'リネンシャツ',
        variant_name: 'M / 白',
        total: 12800,
        exchange: [
          variant('v_2002_1_l', 'リネンシャツ', 'L / 白', 12800),
          variant('v_2002_1_s', 'リネンシャツ', 'S / 白', 12800, false),
        ],
      }),
      line({
        id: 'li_2002_2',
        name: 'デニムジャケット',
        variant_name: 'L / インディゴ',
        quantity: 2,
        total: 49600,
      }),
      line({
        id: 'li_2002_3',
        name: '靴下 3足セット',
        variant_name: 'フリーサイズ',
        quantity_not_returnable: 1,
        total: 1980,
        reasons: [],
      }),
    ],
    activeReturns: [],
  },
  {
    id: 'ord_3003',
    number: '3003',
    email: 'layla.alsabah@example.com',
    currency: 'KWD',
    refundOptions: [
      { method: 'ORIGINAL_PAYMENT_METHOD' },
      { method: 'GIFT_CARD' },
      { method: 'STORE_CREDIT', bonus_percentage: 15 },
    ],
    lines: [
      line({
        id: 'li_3003_1',
        name: 'عباية مطرزة',
        variant_name: 'M / أسود',
        total: 45500,
        exchange: [
          variant('v_3003_1_l', 'عباية مطرزة', 'L / أسود', 45500),
          variant('v_3003_1_s', 'عباية مطرزة', 'S / كحلي', 45500),
        ],
      }),
      line({
        id: 'li_3003_2',
        name: 'وشاح حريري',
        variant_name: 'Standard',
        quantity: 2,
        total: 25250,
        reasons: GOODS,
      }),
      line({
        id: 'li_3003_3',
        name: 'Leather sandals',
        variant_name: '39 / Tan',
        quantity: 1,
        quantity_returned: 1,
        total: 18750,
      }),
    ],
    activeReturns: [
      {
        id: 'ret_seed_3003',
        status: 'COMPLETED',
        created_at: '2026-10-02T14:05:00Z',
        line_items: [{ line_item_id: 'li_3003_3', name: 'Leather sandals', quantity: 1 }],
        tracking: null,
      },
    ],
  },
  {
    id: 'ord_4004',
    number: '4004',
    email: 'bulk.buyer@example.com',
    currency: 'USD',
    refundOptions: [
      { method: 'ORIGINAL_PAYMENT_METHOD' },
      { method: 'STORE_CREDIT', bonus_percentage: 5 },
    ],
    lines: bulkLines(),
    activeReturns: [],
  },
  {
    id: 'ord_5005',
    number: '5005',
    email: 'edge.cases@example.co.uk',
    currency: 'GBP',
    refundOptions: [
      { method: 'ORIGINAL_PAYMENT_METHOD' },
      { method: 'BANK_TRANSFER' },
      { method: 'PAYPAL_WALLET' },
    ],
    lines: [
      line({
        id: 'li_5005_1',
        name: '<img src=x onerror=alert(1)>',
        variant_name: '<script>alert("variant")</script>',
        total: 2500,
        images: [{ key: 'li_5005_1', alt: '"><b onmouseover=alert(1)>bold</b>' }],
        exchange: [variant('v_5005_1', '<svg onload=alert(1)>', '"><i>x</i>', 2500)],
      }),
      line({
        id: 'li_5005_2',
        name:
          'Hand-knitted merino and alpaca blend oversized cardigan with mother-of-pearl buttons, ' +
          'ribbed cuffs, twin patch pockets and a shawl collar, made in a small family workshop ' +
          'in the Scottish Borders from responsibly sourced yarn',
        variant_name: 'One size / Oatmeal with a contrasting charcoal trim along the front placket',
        total: 18900,
      }),
      line({ id: 'li_5005_3', name: 'Μάλλινο πουλόβερ', variant_name: 'M / Γκρι', total: 6500 }),
      line({ id: 'li_5005_4', name: 'Шерстяной свитер', variant_name: 'L / Синий', total: 7200 }),
      line({
        id: 'li_5005_5',
        name: '丝绸围巾',
        variant_name: '均码 / 红色',
        total: 4800,
        reasons: GOODS,
        images: [],
      }),
    ],
    activeReturns: [],
  },
  {
    id: 'ord_6006',
    number: '6006',
    email: 'nothing.left@example.com',
    currency: 'EUR',
    refundOptions: ALL_REFUNDS,
    lines: [
      line({
        id: 'li_6006_1',
        name: 'Wool coat',
        variant_name: 'M / Camel',
        quantity_returned: 1,
        total: 21900,
      }),
      line({
        id: 'li_6006_2',
        name: 'Swimsuit',
        variant_name: 'S / Coral',
        quantity_not_returnable: 1,
        total: 4500,
        reasons: [],
      }),
    ],
    activeReturns: [
      {
        id: 'ret_seed_6006',
        status: 'ON_HOLD',
        created_at: '2026-11-10T11:00:00Z',
        line_items: [{ line_item_id: 'li_6006_1', name: 'Wool coat', quantity: 1 }],
        tracking: {
          carrier: 'SEUR',
          tracking_number: '0057123456',
          tracking_url: 'https://track.example/seur/0057123456',
        },
      },
    ],
  },
];

/** What a demo visitor should try: one line each. */
export const DEMO_ORDERS = SEED_ORDERS.map((order) => ({
  email: order.email,
  orderNumber: order.number,
  currency: order.currency,
  description: {
    ord_1001: 'a little of everything: returned, in a return, not returnable, exchanges',
    ord_2002: 'Japanese names, yen (no decimals)',
    ord_3003: 'Arabic names, Kuwaiti dinar (three decimals), 15 % store-credit bonus',
    ord_4004: '250 lines',
    ord_5005:
      'HTML-looking, very long, Greek, Cyrillic and Chinese names; an unknown refund method',
    ord_6006: 'nothing left to return',
  }[order.id]!,
}));
