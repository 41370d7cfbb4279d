/** @module Which IP addresses a webhook may be delivered to: public unicast only, unless the policy opens loopback or private networks. */
import ipaddr from 'ipaddr.js'

/**
 * What a deployment lets webhooks reach besides the public internet. Both are for development and
 * closed networks; link-local, multicast and reserved addresses stay refused whatever the policy says.
 */
export interface OutboundPolicy {
  /** 127.0.0.0/8 and ::1: a consumer on the same machine. */
  allowLoopback: boolean
  /** 10/8, 172.16/12, 192.168/16, 100.64/10 (carrier-grade NAT) and fc00::/7. */
  allowPrivate: boolean
}

type IPv4 = ipaddr.IPv4
type IPv6 = ipaddr.IPv6

// Cloud metadata services that live outside 169.254/16, inside ranges allowPrivate opens:
// AWS's IPv6 instance metadata (fd00:ec2::254) and Alibaba Cloud's (100.100.100.200).
// They hand out instance credentials, so they stay refused like 169.254.169.254.
const cloudMetadataAddresses = [ipaddr.parse('fd00:ec2::254'), ipaddr.parse('100.100.100.200')]

// Only 2000::/3 is allocated as global unicast. ipaddr.js calls every other unmatched IPv6 address
// 'unicast', but nothing legitimate answers there.
const globalUnicastIPv6 = ipaddr.parseCIDR('2000::/3')

const reasons = {
  loopback: 'a loopback address',
  private: 'a private address',
  linkLocal: 'a link-local address (cloud metadata)',
  cloudMetadata: 'a cloud metadata address',
  multicast: 'a multicast address',
  unspecified: 'an unspecified address',
  broadcast: 'a broadcast address',
  reserved: 'a reserved address',
  invalid: 'not an IP address',
} as const

/**
 * Why a webhook may not be sent to `ip`, as a phrase that completes "the address … is", or
 * undefined when it may. `ip` is a textual IPv4 or IPv6 address (a zone id like `%eth0` is allowed);
 * anything that does not parse is refused.
 *
 * @example forbiddenAddressReason('169.254.169.254', { allowLoopback: true, allowPrivate: true }) // 'a link-local address (cloud metadata)'
 */
export function forbiddenAddressReason(ip: string, policy: OutboundPolicy): string | undefined {
  let address: IPv4 | IPv6
  try {
    address = ipaddr.parse(ip)
  } catch {
    return reasons.invalid
  }
  return address.kind() === 'ipv4' ? ipv4Reason(address as IPv4, policy) : ipv6Reason(address as IPv6, policy)
}

function ipv4Reason(address: IPv4, policy: OutboundPolicy): string | undefined {
  if (isCloudMetadata(address)) return reasons.cloudMetadata
  const range = address.range()
  switch (range) {
    case 'unicast':
      return undefined
    case 'loopback':
      return policy.allowLoopback ? undefined : reasons.loopback
    case 'private':
    case 'carrierGradeNat':
      return policy.allowPrivate ? undefined : reasons.private
    case 'linkLocal':
      return reasons.linkLocal
    case 'multicast':
      return reasons.multicast
    case 'unspecified':
      return reasons.unspecified
    case 'broadcast':
      return reasons.broadcast
    default:
      // reserved (240/4, documentation and benchmarking nets, 192.0.0/24), as112, amt.
      return reasons.reserved
  }
}

function ipv6Reason(address: IPv6, policy: OutboundPolicy): string | undefined {
  // An IPv6 address that carries an IPv4 address is judged by the IPv4 address: the kernel or a
  // translator on the way delivers the packet there, so ::ffff:127.0.0.1 is the loopback.
  const embedded = embeddedIPv4(address)
  if (embedded !== undefined) return embedded === 'unknown' ? reasons.reserved : ipv4Reason(embedded, policy)
  if (isCloudMetadata(address)) return reasons.cloudMetadata
  const range = address.range()
  // The same verdicts as ipv4Reason, spelled again on purpose: ipaddr.js names IPv6's ranges
  // differently (uniqueLocal, no broadcast), and a shared table would hide which range is which.
  switch (range) {
    case 'unicast':
      return address.match(globalUnicastIPv6) ? undefined : reasons.reserved
    case 'loopback':
      return policy.allowLoopback ? undefined : reasons.loopback
    case 'uniqueLocal':
      return policy.allowPrivate ? undefined : reasons.private
    case 'linkLocal':
      return reasons.linkLocal
    case 'multicast':
      return reasons.multicast
    case 'unspecified':
      return reasons.unspecified
    default:
      // teredo, site-local, discard, documentation, orchid, benchmarking, segment routing and the rest.
      return reasons.reserved
  }
}

/**
 * The IPv4 address an IPv6 address stands for, 'unknown' when it stands for one we cannot locate,
 * or undefined when it is plain IPv6.
 */
function embeddedIPv4(address: IPv6): IPv4 | 'unknown' | undefined {
  const parts = address.parts
  const part = (index: number): number => parts[index] ?? 0
  const lastTwoParts = (): IPv4 => fromParts(part(6), part(7))
  const range = address.range()
  // ::ffff:a.b.c.d (mapped) and ::ffff:0:a.b.c.d (SIIT translated).
  if (range === 'ipv4Mapped' || range === 'rfc6145') return lastTwoParts()
  if (range === 'rfc6052') {
    // 64:ff9b::/96, the well-known NAT64 prefix, keeps the IPv4 address in the last 32 bits.
    // 64:ff9b:1::/48 is for local NAT64 prefixes of any length, so where the address sits is unknown.
    const isWellKnownPrefix = part(2) === 0 && part(3) === 0 && part(4) === 0 && part(5) === 0
    return isWellKnownPrefix ? lastTwoParts() : 'unknown'
  }
  // 2002:AABB:CCDD::/48 (6to4) tunnels to AA.BB.CC.DD.
  if (range === '6to4') return fromParts(part(1), part(2))
  // ::a.b.c.d, the deprecated IPv4-compatible form; :: and ::1 are themselves.
  const isIPv4Compatible = parts.slice(0, 6).every((p) => p === 0) && (part(6) !== 0 || part(7) > 1)
  if (isIPv4Compatible) return lastTwoParts()
  return undefined
}

function fromParts(high: number, low: number): IPv4 {
  return new ipaddr.IPv4([high >> 8, high & 0xff, low >> 8, low & 0xff])
}

function isCloudMetadata(address: IPv4 | IPv6): boolean {
  return cloudMetadataAddresses.some((metadata) => metadata.kind() === address.kind() && address.match(metadata, address.kind() === 'ipv4' ? 32 : 128))
}
