/**
 * The mock's return logistics (contract notes k–o): per seeded order, its shipping address and the
 * return methods it offers, and the drop-off points near a few postcodes. Plain data like seed.ts;
 * the only dates that move are pickup slots and "send by", computed by the mock from its clock.
 *
 * - EUR (1001, 6006): home pickup with a printed label and a cost by refund method (free for store
 *   credit and exchanges), drop-off with a QR code (free), in store (free, no label).
 * - JPY (2002): drop-off only, at points whose hours run past midnight, one closed on Sundays.
 * - KWD (3003): home pickup only; the first slot of every list is taken when chosen (422).
 * - USD (4004): drop-off with a printed label, or sending it yourself.
 * - GBP (5005): a method type the widget does not know (a parcel locker, printed label) and a
 *   method with no label at all.
 */
import type { Address, DropOffPoint, OpeningHours, ReturnMethod } from '../contract/index.ts';

export interface SeedLogistics {
  shippingAddress: Address;
  methods: ReturnMethod[];
}

/** The slot id the KWD order loses the moment a shopper chooses it. */
export const VANISHING_SLOT = 'slot_kw_first';

const week = (opens: string, closes: string, days = [1, 2, 3, 4, 5, 6, 7]): OpeningHours[] =>
  days.map((day) => ({ day, opens, closes }));
const WEEKDAYS = [1, 2, 3, 4, 5];

const EUR_METHODS: ReturnMethod[] = [
  {
    id: 'rm_eu_pickup',
    type: 'HOME_PICKUP',
    carrier: { name: 'SEUR' },
    label: 'PRINTED',
    costs: [
      { method: 'ORIGINAL_PAYMENT_METHOD', amount: 600 },
      { method: 'BANK_TRANSFER', amount: 700 },
      { method: 'GIFT_CARD', amount: 600 },
    ],
    requires: ['ADDRESS', 'PICKUP_SLOT'],
  },
  {
    id: 'rm_eu_dropoff',
    type: 'DROP_OFF',
    carrier: { name: 'Correos' },
    label: 'QR',
    costs: [],
    requires: ['DROP_OFF_POINT'],
  },
  {
    id: 'rm_eu_store',
    type: 'IN_STORE',
    carrier: null,
    label: 'NONE',
    costs: [],
    requires: [],
  },
];

export const SEED_LOGISTICS: Record<string, SeedLogistics> = {
  ord_1001: {
    shippingAddress: {
      name: 'Ana García',
      line1: 'Calle Mayor 1, 3º B',
      city: 'Madrid',
      postal_code: '28013',
      country: 'ES',
      phone: '+34 600 000 000',
    },
    methods: EUR_METHODS,
  },
  ord_2002: {
    shippingAddress: {
      name: '佐藤 健二',
      line1: '渋谷2-21-1',
      line2: '渋谷ヒカリエ 8F',
      city: '渋谷区, 東京都',
      postal_code: '150-0002',
      country: 'JP',
    },
    methods: [
      {
        id: 'rm_jp_dropoff',
        type: 'DROP_OFF',
        carrier: { name: 'Yamato' },
        label: 'QR',
        costs: [{ method: 'ORIGINAL_PAYMENT_METHOD', amount: 500 }],
        requires: ['DROP_OFF_POINT'],
      },
    ],
  },
  ord_3003: {
    shippingAddress: {
      name: 'ليلى الصباح',
      line1: 'Block 3, Street 14, House 7',
      city: 'Kuwait City',
      postal_code: '13001',
      country: 'KW',
      phone: '+965 5000 0000',
    },
    methods: [
      {
        id: 'rm_kw_pickup',
        type: 'HOME_PICKUP',
        carrier: { name: 'Aramex' },
        label: 'NONE',
        costs: [
          { method: 'ORIGINAL_PAYMENT_METHOD', amount: 1500 },
          { method: 'GIFT_CARD', amount: 1250 },
        ],
        requires: ['ADDRESS', 'PICKUP_SLOT'],
      },
    ],
  },
  ord_4004: {
    shippingAddress: {
      name: 'Bulk Buyer Café',
      line1: '350 5th Avenue',
      city: 'New York, NY',
      postal_code: '10118',
      country: 'US',
    },
    methods: [
      {
        id: 'rm_us_dropoff',
        type: 'DROP_OFF',
        carrier: { name: 'UPS' },
        label: 'PRINTED',
        costs: [{ method: 'ORIGINAL_PAYMENT_METHOD', amount: 899 }],
        requires: ['DROP_OFF_POINT'],
      },
      {
        id: 'rm_us_self',
        type: 'SELF_SHIPPED',
        carrier: null,
        label: 'NONE',
        costs: [],
        requires: [],
      },
    ],
  },
  ord_5005: {
    shippingAddress: {
      name: 'Edge Cases Ltd',
      line1: '10 Downing Street',
      city: 'London',
      postal_code: 'SW1A 2AA',
      country: 'GB',
    },
    methods: [
      {
        // A type REVER may add later: the widget offers it by name.
        id: 'rm_gb_locker',
        type: 'PARCEL_LOCKER',
        carrier: { name: 'InPost' },
        label: 'PRINTED',
        costs: [{ method: 'BANK_TRANSFER', amount: 250 }],
        requires: [],
      },
      {
        id: 'rm_gb_self',
        type: 'SELF_SHIPPED',
        carrier: null,
        label: 'NONE',
        costs: [],
        requires: [],
      },
    ],
  },
  ord_6006: {
    shippingAddress: {
      name: 'Nothing Left',
      line1: 'Passeig de Gràcia 43',
      city: 'Barcelona',
      postal_code: '08007',
      country: 'ES',
    },
    methods: EUR_METHODS,
  },
};

type SeedPoint = Omit<DropOffPoint, 'address'> & {
  address: DropOffPoint['address'];
  /** The postcode this point is listed near. */
  near: string;
};

const point = (
  near: string,
  id: string,
  name: string,
  carrier: string,
  line1: string,
  city: string,
  postal_code: string,
  country: string,
  distance_m: number,
  opening_hours: OpeningHours[],
): SeedPoint => ({
  near,
  id,
  name,
  carrier,
  address: { line1, city, postal_code, country },
  distance_m,
  opening_hours,
});

/** Points near five postcodes; listed out of order on purpose: the mock sorts them. */
const POINTS: SeedPoint[] = [
  // Madrid, 28013 (Correos)
  ...[
    ['Papelería Sol', 'Calle del Carmen 4', 350],
    ['Estanco Preciados', 'Calle de Preciados 21', 120],
    ['Oficina de Correos Cibeles', 'Paseo del Prado 1', 1450],
    ['Librería Ópera', 'Calle de Arrieta 8', 640],
    ['Droguería Mayor', 'Calle Mayor 30', 880],
    ['Kiosko Callao', 'Plaza del Callao 2', 410],
    ['Ferretería Arenal', 'Calle del Arenal 15', 2300],
  ].map(([name, line1, distance], i) =>
    point(
      '28013',
      `dp_mad_${i + 1}`,
      name as string,
      'Correos',
      line1 as string,
      'Madrid',
      '28013',
      'ES',
      distance as number,
      i === 2
        ? [...week('08:30', '20:30', WEEKDAYS), { day: 6, opens: '09:30', closes: '13:00' }]
        : [...week('09:30', '14:00', [1, 2, 3, 4, 5, 6]), ...week('17:00', '20:30', WEEKDAYS)],
    ),
  ),
  // Barcelona, 08007 (Correos)
  ...[
    ['Estanc Gràcia', 'Passeig de Gràcia 60', 220],
    ['Papereria Consell', 'Carrer del Consell de Cent 330', 530],
    ['Oficina de Correus Aragó', 'Carrer d’Aragó 282', 980],
    ['Quiosc Catalunya', 'Plaça de Catalunya 1', 1700],
    ['Botiga Rambla', 'Rambla de Catalunya 45', 390],
  ].map(([name, line1, distance], i) =>
    point(
      '08007',
      `dp_bcn_${i + 1}`,
      name as string,
      'Correos',
      line1 as string,
      'Barcelona',
      '08007',
      'ES',
      distance as number,
      week('10:00', '20:00', [1, 2, 3, 4, 5, 6]),
    ),
  ),
  // Tokyo, 150-0002 (Yamato): convenience stores open past midnight, one closed on Sundays.
  point(
    '150-0002',
    'dp_tyo_1',
    'ファミリーマート 渋谷二丁目店',
    'Yamato',
    '渋谷2-15-1',
    '渋谷区',
    '150-0002',
    'JP',
    180,
    week('07:00', '02:00'),
  ),
  point(
    '150-0002',
    'dp_tyo_2',
    'ローソン 渋谷宮益坂店',
    'Yamato',
    '渋谷1-12-5',
    '渋谷区',
    '150-0002',
    'JP',
    420,
    week('00:00', '00:00'),
  ),
  point(
    '150-0002',
    'dp_tyo_3',
    'ヤマト運輸 渋谷センター',
    'Yamato',
    '渋谷3-6-2',
    '渋谷区',
    '150-0002',
    'JP',
    950,
    week('08:00', '21:00', [1, 2, 3, 4, 5, 6]),
  ),
  point(
    '150-0002',
    'dp_tyo_4',
    'セブン-イレブン 渋谷東口店',
    'Yamato',
    '渋谷2-24-12',
    '渋谷区',
    '150-0002',
    'JP',
    610,
    week('18:00', '06:00'),
  ),
  point(
    '150-0002',
    'dp_tyo_5',
    'ミニストップ 青山通り店',
    'Yamato',
    '渋谷2-1-1',
    '渋谷区',
    '150-0002',
    'JP',
    1320,
    week('06:00', '01:30'),
  ),
  // Tokyo, 100-0005 (Yamato)
  point(
    '100-0005',
    'dp_mrn_1',
    'ローソン 丸の内北口店',
    'Yamato',
    '丸の内1-9-1',
    '千代田区',
    '100-0005',
    'JP',
    260,
    week('07:00', '23:00'),
  ),
  point(
    '100-0005',
    'dp_mrn_2',
    'ヤマト運輸 丸の内センター',
    'Yamato',
    '丸の内2-7-3',
    '千代田区',
    '100-0005',
    'JP',
    740,
    week('09:00', '19:00', WEEKDAYS),
  ),
  // New York, 10118 (UPS)
  point(
    '10118',
    'dp_nyc_1',
    'The UPS Store 34th St',
    'UPS',
    '16 W 34th St',
    'New York, NY',
    '10001',
    'US',
    300,
    [...week('08:00', '19:00', WEEKDAYS), { day: 6, opens: '09:00', closes: '17:00' }],
  ),
  point(
    '10118',
    'dp_nyc_2',
    'UPS Access Point, Duane Reade',
    'UPS',
    '4 Park Ave',
    'New York, NY',
    '10016',
    'US',
    850,
    week('00:00', '00:00'),
  ),
  point(
    '10118',
    'dp_nyc_3',
    'The UPS Store Herald Sq',
    'UPS',
    '1350 Broadway',
    'New York, NY',
    '10018',
    'US',
    520,
    week('08:30', '18:30', WEEKDAYS),
  ),
];

/** The points of a carrier near a postcode (spaces and case ignored), nearest first. */
export function dropOffPointsNear(
  carrier: string,
  postalCode: string,
  country: string,
): DropOffPoint[] {
  const wanted = postalCode.replace(/\s+/g, '').toUpperCase();
  return POINTS.filter(
    (p) =>
      p.carrier === carrier &&
      p.address.country === country &&
      p.near.replace(/\s+/g, '').toUpperCase() === wanted,
  )
    .sort((a, b) => a.distance_m - b.distance_m)
    .map(({ near: _near, ...p }) => p);
}

/** Every seeded point, by id. */
export const POINTS_BY_ID = new Map(POINTS.map(({ near: _near, ...p }) => [p.id, p]));

/** How many drop-off points the seed lists. */
export const POINT_COUNT = POINTS.length;
