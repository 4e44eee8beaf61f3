/**
 * The embedded mock's seed: the orders of a fashion and home store, covering what the widget must
 * handle: two-, zero- and three-decimal currencies; lines partly returned, already in a return and
 * not returnable; returns in every status; an order of 250 lines; non-Latin scripts, very long
 * names and strings that look like HTML. Deterministic (no randomness, no clock), so tests can rely
 * on every figure. Plain data: no Node imports, it is bundled into the demo page too.
 */
import type { RefundOption } from '../contract/index.ts';

/** The key the mock accepts unless it is started with another. Not a secret: it is a mock. */
export const MOCK_API_KEY = 'mock-rever-api-key';

export const LANGS = ['en', 'es', 'fr', 'de', 'it', 'pt'] as const;
export type Lang = (typeof LANGS)[number];

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
    id: 'wrong_item',
    comment_required: false,
    labels: {
      en: 'Received the wrong item',
      es: 'Recibí un artículo equivocado',
      fr: "J'ai reçu un mauvais article",
      de: 'Falschen Artikel erhalten',
      it: 'Ho ricevuto un articolo sbagliato',
      pt: 'Recebi o artigo errado',
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

/** Reasons offered per kind of product: sizes only make sense for what is worn. */
const APPAREL = [
  'too_small',
  'too_big',
  'not_as_described',
  'wrong_item',
  'changed_mind',
  'damaged',
  'other',
];
const GOODS = ['not_as_described', 'wrong_item', 'changed_mind', 'damaged', 'other'];
/** Hygiene items and final sale: REVER offers no reason at all for them. */
const NONE: string[] = [];

/** An image the mock serves at `/images/{name}.svg`; `name` is path-safe, `alt` is for people. */
export interface SeedImage {
  name: string;
  alt: string;
}

export interface SeedVariant {
  variant_id: string;
  name: string;
  variant_name: string;
  price: number;
  available: boolean;
  image: SeedImage | null;
  /** A smart exchange recommendation (contract note p). */
  recommended?: boolean;
}

export interface SeedLine {
  id: string;
  name: string;
  variant_name: string;
  quantity: number;
  /** Derived from the order's unsettled seeded returns, so the two cannot disagree. */
  quantity_in_progress: number;
  quantity_returned: number;
  quantity_not_returnable: number;
  /** Ids of REASONS offered for this line. */
  reasons: string[];
  /** What the line cost, all units, in minor units. */
  total: number;
  images: SeedImage[];
  exchange: SeedVariant[];
  /**
   * The return window (contract note p): closed on a fixed day, or open for some days from the
   * mock's today (so the seed needs no clock and the window never closes under the tests).
   */
  window?: { closedOn: string } | { daysLeft: number };
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
  /** As the shop prints it, without the '#' (a shopper typing '#1001' gets a 404). */
  number: string;
  email: string;
  currency: string;
  /** What a demo visitor finds in this order. */
  description: string;
  /** The language the shopper reads (BCP 47), when it is not English: the demo shows it. */
  locale?: string;
  lines: SeedLine[];
  refundOptions: RefundOption[];
  /** Returns opened before the mock started. */
  activeReturns: SeedActiveReturn[];
}

/** Statuses after which a return's units are no longer "in a return". */
const SETTLED_STATUSES = ['COMPLETED', 'FAILED', 'CANCELED'];

type LineInput = Partial<Omit<SeedLine, 'quantity_in_progress'>> &
  Pick<SeedLine, 'id' | 'name' | 'variant_name' | 'total'>;

const line = (l: LineInput): SeedLine => ({
  quantity: 1,
  quantity_in_progress: 0,
  quantity_returned: 0,
  quantity_not_returnable: 0,
  reasons: APPAREL,
  images: [],
  exchange: [],
  ...l,
});

const image = (name: string, alt: string): SeedImage => ({ name, alt });

const variant = (
  variant_id: string,
  name: string,
  variant_name: string,
  price: number,
  options: { available?: boolean; image?: SeedImage | null; recommended?: boolean } = {},
): SeedVariant => ({
  variant_id,
  name,
  variant_name,
  price,
  available: options.available ?? true,
  image:
    options.image === undefined ? image(variant_id, `${name}, ${variant_name}`) : options.image,
  ...(options.recommended ? { recommended: true } : {}),
});

/** Fills each line's units in progress from the order's returns that are not settled yet. */
function order(o: Omit<SeedOrder, 'lines'> & { lines: SeedLine[] }): SeedOrder {
  const running = o.activeReturns.filter((r) => !SETTLED_STATUSES.includes(r.status));
  return {
    ...o,
    lines: o.lines.map((l) => ({
      ...l,
      quantity_in_progress: running
        .flatMap((r) => r.line_items)
        .filter((item) => item.line_item_id === l.id)
        .reduce((sum, item) => sum + item.quantity, 0),
    })),
  };
}

const tracking = (carrier: string, number: string, url: string) => ({
  carrier,
  tracking_number: number,
  tracking_url: `${url}${number}`,
});

/** The 250 lines of a café's fit-out order, derived from their index (no randomness). */
function cafeLines(): SeedLine[] {
  const products = [
    { name: 'Stoneware dinner plate', price: 1400 },
    { name: 'Stoneware side plate', price: 900 },
    { name: 'Tumbler glass, 30 cl', price: 450 },
    { name: 'Linen napkin', price: 650 },
    { name: 'Beeswax pillar candle', price: 1200 },
    { name: 'Oak serving board', price: 3900 },
    { name: 'Enamel coffee mug', price: 1100 },
    { name: 'Cotton apron', price: 2400 },
    { name: 'Rattan bread basket', price: 1800 },
    { name: 'Ceramic espresso cup', price: 800 },
  ];
  const colours = ['Chalk', 'Charcoal', 'Sage', 'Terracotta', 'Sand'];
  const productOf = (i: number) => products[i % products.length]!;
  const colourOf = (i: number) => colours[Math.floor(i / products.length) % colours.length]!;
  const cafeImage = (i: number, colour: string) =>
    image(
      `cafe-${i % products.length}-${colour.toLowerCase()}`,
      `${productOf(i).name} in ${colour.toLowerCase()}`,
    );
  // Two other colours, the second out of stock and without a picture.
  const cafeExchange = (i: number) =>
    colours
      .filter((c) => c !== colourOf(i))
      .slice(0, 2)
      .map((colour, k) =>
        variant(`v_4004_${i + 1}_${k}`, productOf(i).name, colour, productOf(i).price, {
          available: k === 0,
          image: k === 0 ? cafeImage(i, colour) : null,
        }),
      );

  return Array.from({ length: 250 }, (_, i) => {
    const quantity = 1 + (i % 4) * 2;
    // Candles are final sale.
    const finalSale = i % products.length === 4;
    return line({
      id: `li_4004_${i + 1}`,
      name: `${productOf(i).name} no. ${i + 1}`,
      variant_name: colourOf(i),
      quantity,
      quantity_returned: i % 17 === 0 && !finalSale ? 1 : 0,
      quantity_not_returnable: finalSale ? quantity : 0,
      reasons: finalSale ? NONE : GOODS,
      total: productOf(i).price * quantity,
      // Images for the first lines only: the rest show the widget's own placeholder.
      images: i < 60 ? [cafeImage(i, colourOf(i))] : [],
      exchange: i % 8 === 0 ? cafeExchange(i) : [],
    });
  });
}

const ALL_REFUNDS: RefundOption[] = [
  { method: 'ORIGINAL_PAYMENT_METHOD' },
  { method: 'BANK_TRANSFER' },
  { method: 'GIFT_CARD' },
  { method: 'STORE_CREDIT', bonus_percentage: 10 },
];

const LONG_NAME =
  'Hand-knitted merino and alpaca blend oversized cardigan with mother-of-pearl buttons, ' +
  'ribbed cuffs, twin patch pockets and a shawl collar, made in a small family workshop in ' +
  'the Scottish Borders from responsibly sourced yarn';

export const SEED_ORDERS: SeedOrder[] = [
  order({
    id: 'ord_1001',
    number: '1001',
    email: 'ana.garcia@example.com',
    currency: 'EUR',
    description: 'a little of everything: returned, in a return, not returnable, exchanges',
    refundOptions: ALL_REFUNDS,
    lines: [
      line({
        id: 'li_1001_1',
        name: 'Linen shirt',
        variant_name: 'M / White',
        quantity: 2,
        quantity_returned: 1,
        total: 5990,
        images: [
          image('linen-shirt-white', 'Linen shirt in white, front view'),
          image('linen-shirt-white-back', 'Linen shirt in white, back view'),
        ],
        exchange: [
          variant('v_1001_1_s', 'Linen shirt', 'S / White', 2995),
          variant('v_1001_1_l', 'Linen shirt', 'L / White', 2995),
          variant('v_1001_1_xl', 'Linen shirt', 'XL / White', 2995, { available: false }),
        ],
      }),
      line({
        id: 'li_1001_2',
        name: 'Straight-leg jeans',
        variant_name: '32 / Dark blue',
        total: 7995,
        images: [image('straight-jeans-dark', 'Straight-leg jeans in dark blue denim')],
        window: { daysLeft: 30 },
      }),
      line({
        id: 'li_1001_3',
        name: 'Cotton socks, pack of 3',
        variant_name: 'One size',
        quantity_not_returnable: 1,
        reasons: NONE,
        total: 1295,
        images: [image('cotton-socks', 'Three pairs of rolled cotton socks')],
      }),
      line({
        id: 'li_1001_4',
        name: 'Quilted jacket',
        variant_name: 'L / Black',
        total: 12900,
        images: [image('quilted-jacket-black', 'Black quilted jacket with a stand-up collar')],
        exchange: [
          variant('v_1001_4_m', 'Quilted jacket', 'M / Black', 12900),
          variant('v_1001_4_xl', 'Quilted jacket', 'XL / Black', 12900, { available: false }),
          variant('v_1001_4_lg', 'Quilted jacket', 'L / Olive', 12900, {
            image: null,
            recommended: true,
          }),
        ],
      }),
      line({
        id: 'li_1001_5',
        name: 'Canvas sneakers',
        variant_name: '42 / White',
        quantity: 2,
        total: 9980,
        images: [image('canvas-sneakers-white', 'White canvas low-top sneakers')],
        window: { daysLeft: 30 },
      }),
    ],
    activeReturns: [
      {
        id: 'ret_seed_1001_done',
        status: 'COMPLETED',
        created_at: '2026-10-21T16:12:00Z',
        line_items: [{ line_item_id: 'li_1001_1', name: 'Linen shirt', quantity: 1 }],
        tracking: tracking('Correos', 'PK4X2B18771203', 'https://www.correos.es/track?n='),
      },
      {
        id: 'ret_seed_1001',
        status: 'RUNNING',
        created_at: '2026-11-18T09:30:00Z',
        line_items: [{ line_item_id: 'li_1001_2', name: 'Straight-leg jeans', quantity: 1 }],
        tracking: tracking('Correos', 'PK4X2B19003481', 'https://www.correos.es/track?n='),
      },
    ],
  }),
  order({
    id: 'ord_2002',
    number: '2002',
    email: 'kenji.sato@example.jp',
    currency: 'JPY',
    description: 'Japanese names, yen (no decimals), a canceled return',
    locale: 'ja-JP',
    refundOptions: [{ method: 'ORIGINAL_PAYMENT_METHOD' }, { method: 'STORE_CREDIT' }],
    lines: [
      line({
        id: 'li_2002_1',
        name: 'リネンシャツ',
        variant_name: 'M / 白',
        total: 12800,
        images: [image('linen-shirt-ja', '白いリネンシャツ')],
        exchange: [
          variant('v_2002_1_l', 'リネンシャツ', 'L / 白', 12800, { recommended: true }),
          variant('v_2002_1_s', 'リネンシャツ', 'S / 白', 12800, { available: false, image: null }),
        ],
      }),
      line({
        id: 'li_2002_2',
        name: 'デニムジャケット',
        variant_name: 'L / インディゴ',
        quantity: 2,
        total: 49600,
        images: [image('denim-jacket-ja', 'インディゴのデニムジャケット')],
      }),
      line({
        id: 'li_2002_3',
        name: '靴下 3足セット',
        variant_name: 'フリーサイズ',
        quantity_not_returnable: 1,
        reasons: NONE,
        total: 1980,
      }),
    ],
    activeReturns: [
      {
        id: 'ret_seed_2002',
        status: 'CANCELED',
        created_at: '2026-11-02T03:45:00Z',
        line_items: [{ line_item_id: 'li_2002_2', name: 'デニムジャケット', quantity: 1 }],
        tracking: null,
      },
    ],
  }),
  order({
    id: 'ord_3003',
    number: '3003',
    email: 'layla.alsabah@example.com',
    currency: 'KWD',
    description: 'Arabic names, Kuwaiti dinar (three decimals), 15 % store-credit bonus',
    locale: 'ar-KW',
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
        images: [image('abaya-black', 'عباية سوداء مطرزة بخيوط ذهبية')],
        exchange: [
          variant('v_3003_1_l', 'عباية مطرزة', 'L / أسود', 45500),
          variant('v_3003_1_s', 'عباية مطرزة', 'S / كحلي', 45500),
        ],
      }),
      line({
        id: 'li_3003_2',
        name: 'وشاح حريري',
        variant_name: 'مقاس واحد / عاجي',
        quantity: 2,
        total: 25250,
        reasons: GOODS,
        images: [image('silk-scarf-ivory', 'وشاح حريري عاجي اللون')],
      }),
      line({
        id: 'li_3003_3',
        name: 'Leather sandals',
        variant_name: '39 / Tan',
        quantity_returned: 1,
        total: 18750,
        images: [image('leather-sandals-tan', 'Tan leather sandals with a braided strap')],
      }),
      line({
        id: 'li_3003_4',
        name: 'عطر عود، ٥٠ مل',
        variant_name: '50 ml',
        quantity_not_returnable: 1,
        reasons: NONE,
        total: 32000,
        images: [image('oud-perfume', 'زجاجة عطر عود')],
      }),
    ],
    activeReturns: [
      {
        id: 'ret_seed_3003',
        status: 'COMPLETED',
        created_at: '2026-10-02T14:05:00Z',
        line_items: [{ line_item_id: 'li_3003_3', name: 'Leather sandals', quantity: 1 }],
        tracking: tracking(
          'Aramex',
          '41528860371',
          'https://www.aramex.com/track/results?ShipmentNumber=',
        ),
      },
    ],
  }),
  order({
    id: 'ord_4004',
    number: '4004',
    email: 'bulk.buyer@example.com',
    currency: 'USD',
    description: "250 lines: a café's tableware",
    refundOptions: [
      { method: 'ORIGINAL_PAYMENT_METHOD' },
      { method: 'STORE_CREDIT', bonus_percentage: 5 },
    ],
    lines: cafeLines(),
    activeReturns: [],
  }),
  order({
    id: 'ord_5005',
    number: '5005',
    email: 'edge.cases@example.co.uk',
    currency: 'GBP',
    description:
      'HTML-looking, very long, Greek, Cyrillic and Chinese names; an unknown refund method, return status and return method; a closed return window',
    refundOptions: [
      { method: 'ORIGINAL_PAYMENT_METHOD' },
      { method: 'BANK_TRANSFER' },
      { method: 'PAYPAL_WALLET' },
    ],
    lines: [
      line({
        id: 'li_5005_1',
        name: '<img src=x onerror=alert(1)>',
        variant_name: '<script>alert("x")</script>',
        total: 2500,
        images: [image('html-tee', '"><b>bold</b><img src=x onerror=alert(1)>')],
        exchange: [
          variant('v_5005_1', '<svg onload=alert(1)>', '"><b>bold</b>', 2500, {
            image: image('html-tee-alt', '<script>alert("alt")</script>'),
          }),
        ],
      }),
      line({
        id: 'li_5005_2',
        name: LONG_NAME,
        variant_name: 'One size / Oatmeal with a contrasting charcoal trim along the front placket',
        total: 18900,
        images: [image('merino-cardigan', `${LONG_NAME}, shown folded on a wooden chair`)],
      }),
      line({
        id: 'li_5005_3',
        name: 'Μάλλινο πουλόβερ',
        variant_name: 'M / Γκρι',
        total: 6500,
        images: [image('wool-jumper-grey', 'Γκρι μάλλινο πουλόβερ')],
      }),
      line({
        id: 'li_5005_4',
        name: 'Шерстяной свитер',
        variant_name: 'L / Синий',
        quantity: 2,
        total: 14400,
        images: [image('wool-sweater-blue', 'Синий шерстяной свитер')],
      }),
      line({
        id: 'li_5005_5',
        name: '丝绸围巾',
        variant_name: '均码 / 红色',
        total: 4800,
        reasons: GOODS,
        // The one line whose return window has closed.
        window: { closedOn: '2026-11-20' },
      }),
    ],
    activeReturns: [
      {
        // A status REVER may add later: the widget shows it as it comes.
        id: 'ret_seed_5005',
        status: 'AWAITING_DROP_OFF',
        created_at: '2026-11-24T18:20:00Z',
        line_items: [{ line_item_id: 'li_5005_4', name: 'Шерстяной свитер', quantity: 1 }],
        tracking: tracking(
          'Royal Mail',
          'RM482913374GB',
          'https://www.royalmail.com/track-your-item#/tracking-results/',
        ),
      },
    ],
  }),
  order({
    id: 'ord_6006',
    number: '6006',
    email: 'nothing.left@example.com',
    currency: 'EUR',
    description: 'nothing left to return: returned, in a return, not returnable',
    refundOptions: ALL_REFUNDS,
    lines: [
      line({
        id: 'li_6006_1',
        name: 'Wool coat',
        variant_name: 'M / Camel',
        quantity_returned: 1,
        total: 21900,
        images: [image('wool-coat-camel', 'Camel wool coat, double-breasted')],
      }),
      line({
        id: 'li_6006_2',
        name: 'Swimsuit',
        variant_name: 'S / Coral',
        quantity_not_returnable: 1,
        reasons: NONE,
        total: 4500,
        images: [image('swimsuit-coral', 'Coral one-piece swimsuit')],
      }),
      line({
        id: 'li_6006_3',
        name: 'Cashmere beanie',
        variant_name: 'One size / Grey',
        total: 5900,
        images: [image('cashmere-beanie', 'Grey cashmere beanie')],
      }),
    ],
    activeReturns: [
      {
        id: 'ret_seed_6006_done',
        status: 'COMPLETED',
        created_at: '2026-11-03T10:15:00Z',
        line_items: [{ line_item_id: 'li_6006_1', name: 'Wool coat', quantity: 1 }],
        tracking: tracking(
          'SEUR',
          '0057123456',
          'https://www.seur.com/livetracking/?segOnlineIdentificador=',
        ),
      },
      {
        id: 'ret_seed_6006',
        status: 'ON_HOLD',
        created_at: '2026-11-20T11:00:00Z',
        line_items: [{ line_item_id: 'li_6006_3', name: 'Cashmere beanie', quantity: 1 }],
        tracking: null,
      },
    ],
  }),
];

/** What a demo visitor should try: one line each. */
export const DEMO_ORDERS: Array<{
  email: string;
  orderNumber: string;
  currency: string;
  description: string;
  /** The shopper's language; unset, the demo page's. */
  locale?: string;
}> = SEED_ORDERS.map((o) => ({
  email: o.email,
  orderNumber: o.number,
  currency: o.currency,
  description: o.description,
  ...(o.locale ? { locale: o.locale } : {}),
}));
