/**
 * @module The platforms' own marks, from simple-icons (https://simpleicons.org, CC0-1.0): one
 * 24×24 path and its brand colour per platform that the set carries. A platform it does not carry
 * (FreeAgent, NetSuite, Business Central, TrueLayer, the sandboxes) keeps our monogram.
 */
import { siQuickbooks, siSage, siShopify, siSquare, siStripe, siXero, siZoho, type SimpleIcon } from 'simple-icons'

/**
 * The icons a connector may name in `brand.simpleIcon`, by slug. Named imports, not the whole set:
 * the mark is the icon as published, so a slug that simple-icons renames or withdraws fails the
 * build rather than rendering a monogram without notice.
 */
export const BRAND_ICONS = {
  xero: siXero,
  quickbooks: siQuickbooks,
  shopify: siShopify,
  stripe: siStripe,
  square: siSquare,
  sage: siSage,
  zoho: siZoho,
} as const satisfies Record<string, SimpleIcon>

export type BrandIconSlug = keyof typeof BRAND_ICONS

/** The path (24×24 viewBox) and colour (#rrggbb) to draw for a slug. */
export function brandIcon(slug: BrandIconSlug): { path: string; color: string; source: string } {
  const icon = BRAND_ICONS[slug]
  return { path: icon.path, color: `#${icon.hex}`, source: icon.source }
}
