/**
 * Which addresses a webhook may reach (API.md "Deadlines, notifications, webhooks"): public ones only,
 * unless WEBHOOK_ALLOW_HOSTS names the host or a CIDR holding the address. Pure: no framework, no DNS —
 * the caller resolves names and asks about each address (at registration, and again at delivery time
 * on the address the connection will actually use).
 *
 * Addresses are compared as numbers (IPv4: 32 bits, IPv6: 128 bits). IPv4-mapped (::ffff:a.b.c.d),
 * IPv4-compatible (::a.b.c.d) and NAT64 (64:ff9b::a.b.c.d) IPv6 addresses are judged by the IPv4
 * address they carry. Hostnames in URLs are normalised by the WHATWG URL parser first, so
 * `http://2130706433/`, `http://0x7f.1/` and `http://017700000001/` arrive here as 127.0.0.1.
 */

export type Family = 4 | 6;

interface Cidr {
  family: Family;
  base: bigint;
  bits: number;
  label: string;
}

const V4_BITS = 32;
const V6_BITS = 128;

/** a.b.c.d (each 0-255, plain decimal) → its number; anything else → undefined. */
export function parseIPv4(text: string): bigint | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let n = 0n;
  for (const p of parts) {
    if (!/^(0|[1-9]\d{0,2})$/.test(p) || Number(p) > 255) return undefined;
    n = (n << 8n) | BigInt(p);
  }
  return n;
}

/** An IPv6 address (with `::` and an optional dotted IPv4 tail, no zone, no brackets) → its number. */
export function parseIPv6(text: string): bigint | undefined {
  if (!/^[0-9a-f:.]+$/i.test(text) || text.length > 45) return undefined;
  let groups: string[];
  const tail4 = /(^|:)(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  let words: bigint[] = [];
  let head = text;
  if (tail4) {
    const v4 = parseIPv4(tail4[2]);
    if (v4 === undefined) return undefined;
    words = [v4 >> 16n, v4 & 0xffffn];
    head = text.slice(0, text.length - tail4[2].length);
    if (head.endsWith(':') && !head.endsWith('::')) head = head.slice(0, -1);
  }
  const want = 8 - words.length;
  const halves = head.split('::');
  if (halves.length > 2) return undefined;
  const split = (s: string) => (s === '' ? [] : s.split(':'));
  if (halves.length === 2) {
    const left = split(halves[0]);
    const right = split(halves[1]);
    if (left.length + right.length >= want) return undefined;
    groups = [...left, ...Array<string>(want - left.length - right.length).fill('0'), ...right];
  } else {
    groups = split(head);
    if (groups.length !== want) return undefined;
  }
  let n = 0n;
  for (const g of groups) {
    if (!/^[0-9a-f]{1,4}$/i.test(g)) return undefined;
    n = (n << 16n) | BigInt(parseInt(g, 16));
  }
  for (const w of words) n = (n << 16n) | w;
  return n;
}

/** An IP address in either family, `[…]` brackets allowed (a URL's hostname) → family and number. */
export function parseIP(text: string): { family: Family; value: bigint } | undefined {
  const bare = text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text;
  const v4 = parseIPv4(bare);
  if (v4 !== undefined) return { family: 4, value: v4 };
  const v6 = parseIPv6(bare);
  return v6 === undefined ? undefined : { family: 6, value: v6 };
}

/** `a.b.c.d/n`, `x::/n`, or a single address (/32, /128) → a range; anything else → undefined. */
export function parseCidr(text: string): Cidr | undefined {
  const [addr, bitsText, ...rest] = text.trim().split('/');
  if (rest.length > 0) return undefined;
  const ip = parseIP(addr);
  if (!ip) return undefined;
  const max = ip.family === 4 ? V4_BITS : V6_BITS;
  if (bitsText !== undefined && !/^\d{1,3}$/.test(bitsText)) return undefined;
  const bits = bitsText === undefined ? max : Number(bitsText);
  if (bits > max) return undefined;
  const shift = BigInt(max - bits);
  return { family: ip.family, base: (ip.value >> shift) << shift, bits, label: text.trim() };
}

const inRange = (family: Family, value: bigint, r: Cidr) =>
  r.family === family && value >> BigInt((family === 4 ? V4_BITS : V6_BITS) - r.bits) === r.base >> BigInt((family === 4 ? V4_BITS : V6_BITS) - r.bits);

const ranges = (list: [string, string][]) =>
  list.map(([cidr, why]) => ({ range: parseCidr(cidr) as Cidr, why }));

/** Every IPv4 range a webhook may not reach (IANA special-purpose registry, the ones that are not the public internet). */
const BLOCKED_V4 = ranges([
  ['0.0.0.0/8', 'the "this network" range'],
  ['10.0.0.0/8', 'a private address'],
  ['100.64.0.0/10', 'a carrier-grade NAT (shared) address'],
  ['127.0.0.0/8', 'a loopback address'],
  ['169.254.0.0/16', 'a link-local address (cloud metadata lives at 169.254.169.254)'],
  ['172.16.0.0/12', 'a private address'],
  ['192.0.0.0/24', 'an IETF protocol address'],
  ['192.0.2.0/24', 'a documentation address'],
  ['192.88.99.0/24', 'a 6to4 relay address'],
  ['192.168.0.0/16', 'a private address'],
  ['198.18.0.0/15', 'a benchmarking address'],
  ['198.51.100.0/24', 'a documentation address'],
  ['203.0.113.0/24', 'a documentation address'],
  ['224.0.0.0/4', 'a multicast address'],
  ['240.0.0.0/4', 'a reserved or broadcast address'],
]);

/** IPv6 ranges that carry an IPv4 address in their last 32 bits: judged by that address. */
const EMBEDS_V4 = ranges([
  ['::ffff:0:0/96', 'an IPv4-mapped address'],
  ['::/96', 'an IPv4-compatible address'],
  ['64:ff9b::/96', 'a NAT64 address'],
]);

const BLOCKED_V6 = ranges([
  ['::/128', 'the unspecified address'],
  ['::1/128', 'a loopback address'],
  ['64:ff9b:1::/48', 'a local-use NAT64 address'],
  ['100::/64', 'a discard-only address'],
  ['2001:db8::/32', 'a documentation address'],
  ['2002::/16', 'a 6to4 address'],
  ['fc00::/7', 'a unique-local (private) address'],
  ['fe80::/10', 'a link-local address'],
  ['fec0::/10', 'a site-local address'],
  ['ff00::/8', 'a multicast address'],
]);

/**
 * Why a webhook may not reach this address, or undefined when it is public. `address` is an IP
 * address as DNS or a URL gives it (brackets allowed); something that is no IP address is refused.
 */
export function blockedReason(address: string): string | undefined {
  const ip = parseIP(address);
  if (!ip) return 'not an IP address';
  if (ip.family === 4) return BLOCKED_V4.find((b) => inRange(4, ip.value, b.range))?.why;
  const hit = BLOCKED_V6.find((b) => inRange(6, ip.value, b.range));
  if (hit) return hit.why;
  const embeds = EMBEDS_V4.find((b) => inRange(6, ip.value, b.range));
  if (embeds) {
    const inner = ip.value & 0xffffffffn;
    const why = BLOCKED_V4.find((b) => inRange(4, inner, b.range))?.why;
    return why ? `${embeds.why} of ${why}` : undefined;
  }
  return undefined;
}

/** WEBHOOK_ALLOW_HOSTS, parsed: host names (lower case) and ranges. */
export interface AllowList {
  hosts: ReadonlySet<string>;
  ranges: readonly Cidr[];
}

const HOSTNAME = /^(?=.{1,253}$)([a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)(\.[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)*\.?$/i;

/** Parses WEBHOOK_ALLOW_HOSTS (comma-separated hosts, addresses or CIDRs); throws naming a bad entry. */
export function parseAllowList(text: string): AllowList {
  const hosts = new Set<string>();
  const list: Cidr[] = [];
  for (const raw of text.split(',')) {
    const entry = raw.trim();
    if (entry === '') continue;
    const range = parseCidr(entry);
    if (range) list.push(range);
    else if (HOSTNAME.test(entry) && !/^[\d.]+$/.test(entry)) hosts.add(entry.toLowerCase().replace(/\.$/, ''));
    else throw new Error(`WEBHOOK_ALLOW_HOSTS: "${entry}" is neither a host name, an IP address nor a CIDR`);
  }
  return { hosts, ranges: list };
}

/** The allow-list names this host (a URL's hostname, as the WHATWG URL parser normalised it). */
export function hostAllowed(allow: AllowList, hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, '');
  if (allow.hosts.has(host)) return true;
  const ip = parseIP(host);
  return !!ip && allow.ranges.some((r) => inRange(ip.family, ip.value, r));
}

/** Why a webhook may not connect to this address (after the allow-list), or undefined. */
export function addressRefusal(allow: AllowList, address: string): string | undefined {
  if (hostAllowed(allow, address)) return undefined;
  const why = blockedReason(address);
  return why ? `${address} is ${why}` : undefined;
}

/**
 * The first check of a webhook URL, before any DNS: http(s) only, no user name or password, a host.
 * Returns the parsed URL or why it is refused. The WHATWG parser normalises the host (IP spellings,
 * case, IDNA), so what is checked is what would be connected to.
 */
export function parseWebhookUrl(text: string): { url: URL } | { problem: string } {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { problem: 'url must be an absolute http:// or https:// URL' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { problem: 'url must be an http:// or https:// URL' };
  if (url.username !== '' || url.password !== '') return { problem: 'url must not carry a user name or password' };
  if (url.hostname === '') return { problem: 'url must name a host' };
  return { url };
}

/** A URL's hostname without IPv6 brackets, as DNS and sockets take it. */
export const bareHost = (url: URL): string => (url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname);
