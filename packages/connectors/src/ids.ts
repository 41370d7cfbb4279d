/** @module Stable ids for the catalogue: the same key gives the same UUIDs on every install, with no table to seed. */
import { createHash } from 'node:crypto'

// Two namespaces so a platform's integrationId and sourceId differ; changing either string changes
// every id a client may already have stored, so they are fixed.
const INTEGRATION_NAMESPACE = 'linkway:integration:'
const SOURCE_NAMESPACE = 'linkway:source:'

/**
 * An RFC 9562 version 8 ("custom") UUID: the first 128 bits of SHA-256(namespace + key), with the
 * version nibble set to 8 and the variant bits to 10.
 */
function uuidFrom(namespace: string, key: string): string {
  const bytes = createHash('sha256').update(namespace + key, 'utf8').digest().subarray(0, 16)
  bytes[6] = (bytes[6]! & 0x0f) | 0x80
  bytes[8] = (bytes[8]! & 0x3f) | 0x80
  const hex = bytes.toString('hex')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}

/** @example integrationIdOf('gbol') // always the same uuid for Xero */
export function integrationIdOf(key: string): string {
  return uuidFrom(INTEGRATION_NAMESPACE, key)
}

/** @example sourceIdOf('gbol') // always the same uuid, never equal to integrationIdOf('gbol') */
export function sourceIdOf(key: string): string {
  return uuidFrom(SOURCE_NAMESPACE, key)
}
