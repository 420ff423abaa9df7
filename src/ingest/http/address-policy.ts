import { isIP } from 'node:net';

/**
 * Which network addresses outbound fetches may reach. Feeds and article URLs come from users and from other people's
 * web pages, so without this guard a URL could make Sitrep read the network it runs in (an SSRF): a router admin page,
 * a database port on localhost, a cloud metadata service that hands out credentials.
 */

/** Why an address is refused, in words a user can act on. */
export interface AddressVerdict {
  /** True when the address may be contacted. */
  allowed: boolean;
  /** The range that refused it, e.g. "private network (10.0.0.0/8)"; absent when allowed. */
  reason?: string;
}

interface Range {
  bytes: number[];
  bits: number;
  label: string;
  cidr: string;
}

function range(cidr: string, label: string): Range {
  const [addr, bits] = cidr.split('/') as [string, string];
  const bytes = parseIp(addr);
  if (!bytes) throw new Error(`bad CIDR ${cidr}`);
  return { bytes, bits: Number(bits), label, cidr };
}

// Ranges that are never a public web server. Cloud metadata services live in link-local (169.254.169.254,
// fd00:ec2::254 in the unique-local range) and CGNAT space (100.100.100.200), so these ranges cover them too.
const V4_BLOCKED: Range[] = [
  range('0.0.0.0/8', 'unspecified ("this network")'),
  range('10.0.0.0/8', 'private network'),
  range('100.64.0.0/10', 'carrier-grade NAT (shared address space)'),
  range('127.0.0.0/8', 'loopback'),
  range('169.254.169.254/32', 'cloud metadata service'),
  range('169.254.0.0/16', 'link-local'),
  range('172.16.0.0/12', 'private network'),
  range('192.0.0.0/24', 'IETF protocol assignments'),
  range('192.0.2.0/24', 'documentation'),
  range('192.168.0.0/16', 'private network'),
  range('198.18.0.0/15', 'benchmarking'),
  range('198.51.100.0/24', 'documentation'),
  range('203.0.113.0/24', 'documentation'),
  range('224.0.0.0/4', 'multicast'),
  range('240.0.0.0/4', 'reserved'),
];

const V6_BLOCKED: Range[] = [
  range('::/128', 'unspecified'),
  range('::1/128', 'loopback'),
  range('100::/64', 'discard-only'),
  range('2001:db8::/32', 'documentation'),
  range('fd00:ec2::254/128', 'cloud metadata service'),
  range('fc00::/7', 'unique-local (private network)'),
  range('fe80::/10', 'link-local'),
  range('fec0::/10', 'site-local'),
  range('ff00::/8', 'multicast'),
];

// IPv6 forms that carry an IPv4 address, which is then judged by the IPv4 rules: v4-mapped (::ffff:a.b.c.d),
// v4-compatible (::a.b.c.d), NAT64 (64:ff9b::a.b.c.d) and 6to4 (2002:aabb:ccdd::).
const V4_MAPPED = range('::ffff:0:0/96', '');
const V4_COMPATIBLE = range('::/96', '');
const NAT64 = range('64:ff9b::/96', '');
const SIX_TO_FOUR = range('2002::/16', '');

/** Parses an IPv4 or IPv6 literal (brackets allowed) into bytes; null when it is not one. */
export function parseIp(text: string): number[] | null {
  const s = text.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  const kind = isIP(s);
  if (kind === 4) return s.split('.').map(Number);
  if (kind !== 6) return null;
  let head = s;
  let tail: number[] = [];
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(s);
  if (v4) {
    tail = v4[1]!.split('.').map(Number);
    head = s.slice(0, -v4[1]!.length).replace(/:$/, s.endsWith(`::${v4[1]}`) ? ':' : '');
  }
  const groupsNeeded = (16 - tail.length) / 2;
  const [left, right] = head.includes('::') ? (head.split('::') as [string, string]) : [head, undefined];
  const l = left ? left.split(':').filter((g) => g !== '') : [];
  const r = right ? right.split(':').filter((g) => g !== '') : [];
  const zeros = right === undefined ? 0 : groupsNeeded - l.length - r.length;
  const groups = [...l, ...Array<string>(Math.max(0, zeros)).fill('0'), ...r];
  if (groups.length !== groupsNeeded) return null;
  const bytes: number[] = [];
  for (const g of groups) {
    const n = parseInt(g, 16);
    bytes.push(n >> 8, n & 0xff);
  }
  return [...bytes, ...tail];
}

function inRange(bytes: number[], r: Range): boolean {
  if (bytes.length !== r.bytes.length) return false;
  let bits = r.bits;
  for (let i = 0; bits > 0; i++, bits -= 8) {
    const mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
    if ((bytes[i]! & mask) !== (r.bytes[i]! & mask)) return false;
  }
  return true;
}

function embeddedV4(bytes: number[]): number[] | null {
  if (bytes.length !== 16) return null;
  if (inRange(bytes, V4_MAPPED) || inRange(bytes, NAT64)) return bytes.slice(12);
  // ::/96 also holds :: and ::1, which the IPv6 rules judge; only longer values are v4-compatible addresses.
  if (inRange(bytes, V4_COMPATIBLE) && bytes.slice(12).some((b, i) => (i < 3 ? b !== 0 : b > 1))) return bytes.slice(12);
  if (inRange(bytes, SIX_TO_FOUR)) return bytes.slice(2, 6);
  return null;
}

/** Classifies one address. Addresses that do not parse are refused. */
export function classifyAddress(address: string): AddressVerdict {
  const bytes = parseIp(address);
  if (!bytes) return { allowed: false, reason: 'not an IP address' };
  if (bytes.length === 4) {
    const hit = V4_BLOCKED.find((r) => inRange(bytes, r));
    return hit ? { allowed: false, reason: `${hit.label} (${hit.cidr})` } : { allowed: true };
  }
  const hit = V6_BLOCKED.find((r) => inRange(bytes, r));
  if (hit) return { allowed: false, reason: `${hit.label} (${hit.cidr})` };
  const v4 = embeddedV4(bytes);
  if (v4) {
    const inner = classifyAddress(v4.join('.'));
    return inner.allowed ? inner : { allowed: false, reason: `${inner.reason} inside an IPv6 address` };
  }
  return { allowed: true };
}

/** An explicit exemption list: host names, IP addresses and CIDR ranges (`SITREP_FETCH_ALLOW`). */
export interface AllowList {
  /** True when requests to this host name may skip the private-address guard. */
  allowsHost(hostname: string): boolean;
  /** True when this resolved address may be contacted even though it is private. */
  allowsAddress(address: string): boolean;
}

/** Builds an allow-list from entries like `127.0.0.1`, `10.1.0.0/16`, `::1`, `intranet.example`. Throws on a bad CIDR. */
export function createAllowList(entries: readonly string[]): AllowList {
  const hosts = new Set<string>();
  const ranges: Range[] = [];
  for (const raw of entries) {
    const e = raw.trim().toLowerCase();
    if (!e) continue;
    if (e.includes('/')) {
      const [addr, bits] = e.split('/') as [string, string];
      const bytes = parseIp(addr);
      const n = Number(bits);
      if (!bytes || !Number.isInteger(n) || n < 0 || n > bytes.length * 8) {
        throw new Error(`"${raw}" is not a valid CIDR range`);
      }
      ranges.push({ bytes, bits: n, label: 'allowed', cidr: e });
    } else if (parseIp(e)) {
      const bytes = parseIp(e)!;
      ranges.push({ bytes, bits: bytes.length * 8, label: 'allowed', cidr: e });
    } else {
      hosts.add(e.replace(/\.$/, ''));
    }
  }
  return {
    allowsHost: (hostname) => hosts.has(hostname.toLowerCase().replace(/\.$/, '')),
    allowsAddress(address) {
      const bytes = parseIp(address);
      if (!bytes) return false;
      const v4 = bytes.length === 16 ? embeddedV4(bytes) : null;
      return ranges.some((r) => inRange(bytes, r) || (v4 !== null && inRange(v4, r)));
    },
  };
}

/** Host names that name a cloud metadata service whatever they resolve to. */
export function isMetadataHostname(hostname: string): boolean {
  const h = hostname.toLowerCase().replace(/\.$/, '');
  return h === 'metadata' || h === 'metadata.google.internal' || h === 'metadata.goog' || h === 'instance-data' || h === 'instance-data.ec2.internal';
}
