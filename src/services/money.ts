/**
 * Money arrives as integers in the currency's minor units (4.96 EUR is 496). The number of
 * decimals is the currency's own (EUR 2, JPY 0, KWD 3), which Intl knows.
 */
const formatters = new Map<string, Intl.NumberFormat>();

function create(locale: string, currency: string): Intl.NumberFormat {
  for (const tag of [locale, 'en']) {
    try {
      return new Intl.NumberFormat(tag, { style: 'currency', currency });
    } catch {
      // A malformed locale tag: try English. A malformed currency code throws again below.
    }
  }
  // The API sent a currency code Intl rejects: show a plain number, the code is appended.
  return new Intl.NumberFormat('en', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}

function formatter(locale: string, currency: string): Intl.NumberFormat {
  const key = `${locale}|${currency}`;
  let nf = formatters.get(key);
  if (!nf) formatters.set(key, (nf = create(locale, currency)));
  return nf;
}

/** The currency's number of decimals, as Intl knows it (2 when it does not know the code). */
export function currencyDigits(currency: string): number {
  return formatter('en', currency).resolvedOptions().maximumFractionDigits ?? 2;
}

/** Formats an amount in minor units, e.g. (496, 'EUR', 'es') → "4,96 €". */
export function formatMoney(minor: number, currency: string, locale: string): string {
  const nf = formatter(locale, currency);
  const text = nf.format(minor / 10 ** currencyDigits(currency));
  return nf.resolvedOptions().style === 'currency' ? text : `${text} ${currency}`;
}
