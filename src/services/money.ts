/**
 * Money arrives as integers in the currency's minor units (4.96 EUR is 496). The exponent of a
 * minor unit is ISO 4217's, not the decimals a locale likes to show: CLDR shows HUF, IDR or COP
 * without decimals, yet their minor unit is still a hundredth, so 12,345.00 HUF arrives as
 * 1234500. Intl is then told to show exactly those decimals.
 */
const ZERO = 'BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX UYI VND VUV XAF XOF XPF';
const THREE = 'BHD IQD JOD KWD LYD OMR TND';
const FOUR = 'CLF UYW';

/** The ISO 4217 exponent of the currency's minor unit (2 for any code not listed otherwise). */
export function currencyDigits(currency: string): number {
  const code = currency.toUpperCase();
  if (!/^[A-Z]{3}$/.test(code)) return 2;
  for (const [digits, codes] of [
    [0, ZERO],
    [3, THREE],
    [4, FOUR],
  ] as const) {
    if (codes.includes(code)) return digits;
  }
  return 2;
}

/**
 * One formatting function per locale and currency, built once: a big order formats a price per
 * line, and building an `Intl.NumberFormat` (or asking its `resolvedOptions()`) costs far more
 * than formatting with it.
 */
const formatters = new Map<string, (minor: number) => string>();

function create(locale: string, currency: string): (minor: number) => string {
  const digits = currencyDigits(currency);
  const decimals = { minimumFractionDigits: digits, maximumFractionDigits: digits };
  for (const tag of [locale, 'en']) {
    try {
      const nf = new Intl.NumberFormat(tag, { style: 'currency', currency, ...decimals });
      return (minor) => nf.format(minor / 10 ** digits);
    } catch {
      // A malformed locale tag: try English. A malformed currency code throws again below.
    }
  }
  // The API sent a currency code Intl rejects: show a plain number, the code appended.
  const nf = new Intl.NumberFormat('en', decimals);
  return (minor) => `${nf.format(minor / 10 ** digits)} ${currency}`;
}

/** Formats an amount in minor units, e.g. (496, 'EUR', 'es') → "4,96 €". */
export function formatMoney(minor: number, currency: string, locale: string): string {
  const key = `${locale}|${currency}`;
  let format = formatters.get(key);
  if (!format) formatters.set(key, (format = create(locale, currency)));
  return format(minor);
}
