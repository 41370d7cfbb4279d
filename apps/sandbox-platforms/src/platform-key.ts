/**
 * @module The names of the platforms this package serves. Their own file because both the platform
 * definitions and the token store (whose grants belong to a platform) need them, and the definitions
 * already need the store's grant types: defined in either, the two would import each other.
 */

export type GenericPlatformKey = 'accounting' | 'banking' | 'commerce'
export type EmulatedPlatformKey = 'xero' | 'quickbooks' | 'shopify' | 'square'
export type PlatformKey = GenericPlatformKey | EmulatedPlatformKey
