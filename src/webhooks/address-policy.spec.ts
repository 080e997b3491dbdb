import { addressRefusal, blockedReason, hostAllowed, parseAllowList, parseCidr, parseIPv6, parseWebhookUrl } from './address-policy';

const hostOf = (text: string) => {
  const parsed = parseWebhookUrl(text);
  if ('problem' in parsed) throw new Error(parsed.problem);
  return parsed.url.hostname;
};

describe('webhook address policy', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.0.9', 'loopback'],
    ['10.0.0.1', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.10', 'private'],
    ['100.64.0.1', 'carrier-grade NAT'],
    ['169.254.169.254', 'link-local'],
    ['0.0.0.0', 'this network'],
    ['0.1.2.3', 'this network'],
    ['224.0.0.1', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    ['::1', 'loopback'],
    ['[::1]', 'loopback'],
    ['::', 'unspecified'],
    ['fe80::1', 'link-local'],
    ['febf:ffff::1', 'link-local'],
    ['fc00::1', 'unique-local'],
    ['fd12:3456::1', 'unique-local'],
    ['ff02::1', 'multicast'],
    ['::ffff:127.0.0.1', 'IPv4-mapped address of a loopback'],
    ['::ffff:7f00:1', 'IPv4-mapped address of a loopback'],
    ['::ffff:a9fe:a9fe', 'IPv4-mapped address of a link-local'],
    ['::ffff:10.1.2.3', 'IPv4-mapped address of a private'],
    ['64:ff9b::192.168.0.1', 'NAT64 address of a private'],
  ])('refuses %s (%s)', (address, why) => {
    expect(blockedReason(address)).toContain(why);
  });

  it.each(['93.184.216.34', '8.8.8.8', '172.32.0.1', '172.15.255.255', '100.128.0.1', '192.169.0.1', '2606:4700:4700::1111', '::ffff:8.8.8.8', '64:ff9b::8.8.8.8'])(
    'lets %s through (public)',
    (address) => {
      expect(blockedReason(address)).toBeUndefined();
    },
  );

  it('refuses what is no IP address at all', () => {
    expect(blockedReason('localhost')).toBe('not an IP address');
    expect(blockedReason('1.2.3')).toBe('not an IP address');
    expect(blockedReason('1:2:3:4:5:6:7:8:9')).toBe('not an IP address');
  });

  it('parses IPv6 with :: anywhere and an IPv4 tail', () => {
    expect(parseIPv6('::')).toBe(0n);
    expect(parseIPv6('1::')).toBe(1n << 112n);
    expect(parseIPv6('::ffff:1.2.3.4')).toBe((0xffffn << 32n) | 0x01020304n);
    expect(parseIPv6('1:2:3:4:5:6:7:8')).toBe(0x00010002000300040005000600070008n);
    expect(parseIPv6('1::2::3')).toBeUndefined();
    expect(parseIPv6('12345::')).toBeUndefined();
  });

  it('reads decimal, octal and hex IPv4 spellings in URLs as the address they mean (the WHATWG parser), so none slips through', () => {
    for (const url of ['http://2130706433/', 'http://0x7f.1/', 'http://017700000001/', 'http://127.1/', 'http://0x7f000001/', 'http://[::ffff:127.0.0.1]/']) {
      const host = hostOf(url);
      expect(blockedReason(host)).toMatch(/loopback/);
    }
    expect(blockedReason(hostOf('http://0xa9.0xfe.0xa9.0xfe/latest/meta-data'))).toMatch(/link-local/);
  });

  it('takes http(s) URLs without credentials only', () => {
    expect(parseWebhookUrl('ftp://example.org/x')).toEqual({ problem: 'url must be an http:// or https:// URL' });
    expect(parseWebhookUrl('file:///etc/passwd')).toEqual({ problem: 'url must be an http:// or https:// URL' });
    expect(parseWebhookUrl('https://user:pw@example.org/')).toEqual({ problem: 'url must not carry a user name or password' });
    expect(parseWebhookUrl('not a url')).toEqual({ problem: 'url must be an absolute http:// or https:// URL' });
    expect('url' in parseWebhookUrl('https://hooks.example.org/u4ssc?x=1')).toBe(true);
  });

  it('lets WEBHOOK_ALLOW_HOSTS name hosts, addresses and CIDRs', () => {
    const allow = parseAllowList(' 127.0.0.1, hooks.internal ,10.1.0.0/16, fd00::/8 ,');
    expect(addressRefusal(allow, '127.0.0.1')).toBeUndefined();
    expect(addressRefusal(allow, '127.0.0.2')).toContain('loopback');
    expect(addressRefusal(allow, '10.1.200.3')).toBeUndefined();
    expect(addressRefusal(allow, '10.2.0.1')).toContain('private');
    expect(addressRefusal(allow, 'fd12::1')).toBeUndefined();
    expect(hostAllowed(allow, 'HOOKS.internal.')).toBe(true);
    expect(hostAllowed(allow, 'other.internal')).toBe(false);
    expect(parseAllowList('')).toEqual({ hosts: new Set(), ranges: [] });
    expect(() => parseAllowList('10.0.0.0/33')).toThrow('"10.0.0.0/33"');
    expect(() => parseAllowList('http://x/')).toThrow('neither a host name');
    expect(parseCidr('10.1.2.3/8')?.base).toBe(10n << 24n);
  });
});
