/**
 * The key a client is counted under by the per-IP limit. An IPv4 address is one client; an IPv6
 * client is counted per /64, the smallest block a provider hands one subscriber (RFC 6177), so a
 * single household cannot walk through 2^64 addresses of its own to dodge the limit. Pure, so it
 * is tested on its own and runs in any runtime.
 */

/** The eight 16-bit groups of an IPv6 address, or undefined when it is not one. */
function ipv6Groups(address: string): number[] | undefined {
  let text = address;
  // An embedded IPv4 tail (::ffff:192.0.2.1, 64:ff9b::192.0.2.1) becomes two groups.
  const v4 = /^(.*:)(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (v4) {
    const bytes = v4.slice(2).map(Number);
    if (bytes.some((b) => b > 255)) return undefined;
    const hex = (hi: number, lo: number) => ((hi << 8) | lo).toString(16);
    text = `${v4[1]}${hex(bytes[0]!, bytes[1]!)}:${hex(bytes[2]!, bytes[3]!)}`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const parse = (part: string) => (part === '' ? [] : part.split(':'));
  const head = parse(halves[0]!);
  const tail = halves.length === 2 ? parse(halves[1]!) : [];
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
  const groups = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...tail];
  if (!groups.every((g) => /^[0-9a-f]{1,4}$/i.test(g))) return undefined;
  return groups.map((g) => parseInt(g, 16));
}

/**
 * `203.0.113.7` → `203.0.113.7`; `2001:db8:1:2:aaaa::1` → `2001:db8:1:2::/64`; an IPv4-mapped
 * IPv6 address (`::ffff:203.0.113.7`, how a dual-stack socket reports IPv4) → the IPv4 address.
 * Brackets and a zone (`%eth0`) are dropped. Anything else is kept as given (at most 64
 * characters), so an unparseable value is still a bucket of its own.
 */
export function ipBucket(address: string): string {
  const trimmed = address.trim();
  // IPv4 (no brackets, zone nor colon), the common case: as it is, without the expressions below.
  if (!trimmed.includes(':') && !trimmed.includes('[') && !trimmed.includes('%')) {
    return trimmed.slice(0, 64);
  }
  const text = trimmed.replace(/^\[(.*)\]$/, '$1').replace(/%.*$/, '');
  if (!text.includes(':')) return text.slice(0, 64);
  const groups = ipv6Groups(text);
  if (!groups) return text.slice(0, 64);
  const mapped = groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff;
  if (mapped) {
    return [groups[6]! >> 8, groups[6]! & 255, groups[7]! >> 8, groups[7]! & 255].join('.');
  }
  return `${groups
    .slice(0, 4)
    .map((g) => g.toString(16))
    .join(':')}::/64`;
}
