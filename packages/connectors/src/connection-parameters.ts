/** @module What the person types before authorizing (e.g. Shopify's store name), normalized and checked against the declared pattern. */
import type { ConnectionParameter } from './connector.js'

/**
 * The value as the platform expects it. People paste what their browser shows, so Shopify's store
 * name also accepts `https://acme.myshopify.com/`, `acme.myshopify.com/admin` and
 * `admin.shopify.com/store/acme`, all giving `acme`.
 */
export function normalizeConnectionParameter(parameter: Pick<ConnectionParameter, 'normalize'>, input: string): string {
  const trimmed = input.trim()
  if (parameter.normalize !== 'shopify-shop') return trimmed
  let value = trimmed.toLowerCase().replace(/^https?:\/\//, '')
  const adminStore = /^admin\.shopify\.com\/store\/([^/?#]+)/.exec(value)
  if (adminStore) value = adminStore[1]!
  return value.replace(/[/?#].*$/, '').replace(/\.myshopify\.com$/, '')
}

/**
 * The normalized value when it matches the parameter's pattern in full, otherwise undefined.
 *
 * @example
 * parseConnectionParameter(shopParameter, 'Acme-Outdoors.myshopify.com') // 'acme-outdoors'
 * parseConnectionParameter(shopParameter, 'acme outdoors') // undefined
 */
export function parseConnectionParameter(parameter: Pick<ConnectionParameter, 'normalize' | 'pattern'>, input: string): string | undefined {
  const value = normalizeConnectionParameter(parameter, input)
  return new RegExp(`^(?:${parameter.pattern})$`).test(value) ? value : undefined
}
