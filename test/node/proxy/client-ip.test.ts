// The per-IP limit's bucket: IPv4 as is, IPv6 per /64, IPv4-mapped back to IPv4.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ipBucket } from '../../../proxy/client-ip.ts';
import { clientIp } from '../../../proxy/http.ts';

describe('ipBucket', () => {
  it('counts every address of one IPv6 /64 as one client, and other /64s apart', () => {
    const same = [
      '2001:db8:1:2::1',
      '2001:db8:1:2:ffff:ffff:ffff:ffff',
      '2001:0db8:0001:0002:1234:5678:9abc:def0',
      '2001:DB8:1:2:0:0:0:7',
      '[2001:db8:1:2::9]',
      '2001:db8:1:2::1%eth0',
    ];
    assert.deepEqual(new Set(same.map(ipBucket)), new Set(['2001:db8:1:2::/64']));
    assert.equal(ipBucket('2001:db8:1:3::1'), '2001:db8:1:3::/64');
    assert.equal(ipBucket('::1'), '0:0:0:0::/64');
    assert.equal(ipBucket('2001:db8::'), '2001:db8:0:0::/64');
    assert.equal(ipBucket('64:ff9b::192.0.2.1'), '64:ff9b:0:0::/64');
  });

  it('keeps IPv4 as is, and reads an IPv4-mapped IPv6 address as its IPv4 one', () => {
    assert.equal(ipBucket('203.0.113.7'), '203.0.113.7');
    assert.equal(ipBucket(' 203.0.113.7 '), '203.0.113.7');
    assert.equal(ipBucket('::ffff:203.0.113.7'), '203.0.113.7');
    assert.equal(ipBucket('::ffff:cb00:7107'), '203.0.113.7');
  });

  it('keeps what is not an address as its own bounded bucket', () => {
    for (const odd of [
      'unknown',
      '1:2:3',
      '1::2::3',
      'g::1',
      '1:2:3:4:5:6:7:8:9',
      '::ffff:1.2.3.999',
    ]) {
      assert.equal(ipBucket(odd), odd);
    }
    assert.equal(ipBucket(`${'a:'.repeat(100)}`).length, 64);
  });

  it('drops brackets and a zone from IPv4 too, and bounds any bucket to 64 characters', () => {
    assert.equal(ipBucket('[203.0.113.7]'), '203.0.113.7');
    assert.equal(ipBucket('203.0.113.7%eth0'), '203.0.113.7');
    assert.equal(ipBucket(` ${'9'.repeat(100)} `), '9'.repeat(64));
  });
});

describe('clientIp', () => {
  const from = (header: string | undefined, remoteAddress?: string) => ({
    env: { incoming: { socket: { remoteAddress } } },
    req: { header: (name: string) => (name === 'x-forwarded-for' ? header : undefined) },
  });

  it('takes the last hop of the trusted header, the one the trusted proxy wrote', () => {
    assert.equal(clientIp(from('6.6.6.6, 10.0.0.1'), 'x-forwarded-for'), '10.0.0.1');
    assert.equal(clientIp(from(' 6.6.6.6 ,10.0.0.2 '), 'x-forwarded-for'), '10.0.0.2');
    assert.equal(clientIp(from('10.0.0.3'), 'x-forwarded-for'), '10.0.0.3');
    assert.equal(
      clientIp(from('6.6.6.6, 2001:db8:1:2::5'), 'x-forwarded-for'),
      '2001:db8:1:2::/64',
    );
  });

  it('falls back to the connection when the header is missing, untrusted or ends empty', () => {
    assert.equal(clientIp(from(undefined, '192.0.2.9'), 'x-forwarded-for'), '192.0.2.9');
    assert.equal(clientIp(from('6.6.6.6, ', '192.0.2.9'), 'x-forwarded-for'), '192.0.2.9');
    assert.equal(clientIp(from('6.6.6.6', '192.0.2.9'), undefined), '192.0.2.9');
    assert.equal(clientIp(from(undefined), undefined), 'unknown');
  });
});
