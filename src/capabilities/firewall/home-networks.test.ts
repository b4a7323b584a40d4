import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseNetwork } from './firewall-plan.js';
import { detectHomeNetworks } from './home-networks.js';

describe('home networks', () => {
  it('computes canonical network addresses', () => {
    assert.equal(parseNetwork('192.168.1.23/24')?.cidr, '192.168.1.0/24');
    assert.equal(parseNetwork('172.16.5.4/12')?.cidr, '172.16.0.0/12');
    assert.equal(parseNetwork('fd00::2/64')?.cidr, 'fd00::/64');
    assert.equal(parseNetwork('fd12:3456:789a:1::20/64')?.cidr, 'fd12:3456:789a:1::/64');
    assert.equal(parseNetwork('10.0.0.300/8'), null);
  });

  it('takes private networks of the interfaces and never public ones or loopback', () => {
    const found = detectHomeNetworks({
      lo: [
        {
          address: '127.0.0.1',
          netmask: '255.0.0.0',
          family: 'IPv4',
          mac: '',
          internal: true,
          cidr: '127.0.0.1/8',
        },
      ],
      eth0: [
        {
          address: '192.168.178.20',
          netmask: '255.255.255.0',
          family: 'IPv4',
          mac: '',
          internal: false,
          cidr: '192.168.178.20/24',
        },
        {
          address: 'fd12:3456:789a:1::20',
          netmask: 'ffff:ffff:ffff:ffff::',
          family: 'IPv6',
          mac: '',
          internal: false,
          cidr: 'fd12:3456:789a:1::20/64',
          scopeid: 0,
        },
      ],
      wan: [
        {
          address: '203.0.113.7',
          netmask: '255.255.255.0',
          family: 'IPv4',
          mac: '',
          internal: false,
          cidr: '203.0.113.7/24',
        },
      ],
    });
    assert.deepEqual(found, ['192.168.178.0/24', 'fd12:3456:789a:1::/64', 'fe80::/10']);
  });
});
