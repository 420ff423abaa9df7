import { describe, expect, it } from 'vitest';
import { classifyAddress, createAllowList, isMetadataHostname, parseIp } from '../../src/ingest/http/address-policy.ts';

describe('address policy', () => {
  it.each([
    ['127.0.0.1', /loopback/],
    ['127.255.0.9', /loopback/],
    ['10.0.0.1', /private network \(10\.0\.0\.0\/8\)/],
    ['172.16.5.4', /private network \(172\.16\.0\.0\/12\)/],
    ['172.31.255.255', /private network/],
    ['192.168.1.1', /private network/],
    ['169.254.169.254', /cloud metadata service/],
    ['169.254.10.10', /link-local/],
    ['100.64.0.1', /carrier-grade NAT/],
    ['100.100.100.200', /carrier-grade NAT/],
    ['0.0.0.0', /unspecified/],
    ['224.0.0.251', /multicast/],
    ['239.255.255.250', /multicast/],
    ['255.255.255.255', /reserved/],
    ['198.18.0.1', /benchmarking/],
    ['::', /unspecified/],
    ['::1', /loopback/],
    ['fe80::1', /link-local/],
    ['fc00::1', /unique-local/],
    ['fd12:3456::1', /unique-local/],
    ['fd00:ec2::254', /cloud metadata service/],
    ['ff02::1', /multicast/],
    ['::ffff:127.0.0.1', /loopback .* inside an IPv6 address/],
    ['::ffff:7f00:1', /loopback .* inside an IPv6 address/],
    ['::ffff:169.254.169.254', /cloud metadata/],
    ['::10.0.0.1', /private network/],
    ['64:ff9b::10.1.2.3', /private network/],
    ['2002:c0a8:0101::1', /private network/],
    ['[::1]', /loopback/],
  ])('refuses %s', (address, reason) => {
    const v = classifyAddress(address);
    expect(v.allowed).toBe(false);
    expect(v.reason).toMatch(reason);
  });

  it.each(['93.184.216.34', '8.8.8.8', '172.32.0.1', '100.128.0.1', '2606:4700:4700::1111', '::ffff:93.184.216.34', '2002:5db8:d822::1'])(
    'allows the public address %s',
    (address) => {
      expect(classifyAddress(address)).toEqual({ allowed: true });
    },
  );

  it('refuses what is not an IP address', () => {
    expect(classifyAddress('example.com')).toMatchObject({ allowed: false, reason: 'not an IP address' });
    expect(parseIp('1.2.3')).toBeNull();
    expect(parseIp('2001:db8::1')).toHaveLength(16);
  });

  it('allow-lists addresses, CIDR ranges (v4-mapped too) and host names', () => {
    const allow = createAllowList(['127.0.0.1', '10.1.0.0/16', '::1', 'Feeds.Internal.', ' ']);
    expect(allow.allowsAddress('127.0.0.1')).toBe(true);
    expect(allow.allowsAddress('127.0.0.2')).toBe(false);
    expect(allow.allowsAddress('10.1.200.3')).toBe(true);
    expect(allow.allowsAddress('10.2.0.1')).toBe(false);
    expect(allow.allowsAddress('::ffff:10.1.0.9')).toBe(true);
    expect(allow.allowsAddress('::1')).toBe(true);
    expect(allow.allowsHost('feeds.internal')).toBe(true);
    expect(allow.allowsHost('other.internal')).toBe(false);
    expect(() => createAllowList(['10.0.0.0/33'])).toThrow(/not a valid CIDR/);
  });

  it('knows the cloud metadata host names', () => {
    expect(isMetadataHostname('metadata.google.internal.')).toBe(true);
    expect(isMetadataHostname('news.example.com')).toBe(false);
  });
});
