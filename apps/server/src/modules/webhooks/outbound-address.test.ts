import { describe, expect, it } from 'vitest'
import { forbiddenAddressReason, type OutboundPolicy } from './outbound-address.js'

const strict: OutboundPolicy = { allowLoopback: false, allowPrivate: false }
const open: OutboundPolicy = { allowLoopback: true, allowPrivate: true }

describe('forbiddenAddressReason', () => {
  it.each([
    ['93.184.216.34'],
    ['8.8.8.8'],
    ['2606:2800:220:1:248:1893:25c8:1946'],
    ['::ffff:93.184.216.34'],
    ['64:ff9b::5db8:d822'],
    ['2002:5db8:d822::1'],
  ])('allows the public address %s', (ip) => {
    expect(forbiddenAddressReason(ip, strict)).toBeUndefined()
  })

  it.each([
    ['127.0.0.1'],
    ['127.255.0.9'],
    ['::1'],
    ['::ffff:127.0.0.1'],
    ['::ffff:7f00:1'],
    ['64:ff9b::127.0.0.1'],
    ['::127.0.0.1'],
  ])('refuses the loopback address %s unless loopback is allowed', (ip) => {
    expect(forbiddenAddressReason(ip, strict)).toBe('a loopback address')
    expect(forbiddenAddressReason(ip, { allowLoopback: false, allowPrivate: true })).toBe('a loopback address')
    expect(forbiddenAddressReason(ip, { allowLoopback: true, allowPrivate: false })).toBeUndefined()
  })

  it.each([
    ['10.0.0.5'],
    ['172.16.0.1'],
    ['172.31.255.255'],
    ['192.168.1.1'],
    ['100.64.0.1'],
    ['fd00::1'],
    ['fc00::1'],
    ['::ffff:10.0.0.5'],
    ['64:ff9b::a00:5'],
    ['2002:c0a8:101::1'],
  ])('refuses the private address %s unless private networks are allowed', (ip) => {
    expect(forbiddenAddressReason(ip, strict)).toBe('a private address')
    expect(forbiddenAddressReason(ip, { allowLoopback: true, allowPrivate: false })).toBe('a private address')
    expect(forbiddenAddressReason(ip, { allowLoopback: false, allowPrivate: true })).toBeUndefined()
  })

  it('keeps 172.15/16 and 172.32/16 public: only 172.16/12 is private', () => {
    expect(forbiddenAddressReason('172.15.255.255', strict)).toBeUndefined()
    expect(forbiddenAddressReason('172.32.0.1', strict)).toBeUndefined()
  })

  it.each([
    ['169.254.169.254', 'a link-local address (cloud metadata)'],
    ['::ffff:169.254.169.254', 'a link-local address (cloud metadata)'],
    ['::ffff:a9fe:a9fe', 'a link-local address (cloud metadata)'],
    ['64:ff9b::169.254.169.254', 'a link-local address (cloud metadata)'],
    ['fe80::1', 'a link-local address (cloud metadata)'],
    ['fe80::1%eth0', 'a link-local address (cloud metadata)'],
    ['fd00:ec2::254', 'a cloud metadata address'],
    ['100.100.100.200', 'a cloud metadata address'],
    ['224.0.0.1', 'a multicast address'],
    ['239.255.255.250', 'a multicast address'],
    ['ff02::1', 'a multicast address'],
    ['0.0.0.0', 'an unspecified address'],
    ['0.1.2.3', 'an unspecified address'],
    ['::', 'an unspecified address'],
    ['255.255.255.255', 'a broadcast address'],
    ['240.0.0.1', 'a reserved address'],
    ['192.0.2.10', 'a reserved address'],
    ['198.18.0.1', 'a reserved address'],
    ['2001:db8::1', 'a reserved address'],
    ['2001::1', 'a reserved address'],
    ['64:ff9b:1::a00:5', 'a reserved address'],
    ['fec0::1', 'a reserved address'],
    ['4000::1', 'a reserved address'],
    ['not-an-ip', 'not an IP address'],
    ['', 'not an IP address'],
  ])('refuses %s as %s, whatever the policy', (ip, reason) => {
    expect(forbiddenAddressReason(ip, strict)).toBe(reason)
    expect(forbiddenAddressReason(ip, open)).toBe(reason)
  })
})
