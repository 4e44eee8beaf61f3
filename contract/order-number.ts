/**
 * An order number in the one form the widget sends, the proxy counts and forwards, and REVER
 * receives. Shoppers copy it from their confirmation email as "#1001", " 1001. " or with
 * full-width digits; each of those is order 1001.
 *
 * NFKC (full-width digits and signs become ASCII), trimmed, one leading "#" and one trailing "."
 * dropped, and inner runs of whitespace collapsed to one space.
 */
export function normalizeOrderNumber(raw: string): string {
  return raw
    .normalize('NFKC')
    .trim()
    .replace(/^#\s*/, '')
    .replace(/\.$/, '')
    .trim()
    .replace(/\s+/g, ' ');
}
